"""Every support read is audited (who, what, when, which filters); the override too."""
from __future__ import annotations

import json

from chalicelib.support.audit import LIST_SUBJECT
from tests.integration.support.conftest import NOW, body, headers


def _events(container, subject):
    return list(container.models.AuditEvent.query(subject))


def test_a_list_read_records_who_when_the_filters_and_the_tenants_returned(api, container, studios):
    api.http.get("/v1/support/tenants?status=failing&plan=essentials", headers=headers(container, user="ana"))
    [event] = _events(container, LIST_SUBJECT)
    assert (event.actor, event.role, event.action, event.at) == ("ana", "support", "support_read", NOW)
    assert event.detail == {"view": "tenants", "tenant_ids": ["harbor-dance"], "filters": {
        "status": ["failing"], "plan": "QuickBooks Online Essentials", "timezone": None}}


def test_a_detail_read_is_recorded_on_the_tenants_own_trail(api, container, studios):
    api.http.get("/v1/support/tenants/lakeside-swim", headers=headers(container, user="ben"))
    [event] = _events(container, "tenant#lakeside-swim")
    assert (event.actor, event.action, event.detail["view"], event.at) == ("ben", "support_read", "tenant", NOW)


def test_a_refused_read_is_not_recorded(api, container, studios):
    api.http.get("/v1/support/tenants/lakeside-swim", headers=headers(container, "admin", tenant_id="lakeside-swim"))
    assert _events(container, "tenant#lakeside-swim") == []


def test_the_audit_route_lists_the_tenants_events_newest_first_including_itself(api, container, studios):
    api.http.get("/v1/support/tenants/lakeside-swim", headers=headers(container, user="ben"))
    container.clock = lambda: NOW.replace(minute=5)
    reply = api.http.get("/v1/support/tenants/lakeside-swim/audit", headers=headers(container, user="cy"))
    events = body(reply)["events"]
    assert [(e["actor"], e["detail"]["view"]) for e in events] == [("cy", "audit"), ("ben", "tenant")]
    assert events[1]["at"] == NOW.isoformat()


def test_the_audit_trail_pages(api, container, studios):
    for minute in range(3):
        container.clock = lambda m=minute: NOW.replace(minute=m)
        api.http.get("/v1/support/tenants/lakeside-swim", headers=headers(container))
    container.clock = lambda: NOW.replace(minute=10)  # the audit reads are audited too: later events
    first = body(api.http.get("/v1/support/tenants/lakeside-swim/audit?limit=2", headers=headers(container)))
    second = body(api.http.get(f"/v1/support/tenants/lakeside-swim/audit?limit=2&next={first['next']}",
                               headers=headers(container)))
    assert [e["at"][11:16] for e in first["events"]] == ["15:10", "15:02"]
    assert [e["at"][11:16] for e in second["events"]] == ["15:01", "15:00"] and second["next"] is None


def test_an_eligibility_override_is_audited_with_its_reason_and_shown_in_the_diagnosis(api, container, seed):
    seed.tenant("new-studio", connection="not_connected", onboarding=True, go_live_date=None, schedule=None)
    reply = api.http.post("/v1/support/tenants/new-studio/eligibility-override", headers=headers(container, user="dee"),
                          body=json.dumps({"reason": "moving from a sister studio"}))
    assert reply.status_code == 200, reply.body
    events = body(api.http.get("/v1/support/tenants/new-studio/audit", headers=headers(container)))["events"]
    override = next(e for e in events if e["action"] == "eligibility_override")
    assert (override["actor"], override["role"]) == ("dee", "support")
    assert override["detail"]["reason"] == "moving from a sister studio"
    shown = body(api.http.get("/v1/support/tenants/new-studio", headers=headers(container)))
    eligibility = next(f for f in shown["diagnosis"] if f["topic"] == "eligibility")
    assert eligibility["code"] == "eligibility_overridden" and "moving from a sister studio" in eligibility["message"]


def test_supports_read_of_a_task_that_does_not_exist_is_refused_and_not_recorded(api, container, studios):
    reply = api.http.get("/v1/tenants/lakeside-swim/quickbooks/tasks/no-such-task", headers=headers(container))
    assert reply.status_code == 404
    assert _events(container, "tenant#lakeside-swim") == []


def test_supports_tasks_read_with_a_forged_page_token_is_refused_and_not_recorded(api, container, studios):
    reply = api.http.get("/v1/tenants/lakeside-swim/quickbooks/tasks?next=forged", headers=headers(container))
    assert reply.status_code == 400
    assert _events(container, "tenant#lakeside-swim") == []


def test_an_audit_read_with_a_malformed_page_token_is_refused_and_not_recorded(api, container, studios):
    reply = api.http.get("/v1/support/tenants/lakeside-swim/audit?next=a", headers=headers(container, user="cy"))
    assert reply.status_code == 400 and body(reply)["error"] == "invalid_page_token"
    assert _events(container, "tenant#lakeside-swim") == []
