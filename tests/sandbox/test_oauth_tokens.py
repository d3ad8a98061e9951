"""Intuit OAuth 2.0 tokens: client auth, grant errors, refresh rotation and lifetimes, revoke."""
from __future__ import annotations

import pytest
import requests
from intuitlib.client import AuthClient
from intuitlib.enums import Scopes
from intuitlib.exceptions import AuthClientError

from .helpers import authorize, connect


def _token_endpoint(seeded) -> str:
    return requests.get(seeded.discovery_url, timeout=5).json()["token_endpoint"]


def _error(err: pytest.ExceptionInfo) -> str:
    return err.value.response.json()["error"]


def test_wrong_client_secret_is_invalid_client_with_401(seeded):
    good = connect(seeded, seeded.plus_realm)
    bad = AuthClient(seeded.client_id, "wrong", seeded.redirect_uri, seeded.discovery_url)
    with pytest.raises(AuthClientError) as err:
        bad.refresh(refresh_token=good.refresh_token)
    assert err.value.status_code == 401 and _error(err) == "invalid_client"


def test_unknown_grant_type_is_unsupported_grant_type(seeded):
    response = requests.post(_token_endpoint(seeded), data={"grant_type": "password"},
                             auth=(seeded.client_id, seeded.client_secret), timeout=5)
    assert response.status_code == 400
    assert response.json() == {"error": "unsupported_grant_type"}


def test_refresh_without_a_token_is_invalid_request(seeded):
    response = requests.post(_token_endpoint(seeded), data={"grant_type": "refresh_token"},
                             auth=(seeded.client_id, seeded.client_secret), timeout=5)
    assert response.status_code == 400 and response.json() == {"error": "invalid_request"}


def test_refresh_returns_a_new_refresh_token_and_new_access_token(seeded):
    client = connect(seeded, seeded.plus_realm)
    old_refresh, old_access = client.refresh_token, client.access_token
    client.refresh()
    assert client.refresh_token != old_refresh and client.access_token != old_access
    assert client.expires_in == 3600


def test_superseded_refresh_token_gets_invalid_grant(seeded):
    client = connect(seeded, seeded.plus_realm)
    old = client.refresh_token
    client.refresh()
    with pytest.raises(AuthClientError) as err:
        client.refresh(refresh_token=old)
    assert _error(err) == "invalid_grant"


def test_every_24h_policy_keeps_the_refresh_token_until_it_is_a_day_old(seeded, control):
    control.call("POST", "/apps", {"client_id": seeded.client_id,
                                   "client_secret": seeded.client_secret,
                                   "redirect_uris": [seeded.redirect_uri],
                                   "refresh_rotation": "every_24h"})
    client = connect(seeded, seeded.plus_realm)
    first = client.refresh_token
    client.refresh()
    assert client.refresh_token == first
    control.advance(86400)
    client.refresh()
    assert client.refresh_token != first


def test_refresh_token_unused_for_100_days_expires(seeded, control):
    client = connect(seeded, seeded.plus_realm)
    control.advance(100 * 86400)
    with pytest.raises(AuthClientError) as err:
        client.refresh()
    assert _error(err) == "invalid_grant"


def test_refresh_token_lifetime_rolls_forward_on_each_refresh(seeded, control):
    client = connect(seeded, seeded.plus_realm)
    for _ in range(3):
        control.advance(99 * 86400)
        client.refresh()
    assert client.x_refresh_token_expires_in == 100 * 86400


def test_refresh_tokens_stop_at_the_five_year_maximum(seeded, control):
    client = connect(seeded, seeded.plus_realm)
    for _ in range(18):  # 18 x 99 days = 1782 days, inside five years
        control.advance(99 * 86400)
        client.refresh()
    assert client.x_refresh_token_expires_in < 100 * 86400
    control.advance(client.x_refresh_token_expires_in + 1)
    with pytest.raises(AuthClientError) as err:
        client.refresh()
    assert _error(err) == "invalid_grant"


def test_revoke_disconnects_the_whole_grant(seeded):
    client = connect(seeded, seeded.plus_realm)
    refresh = client.refresh_token
    assert client.revoke(token=client.access_token) is True
    with pytest.raises(AuthClientError) as err:
        client.refresh(refresh_token=refresh)
    assert _error(err) == "invalid_grant"


def test_revoking_an_already_revoked_token_is_refused(seeded):
    client = connect(seeded, seeded.plus_realm)
    client.revoke()
    with pytest.raises(AuthClientError) as err:
        client.revoke()
    assert err.value.status_code == 400


def test_userinfo_returns_the_signed_in_user_for_openid_email_scope(seeded):
    client = connect(seeded, seeded.plus_realm, [Scopes.OPENID, Scopes.EMAIL, Scopes.PROFILE,
                                                 Scopes.ACCOUNTING])
    info = client.get_user_info().json()
    assert info["email"] == seeded.email and info["emailVerified"] is True
    assert info["givenName"] == "Studio" and info["sub"]


def test_userinfo_without_openid_scope_is_forbidden(seeded):
    client = connect(seeded, seeded.plus_realm)
    with pytest.raises(AuthClientError) as err:
        client.get_user_info()
    assert err.value.status_code == 403


def test_tokens_belong_to_the_company_chosen_on_the_consent_page(seeded):
    client = AuthClient(seeded.client_id, seeded.client_secret, seeded.redirect_uri,
                        seeded.discovery_url)
    params = authorize(seeded.base_url, client.get_authorization_url([Scopes.ACCOUNTING]),
                       seeded.email, seeded.password, seeded.essentials_realm)
    assert params["realmId"] == [seeded.essentials_realm]
