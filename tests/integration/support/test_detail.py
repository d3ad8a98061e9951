"""`GET /v1/support/tenants/{id}`: connection, company, plan, go-live, schedule, next run, last
runs, the last error in plain words, and the diagnosis."""
from __future__ import annotations

from tests.integration.support.conftest import body, headers


def _show(api, container, tenant_id):
    reply = api.http.get(f"/v1/support/tenants/{tenant_id}", headers=headers(container))
    assert reply.status_code == 200, reply.body
    return body(reply)


def test_the_detail_explains_last_nights_skip_in_the_studios_time(api, container, studios):
    shown = _show(api, container, "prairie-gym")
    assert shown["status"] == "skipped_last_night"
    assert shown["diagnosis"][0] == {
        "topic": "daily_sync", "code": "skipped", "severity": "warning",
        "message": "Daily sync skipped at 11:31 PM CST: only 6 h 26 min since the manual sync at 5:05 PM; "
                   "next run tonight at 11:31 PM CST"}
    assert (shown["next_run_at"], shown["next_run"]) == ("2026-01-16T05:31:00Z", "tonight at 11:31 PM CST")


def test_the_detail_shows_connection_company_plan_go_live_and_schedule(api, container, studios):
    shown = _show(api, container, "lakeside-swim")
    assert shown["connection"]["status"] == "connected"
    assert shown["connection"]["realm_id"] == "realm-lakeside-swim"
    assert shown["company"] == {"name": "Lakeside-Swim LLC", "plan": "QuickBooks Online Plus", "class_tracking": True}
    assert shown["go_live_date"] == "2026-01-01"
    assert shown["schedule"]["schedule"] == "daily"


def test_the_detail_lists_the_last_runs_newest_first(api, container, studios):
    runs = _show(api, container, "prairie-gym")["last_runs"]
    assert [(r["trigger"], r["status"]) for r in runs] == [("daily", "skipped"), ("manual", "succeeded")]


def test_the_last_error_is_quickbooks_message_in_plain_words(api, container, studios):
    shown = _show(api, container, "harbor-dance")
    assert shown["last_error"]["message"] == "QuickBooks refused a document: The account period has closed."
    assert shown["diagnosis"][0]["message"] == (
        "Daily sync failed yesterday at 11:33 PM EST: QuickBooks refused a document: The account period has "
        "closed; next run tonight at 11:31 PM EST")


def test_the_detail_answers_where_payments_are_posted(api, container, studios):
    payments = next(f for f in _show(api, container, "lakeside-swim")["diagnosis"] if f["topic"] == "payments")
    accounts = {d["type"]: d["account"] for d in payments["details"]}
    assert accounts["credit_card"] == "Merchant Settlement Account"
    assert accounts["check"] == "Undeposited Funds"
    assert accounts["coupon"] == "Discounts and Credits"


def test_a_tenant_with_only_a_profile_is_shown_as_not_connected(api, container, studios):
    shown = _show(api, container, "maple-dance")
    assert shown["status"] == "not_connected" and shown["connection"]["status"] == "not_connected"
    assert shown["diagnosis"][0]["code"] == "not_connected"


def test_an_unknown_tenant_is_a_404(api, container):
    reply = api.http.get("/v1/support/tenants/nobody", headers=headers(container))
    assert reply.status_code == 404
