"""The callback's refusals, as the admin's browser meets them.

With a valid state the callback knows the studio: it sends the browser back to the studio's page
(`?step=connect&error=<code>`) and keeps the JSON error in the 302's body. A state that names no
studio (unknown, used, expired) gets a small HTML page that names none.
"""
from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import parse_qs, urlparse

from chalicelib.page.messages import STATE_REFUSED
from tests.integration.connect.conftest import PUBLIC_BASE, json_body


def _stores_nothing(container, studio) -> bool:
    tenant = container.models.Tenant.get(studio.tenant_id)
    return (tenant.connection_status == "not_connected" and tenant.realm_id is None
            and container.models.Token.count(studio.tenant_id) == 0)


def refused_to_the_page(reply: Any, studio: Any, code: str) -> dict[str, Any]:
    """A refusal for a known studio: 302 to its page with the code; the JSON error in the body."""
    assert reply.status_code == 302, reply.body
    assert reply.headers["Location"] == (f"{PUBLIC_BASE}/v1/tenants/{studio.tenant_id}/quickbooks/page"
                                         f"?step=connect&error={code}")
    body = json_body(reply)
    assert (body["error"], body["location"]) == (code, reply.headers["Location"])
    return body


def refused_without_a_studio(reply: Any, studio: Any) -> str:
    """A refusal of the state itself: a small HTML page that names no studio."""
    assert reply.status_code == 400
    assert reply.headers["Content-Type"].startswith("text/html")
    html = reply.body.decode()
    assert escape(STATE_REFUSED) in html and studio.tenant_id not in html
    return html


def _issued(studio: Any, intuit: Any) -> dict[str, str]:
    started = studio.start_connect()
    return intuit.authorize(started.headers["Location"], intuit.realms["plus"])


def test_a_replayed_state_gets_the_html_refusal_and_changes_nothing(studio, intuit):
    params = _issued(studio, intuit)
    assert studio.callback(params).status_code == 302
    html = refused_without_a_studio(studio.callback(params), studio)
    assert "already used" in html
    assert 'href="/v1/quickbooks/page?step=connect"' in html


def test_a_client_asking_for_json_alone_gets_the_state_refusal_as_json(studio, intuit):
    params = _issued(studio, intuit)
    studio.callback(params)
    replay = studio.callback(params, accept="application/json")
    assert (replay.status_code, json_body(replay)["error"]) == (400, "invalid_state")
    assert "already used" in json_body(replay)["message"]


def test_an_expired_state_gets_the_html_refusal_and_stores_nothing(studio, intuit, container, clock):
    params = _issued(studio, intuit)
    clock.advance(minutes=10, seconds=1)
    assert "expired" in refused_without_a_studio(studio.callback(params), studio)
    assert _stores_nothing(container, studio)


def test_a_state_this_service_never_issued_gets_the_html_refusal_and_stores_nothing(studio, intuit, container):
    params = _issued(studio, intuit)
    refused_without_a_studio(studio.callback({**params, "state": "forged-" + params["state"]}), studio)
    assert _stores_nothing(container, studio)


def test_cancelling_at_intuit_sends_the_admin_back_to_the_page_and_stores_nothing(studio, container):
    started = studio.start_connect()
    state = parse_qs(urlparse(started.headers["Location"]).query)["state"][0]
    body = refused_to_the_page(studio.callback({"error": "access_denied", "state": state}), studio,
                               "authorization_cancelled")
    assert body["message"].startswith("You cancelled the connection at Intuit")
    assert _stores_nothing(container, studio)


def test_another_intuit_error_is_reported_without_echoing_its_text(studio):
    started = studio.start_connect()
    state = parse_qs(urlparse(started.headers["Location"]).query)["state"][0]
    body = refused_to_the_page(studio.callback({"error": "server_error<script>", "state": state}), studio,
                               "authorization_denied")
    assert "<script>" not in body["message"]


def test_a_realm_connected_to_another_studio_sends_the_admin_back_with_a_clear_message(studio, api, container,
                                                                                      intuit):
    from tests.integration.connect.conftest import Studio

    assert studio.connect("plus").status_code == 302
    other = Studio(api, container, intuit, studio.tenant_id + "-other")
    other.profile()
    body = refused_to_the_page(other.connect("plus"), other, "realm_already_connected")
    assert "Northside Dance Academy" in body["message"] and "already connected to another studio" in body["message"]
    assert _stores_nothing(container, other)
    assert studio.status()["connection"]["status"] == "connected"


def test_a_plan_below_essentials_sends_the_admin_back_with_the_reason_and_the_grant_revoked(studio, intuit,
                                                                                           container):
    intuit.company("simple", "Tiny Tumblers", "SimpleStart")
    body = refused_to_the_page(studio.connect("simple"), studio, "plan_not_supported")
    assert "QuickBooks Online Simple Start is not supported" in body["message"]
    assert "Essentials or higher" in body["message"]
    assert _stores_nothing(container, studio)
    assert container.models.RealmClaim.count(intuit.realms["simple"]) == 0


def test_a_studio_no_longer_eligible_at_the_callback_is_sent_back_to_the_page(studio, intuit, container):
    params = _issued(studio, intuit)
    studio.profile(onboarding=True)
    body = refused_to_the_page(studio.callback(params), studio, "not_eligible")
    assert "onboarding" in body["message"]
    assert _stores_nothing(container, studio)
