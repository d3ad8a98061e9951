"""Connect: Intuit's authorize flow through the HTTP API, and every refusal on the way."""
from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from tests.integration.connect.conftest import PUBLIC_BASE, json_body


def test_connect_redirects_to_intuit_with_a_state_bound_to_tenant_and_user(studio, intuit, container):
    reply = studio.start_connect()
    assert reply.status_code == 302
    location = urlparse(reply.headers["Location"])
    assert f"{location.scheme}://{location.netloc}" == intuit.base_url
    query = parse_qs(location.query)
    assert query["scope"] == ["com.intuit.quickbooks.accounting"]
    stored = container.models.OAuthState.get(query["state"][0])
    assert (stored.tenant_id, stored.user_id) == (studio.tenant_id, "admin-1")
    assert (stored.expires_at - stored.created_at).total_seconds() == 600


def test_callback_stores_the_connection_and_sends_the_admin_to_configuration(studio, intuit):
    reply = studio.connect("plus")
    assert reply.status_code == 302
    assert reply.headers["Location"] == f"{PUBLIC_BASE}/v1/tenants/{studio.tenant_id}/quickbooks/page?step=configure"
    status = studio.status()
    assert status["connection"]["status"] == "connected"
    assert status["connection"]["realm_id"] == intuit.realms["plus"]
    assert status["connection"]["company_name"] == "Northside Dance Academy"
    assert status["connection"]["connected_by"] == "admin-1"
    assert status["company"]["plan"] == "QuickBooks Online Plus"
    assert status["company"]["fiscal_year_start_month"] == 7
    assert status["class_tracking"] == {"enabled": True, "reason": None}


def test_essentials_connects_but_revenue_by_location_is_unavailable_and_says_why(studio):
    studio.connect("essentials")
    tracking = studio.status()["class_tracking"]
    assert tracking["enabled"] is False
    assert "QuickBooks Online Plus or higher is required" in tracking["reason"]


def test_plus_with_class_tracking_off_says_to_turn_it_on(studio, intuit):
    intuit.company("plain-plus", "Eastside Karate", "Plus", class_tracking="none")
    studio.connect("plain-plus")
    tracking = studio.status()["class_tracking"]
    assert tracking["enabled"] is False
    assert "class tracking is turned off" in tracking["reason"]


def test_connect_reads_the_book_close_date(studio, intuit):
    intuit.company("closed", "Westside Gym", "Advanced", book_close_date="2025-12-31")
    studio.connect("closed")
    assert studio.status()["company"]["book_close_date"] == "2025-12-31"


def test_an_account_younger_than_90_days_may_not_connect(studio, container):
    studio.profile(age_days=30)
    reply = studio.start_connect()
    assert reply.status_code == 409
    body = json_body(reply)
    assert body["error"] == "not_eligible"
    assert "30 days old" in body["message"] and "90 days" in body["message"]
    assert container.models.OAuthState.count() == 0


def test_an_account_still_onboarding_may_not_connect(studio):
    studio.profile(onboarding=True)
    reply = studio.start_connect()
    assert (reply.status_code, json_body(reply)["error"]) == (409, "not_eligible")
    assert "onboarding" in json_body(reply)["message"]


def test_a_studio_without_a_profile_cannot_connect(studio, api, container, intuit):
    from tests.integration.connect.conftest import Studio

    unknown = Studio(api, container, intuit, "never-sent")
    assert unknown.start_connect().status_code == 404


def test_support_override_lets_a_young_account_connect_and_is_audited(studio, api, container):
    studio.profile(age_days=10, onboarding=True)
    override = api.http.post(f"/v1/support/tenants/{studio.tenant_id}/eligibility-override",
                             body=b'{"reason": "migrating from a competitor with clean books"}',
                             headers=studio.headers("support", user="support-7"))
    assert override.status_code == 200, override.body
    assert json_body(override)["eligible"] is True and json_body(override)["overridden"] is True
    assert studio.connect("plus").status_code == 302
    events = [e for e in container.models.AuditEvent.query(f"tenant#{studio.tenant_id}")
              if e.action == "eligibility_override"]
    assert len(events) == 1
    assert (events[0].actor, events[0].role) == ("support-7", "support")
    assert events[0].detail["reason"] == "migrating from a competitor with clean books"
    assert len(events[0].detail["overridden"]) == 2


def test_an_override_needs_a_reason(studio, api):
    reply = api.http.post(f"/v1/support/tenants/{studio.tenant_id}/eligibility-override",
                          body=b'{"reason": "  "}', headers=studio.headers("support"))
    assert reply.status_code == 400


def test_connect_is_audited(studio, container, intuit):
    studio.connect("plus")
    events = [e for e in container.models.AuditEvent.query(f"tenant#{studio.tenant_id}") if e.action == "connect"]
    assert [(e.actor, e.detail["realm_id"]) for e in events] == [("admin-1", intuit.realms["plus"])]
