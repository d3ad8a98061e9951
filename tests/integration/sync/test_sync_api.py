"""Sync Now, background tasks and preview through the HTTP API, and the worker on the real queue."""
from __future__ import annotations

import json

import pytest

from chalicelib.store.tenants import DynamoTenants
from chalicelib.sync.lease import LEASE_TTL, LeaseLost
from tests.integration.sync.support import bearer, connected_studio, deliver, receive, store
from tests.unit.domain.builders import charge, credit, payment

ROWS = [charge("c1", 0, "2024-12-30", "80.00", family="f1"), payment("p0", 0, "2024-12-31", "100.00", family="f1"),
        charge("c2", 0, "2025-02-01", "100.00", family="f2", location="L2"),
        payment("p1", 0, "2025-02-01", "60.00", "credit_card", family="f2"),
        payment("p2", 0, "2025-02-02", "25.00", "cash", family="f2"),
        credit("k1", 0, "2025-02-02", "15.00", family="f2")]
SYNC = "/v1/tenants/t1/quickbooks/sync"


def press(api, c, role: str = "admin"):
    return api.http.post(SYNC, headers=bearer(c, role))


def test_sync_now_answers_202_with_the_banner_and_queues_the_run(api, synced) -> None:
    connected_studio(synced)
    answer = press(api, synced)
    assert answer.status_code == 202
    body = json.loads(answer.body)
    assert body["message"] == "Manual sync to QuickBooks started"
    [message] = receive(synced)
    assert json.loads(message["Body"]) == {"tenant_id": "t1", "trigger": "manual", "task_id": body["task_id"],
                                           "scheduled_for": None}


def test_a_second_press_while_queued_is_409_with_the_queued_task_id(api, synced) -> None:
    connected_studio(synced)
    first = json.loads(press(api, synced).body)["task_id"]
    again = press(api, synced)
    assert again.status_code == 409 and json.loads(again.body)["task_id"] == first


def test_sync_now_on_a_daily_schedule_is_409(api, synced) -> None:
    connected_studio(synced, schedule="daily")
    answer = press(api, synced)
    assert answer.status_code == 409 and json.loads(answer.body)["error"] == "schedule_is_daily"


def test_staff_may_read_tasks_but_not_press_sync_now(api, synced) -> None:
    connected_studio(synced)
    assert press(api, synced, "staff").status_code == 403
    assert api.http.get("/v1/tenants/t1/quickbooks/tasks", headers=bearer(synced, "staff")).status_code == 200


def test_the_worker_runs_the_queued_sync_and_the_task_shows_what_it_posted(api, synced, qbo) -> None:
    connected_studio(synced)
    store(synced, "t1", ROWS)
    task_id = json.loads(press(api, synced).body)["task_id"]
    assert deliver(synced)["batchItemFailures"] == []
    task = json.loads(api.http.get(f"/v1/tenants/t1/quickbooks/tasks/{task_id}", headers=bearer(synced, "staff")).body)
    assert task["status"] == "succeeded" and task["trigger"] == "manual" and task["first_sync"]
    assert task["ledger_range"] == {"after_seq": 0, "upto_seq": 6}
    assert [d["qbo_id"] for d in task["documents"]] == ["1"]
    assert task["totals"]["payments_by_type"] == {"cash": "25.00", "credit_card": "60.00"}
    assert synced.models.Tenant.get("t1").cursor_seq == 6
    assert receive(synced) == []


def test_a_refused_document_fails_the_task_and_the_message_lands_in_the_dead_letter_queue(api, synced, qbo) -> None:
    from chalicelib.sync.ports import QuickBooksRefused
    connected_studio(synced)
    store(synced, "t1", ROWS)
    qbo.inject(QuickBooksRefused("Account period closed"))
    task_id = json.loads(press(api, synced).body)["task_id"]
    deliver(synced)
    [dead] = receive(synced, synced.config.sync_dlq_url)
    assert json.loads(dead["Body"])["task_id"] == task_id
    assert "Account period closed" in dead["MessageAttributes"]["reason"]["StringValue"]
    assert synced.models.Run.get("t1", task_id).status == "failed"


def test_tasks_are_listed_newest_first_a_page_at_a_time(api, synced, clock) -> None:
    connected_studio(synced)
    ids = []
    for _ in range(3):
        ids.append(json.loads(press(api, synced).body)["task_id"])
        deliver(synced)
        clock.advance(minutes=5)
    url = "/v1/tenants/t1/quickbooks/tasks?limit=2"
    first = json.loads(api.http.get(url, headers=bearer(synced, "admin")).body)
    second = json.loads(api.http.get(f"{url}&next={first['next']}", headers=bearer(synced, "admin")).body)
    assert [t["task_id"] for t in first["tasks"] + second["tasks"]] == ids[::-1]


def test_preview_shows_the_first_sync_and_opening_figures_and_posts_nothing(api, synced, qbo) -> None:
    connected_studio(synced)
    store(synced, "t1", ROWS)
    answer = api.http.get("/v1/tenants/t1/quickbooks/preview", headers=bearer(synced, "admin"))
    body = json.loads(answer.body)
    assert answer.status_code == 200 and body["first_sync"]
    assert body["opening"] == {"as_of": "2024-12-31", "receivables": "0.00", "unapplied_credits": "20.00",
                               "gift_cards_outstanding": "0.00"}
    assert [d["kind"] for d in body["documents"]] == ["lump_sum"]
    assert qbo.writes == 0 and synced.models.Tenant.get("t1").cursor_seq == 0


def test_a_stale_tenant_read_cannot_take_the_lease(synced, clock) -> None:
    connected_studio(synced)
    lease = DynamoTenants(synced.models.Tenant)
    stale = lease.get("t1")
    synced.models.Tenant("t1").update(actions=[synced.models.Tenant.schedule.set("daily")])
    with pytest.raises(LeaseLost):
        lease.acquire(stale, "m1", clock(), LEASE_TTL, resume=False)


def test_a_skipped_task_carries_its_skip_facts_beside_the_worded_reason(api, synced) -> None:
    connected_studio(synced)
    task_id = json.loads(press(api, synced).body)["task_id"]
    synced.models.Tenant.get("t1").update(actions=[synced.models.Tenant.connection_status.set("disconnected")])
    deliver(synced)
    task = json.loads(api.http.get(f"/v1/tenants/t1/quickbooks/tasks/{task_id}", headers=bearer(synced, "staff")).body)
    assert task["status"] == "skipped" and task["reason_code"] == "connection_disconnected"
    assert task["skip"] == {"code": "connection_disconnected"}
    assert "not connected" in task["reason"]
