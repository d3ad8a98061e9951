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


def _stores_nothing(container, studio) -> bool:
    tenant = container.models.Tenant.get(studio.tenant_id)
    return (tenant.connection_status == "not_connected" and tenant.realm_id is None
            and container.models.Token.count(studio.tenant_id) == 0)


def test_a_replayed_state_is_refused_and_changes_nothing(studio, intuit, container):
    started = studio.start_connect()
    params = intuit.authorize(started.headers["Location"], intuit.realms["plus"])
    assert studio.callback(params).status_code == 302
    replay = studio.callback(params)
    assert replay.status_code == 400
    assert json_body(replay)["error"] == "invalid_state"
    assert "already used" in json_body(replay)["message"]


def test_an_expired_state_is_refused_and_stores_nothing(studio, intuit, container, clock):
    started = studio.start_connect()
    params = intuit.authorize(started.headers["Location"], intuit.realms["plus"])
    clock.advance(minutes=10, seconds=1)
    reply = studio.callback(params)
    assert (reply.status_code, json_body(reply)["error"]) == (400, "invalid_state")
    assert "expired" in json_body(reply)["message"]
    assert _stores_nothing(container, studio)


def test_a_state_this_service_never_issued_is_refused_and_stores_nothing(studio, intuit, container):
    started = studio.start_connect()
    params = intuit.authorize(started.headers["Location"], intuit.realms["plus"])
    reply = studio.callback({**params, "state": "forged-" + params["state"]})
    assert (reply.status_code, json_body(reply)["error"]) == (400, "invalid_state")
    assert _stores_nothing(container, studio)


def test_cancelling_at_intuit_is_reported_and_stores_nothing(studio, container):
    started = studio.start_connect()
    state = parse_qs(urlparse(started.headers["Location"]).query)["state"][0]
    reply = studio.callback({"error": "access_denied", "state": state})
    assert (reply.status_code, json_body(reply)["error"]) == (400, "authorization_denied")
    assert _stores_nothing(container, studio)


def test_a_realm_connected_to_another_studio_is_refused_with_a_clear_message(studio, api, container, intuit):
    from tests.integration.connect.conftest import Studio

    assert studio.connect("plus").status_code == 302
    other = Studio(api, container, intuit, studio.tenant_id + "-other")
    other.profile()
    reply = other.connect("plus")
    assert reply.status_code == 409
    body = json_body(reply)
    assert body["error"] == "realm_already_connected"
    assert "Northside Dance Academy" in body["message"] and "already connected to another studio" in body["message"]
    assert _stores_nothing(container, other)
    assert studio.status()["connection"]["status"] == "connected"


def test_a_plan_below_essentials_is_refused_with_the_reason_and_the_grant_revoked(studio, intuit, container):
    intuit.company("simple", "Tiny Tumblers", "SimpleStart")
    reply = studio.connect("simple")
    assert reply.status_code == 409
    body = json_body(reply)
    assert body["error"] == "plan_not_supported"
    assert "QuickBooks Online Simple Start is not supported" in body["message"]
    assert "Essentials or higher" in body["message"]
    assert _stores_nothing(container, studio)
    assert container.models.RealmClaim.count(intuit.realms["simple"]) == 0


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
