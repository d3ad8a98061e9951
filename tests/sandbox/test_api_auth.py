"""Bearer tokens on the Accounting API: 401 AuthenticationFailed (3200), 403 for other realms."""
from __future__ import annotations

import pytest
from intuitlib.exceptions import AuthClientError
from quickbooks.exceptions import AuthorizationException, QuickbooksException
from quickbooks.objects.account import Account

from .helpers import qbo


def _raw(qb, path: str):
    return qb.session.request("GET", f"{qb.api_url}/company/{qb.company_id}/{path}",
                              headers={"Authorization": "Bearer " + qb.session.access_token,
                                       "Accept": "application/json"},
                              params={"minorversion": 75})


def test_access_token_expires_after_one_hour(control, plus_qb):
    Account.all(qb=plus_qb)
    control.advance(3600)
    with pytest.raises(AuthorizationException) as err:
        Account.all(qb=plus_qb)
    assert err.value.error_code == 401


def test_expired_token_gets_intuits_authentication_failed_body(control, plus_qb):
    control.advance(3601)
    response = _raw(plus_qb, "companyinfo/" + plus_qb.company_id)
    error = response.json()["fault"]["error"][0]
    assert response.status_code == 401
    assert error["code"] == "3200"
    assert error["message"] == "message=AuthenticationFailed; errorCode=003200; statusCode=401"
    assert response.json()["fault"]["type"] == "AUTHENTICATION"


def test_missing_bearer_token_is_401(plus_qb):
    response = plus_qb.session.request(
        "GET", f"{plus_qb.api_url}/company/{plus_qb.company_id}/preferences",
        headers={"Authorization": "Basic abc"}, withhold_token=True)
    assert response.status_code == 401


def test_refreshed_access_token_works_after_the_old_one_expired(seeded, control, plus_auth):
    control.advance(3601)
    plus_auth.refresh()
    assert Account.all(qb=qbo(seeded, plus_auth, seeded.plus_realm))


def test_revoked_grant_turns_api_calls_into_401(plus_auth, plus_qb):
    plus_auth.revoke()
    with pytest.raises(AuthorizationException) as err:
        Account.all(qb=plus_qb)
    assert err.value.error_code == 401


def test_company_disconnected_from_quickbooks_turns_api_calls_into_401(seeded, control,
                                                                        plus_qb, plus_auth):
    control.call("POST", f"/companies/{seeded.plus_realm}/disconnect")
    with pytest.raises(AuthorizationException):
        Account.all(qb=plus_qb)
    with pytest.raises(AuthClientError):
        plus_auth.refresh()


def test_token_for_one_company_is_forbidden_on_another(seeded, plus_auth):
    other = qbo(seeded, plus_auth, seeded.essentials_realm)
    with pytest.raises(QuickbooksException) as err:
        Account.all(qb=other)
    assert "403" in err.value.message
    response = _raw(other, "preferences")
    assert response.json()["fault"]["error"][0]["code"] == "3100"
