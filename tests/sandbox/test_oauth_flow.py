"""Intuit OAuth 2.0: discovery, the authorize pages, the redirect, code rules."""
from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
import requests
from intuitlib.client import AuthClient
from intuitlib.enums import Scopes
from intuitlib.exceptions import AuthClientError

from .helpers import authorize, parse_page


def _client(seeded, redirect_uri=None) -> AuthClient:
    return AuthClient(seeded.client_id, seeded.client_secret,
                      redirect_uri or seeded.redirect_uri, seeded.discovery_url)


def _code(seeded, client: AuthClient) -> str:
    """A fresh authorization code for the Plus company (accounting scope), not yet exchanged."""
    url = client.get_authorization_url([Scopes.ACCOUNTING])
    return authorize(seeded.base_url, url, seeded.email, seeded.password, seeded.plus_realm)["code"][0]


def test_discovery_document_lists_every_endpoint_intuit_publishes(seeded):
    doc = requests.get(seeded.discovery_url, timeout=5).json()
    for key in ("issuer", "authorization_endpoint", "token_endpoint", "userinfo_endpoint",
                "revocation_endpoint", "jwks_uri"):
        assert doc[key].startswith(seeded.base_url)


def test_auth_client_configures_itself_from_the_discovery_url(seeded):
    client = _client(seeded)
    assert client.token_endpoint.endswith("/oauth2/v1/tokens/bearer")
    assert client.revoke_endpoint.endswith("/v2/oauth2/tokens/revoke")
    assert client.user_info_url.endswith("/v1/openid_connect/userinfo")


def test_authorize_page_is_accessible_html_with_labelled_fields(seeded):
    url = _client(seeded).get_authorization_url([Scopes.ACCOUNTING])
    page = requests.get(url, timeout=5)
    parsed = parse_page(page.text)
    assert page.headers["Content-Type"].startswith("text/html")
    assert parsed.lang == "en"
    assert parsed.labels["email"].strip() == "Email"
    assert parsed.labels["password"].strip() == "Password"
    assert {b["value"] for b in parsed.forms[0]["buttons"]} == {"signin", "cancel"}


def test_user_with_several_companies_is_asked_to_pick_one(seeded):
    url = _client(seeded).get_authorization_url([Scopes.ACCOUNTING])
    session = requests.Session()
    sign_in = parse_page(session.get(url, timeout=5).text)
    consent = session.post(seeded.base_url + sign_in.forms[0]["action"],
                           data={**sign_in.hidden(), "email": seeded.email,
                                 "password": seeded.password, "action": "signin"}, timeout=5)
    radios = [i for i in parse_page(consent.text).forms[0]["inputs"] if i.get("type") == "radio"]
    assert {r["value"] for r in radios} == {seeded.essentials_realm, seeded.plus_realm}
    assert "<legend>Choose a company</legend>" in consent.text
    assert all(f"realm-{r['value']}" in parse_page(consent.text).labels for r in radios)


def test_connect_redirects_with_code_state_and_realm_id(seeded):
    client = _client(seeded)
    url = client.get_authorization_url([Scopes.ACCOUNTING], state_token="st-123")
    params = authorize(seeded.base_url, url, seeded.email, seeded.password, seeded.plus_realm)
    assert params["state"] == ["st-123"]
    assert params["realmId"] == [seeded.plus_realm]
    assert len(params["code"][0]) <= 512


def test_cancel_on_consent_redirects_with_access_denied_and_state(seeded):
    url = _client(seeded).get_authorization_url([Scopes.ACCOUNTING], state_token="st-cancel")
    params = authorize(seeded.base_url, url, seeded.email, seeded.password, seeded.plus_realm,
                       action="cancel")
    assert params == {"error": ["access_denied"], "state": ["st-cancel"]}


def test_cancel_on_sign_in_redirects_with_access_denied_and_state(seeded):
    url = _client(seeded).get_authorization_url([Scopes.ACCOUNTING], state_token="st-early")
    params = authorize(seeded.base_url, url, "", "", action="cancel-signin")
    assert params == {"error": ["access_denied"], "state": ["st-early"]}


def test_wrong_password_rerenders_sign_in_with_an_announced_error(seeded):
    url = _client(seeded).get_authorization_url([Scopes.ACCOUNTING])
    session = requests.Session()
    sign_in = parse_page(session.get(url, timeout=5).text)
    again = session.post(seeded.base_url + sign_in.forms[0]["action"],
                         data={**sign_in.hidden(), "email": seeded.email, "password": "nope",
                               "action": "signin"}, allow_redirects=False, timeout=5)
    assert again.status_code == 401
    assert parse_page(again.text).alerts == ["Incorrect email or password."]


def test_unregistered_redirect_uri_gets_an_error_page_not_a_redirect(seeded):
    url = _client(seeded, "https://evil.example/cb").get_authorization_url([Scopes.ACCOUNTING])
    page = requests.get(url, allow_redirects=False, timeout=5)
    assert page.status_code == 400 and "Location" not in page.headers


def test_unknown_scope_redirects_with_invalid_scope(seeded):
    url = _client(seeded).get_authorization_url([Scopes.ACCOUNTING]).replace(
        "com.intuit.quickbooks.accounting", "bogus.scope")
    page = requests.get(url, allow_redirects=False, timeout=5)
    assert parse_qs(urlparse(page.headers["Location"]).query)["error"] == ["invalid_scope"]


def test_code_exchange_returns_intuits_token_fields(seeded):
    client = _client(seeded)
    url = client.get_authorization_url([Scopes.ACCOUNTING])
    params = authorize(seeded.base_url, url, seeded.email, seeded.password, seeded.plus_realm)
    client.get_bearer_token(params["code"][0], realm_id=params["realmId"][0])
    assert client.expires_in == 3600
    assert client.x_refresh_token_expires_in == 100 * 86400
    assert client.access_token and client.refresh_token and client.id_token is None
    assert client.realm_id == seeded.plus_realm


def test_openid_scope_adds_an_id_token_that_intuit_oauth_validates(seeded):
    client = _client(seeded)
    url = client.get_authorization_url([Scopes.ACCOUNTING, Scopes.OPENID, Scopes.EMAIL])
    params = authorize(seeded.base_url, url, seeded.email, seeded.password, seeded.plus_realm)
    client.get_bearer_token(params["code"][0], realm_id=params["realmId"][0])
    assert client.id_token  # set only when signature, issuer, audience and expiry check out


def test_authorization_code_is_single_use(seeded):
    client = _client(seeded)
    code = _code(seeded, client)
    client.get_bearer_token(code)
    with pytest.raises(AuthClientError) as err:
        client.get_bearer_token(code)
    assert err.value.status_code == 400 and err.value.response.json() == {"error": "invalid_grant"}


def test_replaying_a_code_revokes_the_tokens_it_produced(seeded):
    client = _client(seeded)
    code = _code(seeded, client)
    client.get_bearer_token(code)
    with pytest.raises(AuthClientError):
        client.get_bearer_token(code)
    with pytest.raises(AuthClientError) as err:
        client.refresh()
    assert err.value.response.json()["error"] == "invalid_grant"


def test_authorization_code_expires_after_five_minutes(seeded, control):
    client = _client(seeded)
    code = _code(seeded, client)
    control.advance(301)
    with pytest.raises(AuthClientError) as err:
        client.get_bearer_token(code)
    assert err.value.response.json() == {"error": "invalid_grant"}


def test_code_exchange_with_a_different_redirect_uri_is_invalid_grant(seeded, control):
    control.call("POST", "/apps", {"client_id": seeded.client_id,
                                   "client_secret": seeded.client_secret,
                                   "redirect_uris": [seeded.redirect_uri, "http://127.0.0.1/b"]})
    client = _client(seeded)
    code = authorize(seeded.base_url, client.get_authorization_url([Scopes.ACCOUNTING]),
                     seeded.email, seeded.password, seeded.plus_realm)["code"][0]
    other = _client(seeded, "http://127.0.0.1/b")
    with pytest.raises(AuthClientError) as err:
        other.get_bearer_token(code)
    assert err.value.response.json() == {"error": "invalid_grant"}
