"""Issue #16 item 1: the OAuth state is bound to the browser (and admin) that pressed Connect.

Connect sets a `__Host-` cookie holding a nonce; only the nonce's hash (with tenant and user) is
stored with the state. A callback from any other browser is refused before the code is exchanged,
so nothing is connected, claimed or stored.
"""
from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from chalicelib.quickbooks.oauth import browser_hash
from tests.integration.connect.conftest import json_body


def _nothing_connected(container, studio, realm_id: str) -> bool:
    tenant = container.models.Tenant.get(studio.tenant_id)
    claimed = container.models.RealmClaim.count(realm_id)
    return tenant.connection_status == "not_connected" and tenant.realm_id is None and claimed == 0


def test_connect_sets_a_host_cookie_whose_nonce_is_stored_only_as_a_hash(studio, container):
    reply = studio.start_connect()
    cookie = reply.headers["Set-Cookie"]
    assert cookie.startswith("__Host-classbooks-oauth=")
    assert all(flag in cookie for flag in ("Path=/", "Secure", "HttpOnly", "SameSite=Lax"))
    nonce = cookie.split(";", 1)[0].split("=", 1)[1]
    state = parse_qs(urlparse(reply.headers["Location"]).query)["state"][0]
    stored = container.models.OAuthState.get(state)
    assert stored.browser_hash == browser_hash(nonce, studio.tenant_id, "admin-1")
    assert nonce not in str(stored.attribute_values)


def test_a_callback_completed_in_another_browser_connects_nothing(studio, intuit, container):
    started = studio.start_connect()
    params = intuit.authorize(started.headers["Location"], intuit.realms["plus"])
    reply = studio.callback(params, accept="application/json", cookie="")
    assert (reply.status_code, json_body(reply)["error"]) == (400, "state_not_this_browser")
    assert _nothing_connected(container, studio, intuit.realms["plus"])


def test_a_callback_with_another_connects_cookie_connects_nothing(studio, intuit, container):
    studio.start_connect()
    mine = studio.browser_cookie
    started = studio.start_connect(user="admin-2")  # someone else's Connect, in their own browser
    params = intuit.authorize(started.headers["Location"], intuit.realms["plus"])
    reply = studio.callback(params, accept="application/json", cookie=mine)
    assert json_body(reply)["error"] == "state_not_this_browser"
    assert _nothing_connected(container, studio, intuit.realms["plus"])


def test_the_refused_browser_does_not_spend_the_state_for_the_real_one(studio, intuit, container):
    started = studio.start_connect()
    params = intuit.authorize(started.headers["Location"], intuit.realms["plus"])
    assert studio.callback(params, cookie="__Host-classbooks-oauth=forged").status_code == 400
    assert studio.callback(params).status_code == 302
    assert container.models.Tenant.get(studio.tenant_id).connection_status == "connected"


def test_a_finished_callback_clears_the_binding_cookie(studio, intuit):
    reply = studio.connect("plus")
    assert reply.status_code == 302
    assert reply.headers["Set-Cookie"].startswith("__Host-classbooks-oauth=;")
    assert "Max-Age=0" in reply.headers["Set-Cookie"]
