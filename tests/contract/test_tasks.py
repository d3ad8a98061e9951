"""One contract for `TaskStore`: the in-memory fake and the DynamoDB adapter pass the same cases.

A fake that drifts from the real adapter (a condition it forgets, a field it keeps differently,
a page it cuts elsewhere) fails here.
"""
from __future__ import annotations

import datetime as dt

import pytest

from chalicelib.domain.schedule import Trigger
from chalicelib.store.models import build_models
from chalicelib.sync import tasks as st
from chalicelib.sync.tasks import DynamoTaskStore, TaskStore
from tests.fakes.sync import FakeTasks

UTC = dt.UTC
NOW = dt.datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
FIRE = dt.datetime(2026, 3, 3, 5, 31, tzinfo=UTC)


@pytest.fixture(params=["in_memory", "dynamodb_local"])
def tasks(request: pytest.FixtureRequest) -> TaskStore:
    if request.param == "in_memory":
        return FakeTasks()
    config = request.getfixturevalue("config")
    return DynamoTaskStore(build_models(config))


def _get(tasks: TaskStore, task_id: str = "m1", tenant_id: str = "t1") -> st.Task:
    task = tasks.get(tenant_id, task_id)
    assert task is not None
    return task


def test_an_unknown_task_reads_as_none(tasks: TaskStore) -> None:
    assert tasks.get("t1", "nothing") is None


def test_a_new_task_is_queued_with_nothing_else_set(tasks: TaskStore) -> None:
    assert tasks.create("t1", "d1", Trigger.DAILY, NOW, scheduled_for=FIRE) is True
    assert _get(tasks, "d1").to_dict() == {
        "task_id": "d1", "trigger": "daily", "status": "queued", "created_at": "2026-03-02T15:00:00Z",
        "scheduled_for": "2026-03-03T05:31:00Z", "started_at": None, "finished_at": None, "ledger_range": None,
        "sync_date": None, "first_sync": False, "documents": [], "totals": None, "error": None, "reason": None,
        "next_run_at": None, "reason_code": None, "next_step": None, "readback": None, "skip": None}


def test_creating_a_task_twice_keeps_the_first(tasks: TaskStore) -> None:
    assert tasks.create("t1", "m1", Trigger.MANUAL, NOW) is True
    assert tasks.create("t1", "m1", Trigger.DAILY, NOW + dt.timedelta(hours=1)) is False
    task = _get(tasks)
    assert (task.trigger, task.created_at, task.scheduled_for) == ("manual", NOW, None)


def test_the_same_task_id_of_another_tenant_is_another_task(tasks: TaskStore) -> None:
    tasks.create("t1", "m1", Trigger.MANUAL, NOW)
    assert tasks.create("t2", "m1", Trigger.MANUAL, NOW) is True
    assert tasks.update("t2", "m1", st.RUNNING, started_at=NOW)
    assert _get(tasks).status == "queued" and _get(tasks, tenant_id="t2").status == "running"


def test_an_update_sets_the_status_and_every_field_given(tasks: TaskStore) -> None:
    tasks.create("t1", "m1", Trigger.MANUAL, NOW)
    later = NOW + dt.timedelta(minutes=2)
    documents = [{"key": "k1", "qbo_id": "81", "amount": "12.50", "lines": 2}]
    assert tasks.update("t1", "m1", st.SUCCEEDED, started_at=NOW, finished_at=later, range_from=0, range_to=12,
                        business_date="2026-03-01", first_sync=True, documents=documents,
                        totals={"payments": "12.50", "count": 3}, readback={"status": "ok", "accounts": []})
    task = _get(tasks)
    assert (task.status, task.started_at, task.finished_at, task.range_from, task.range_to) == (
        "succeeded", NOW, later, 0, 12)
    assert (task.business_date, task.first_sync, list(task.documents)) == ("2026-03-01", True, documents)
    assert task.totals == {"payments": "12.50", "count": 3} and task.readback == {"status": "ok", "accounts": []}
    assert task.to_dict()["ledger_range"] == {"after_seq": 0, "upto_seq": 12}


def test_a_skip_keeps_its_reason_code_facts_and_next_run(tasks: TaskStore) -> None:
    tasks.create("t1", "d1", Trigger.DAILY, NOW, scheduled_for=FIRE)
    facts = {"code": "too_soon_after_run", "elapsed_seconds": 23160, "since": "2026-03-02T23:05:00+00:00",
             "after": "manual", "next_run_at": "2026-03-04T05:31:00+00:00"}
    assert tasks.update("t1", "d1", st.SKIPPED, finished_at=FIRE, reason="Daily sync skipped: too soon.",
                        reason_code="too_soon_after_run", next_run_at=FIRE + dt.timedelta(days=1), reason_facts=facts)
    task = _get(tasks, "d1")
    assert (task.status, task.reason, task.reason_code, task.next_run_at, task.reason_facts) == (
        "skipped", "Daily sync skipped: too soon.", "too_soon_after_run", FIRE + dt.timedelta(days=1), facts)


def test_a_field_given_as_none_is_cleared(tasks: TaskStore) -> None:
    tasks.create("t1", "m1", Trigger.MANUAL, NOW)
    tasks.update("t1", "m1", st.QUEUED, error="QuickBooks did not answer (503); the sync will retry.")
    assert _get(tasks).error is not None
    assert tasks.update("t1", "m1", st.RUNNING, error=None, started_at=NOW)
    assert (_get(tasks).status, _get(tasks).error) == ("running", None)


def test_a_finished_task_is_never_rewritten(tasks: TaskStore) -> None:
    tasks.create("t1", "m1", Trigger.MANUAL, NOW)
    tasks.update("t1", "m1", st.FAILED, error="refused", reason_code="qbo_refused")
    for status in (st.QUEUED, st.RUNNING, st.SUCCEEDED, st.SKIPPED, st.FAILED):
        assert tasks.update("t1", "m1", status, error="late") is False
    assert (_get(tasks).status, _get(tasks).error) == ("failed", "refused")


def test_updating_an_unknown_task_creates_nothing(tasks: TaskStore) -> None:
    assert tasks.update("t1", "ghost", st.RUNNING, started_at=NOW) is False
    assert tasks.get("t1", "ghost") is None


def test_pages_list_a_tenants_tasks_newest_first_and_continue_from_their_token(tasks: TaskStore) -> None:
    for i in range(5):
        tasks.create("t1", f"2026030{i + 1}T050000Z-daily", Trigger.DAILY, NOW)
    tasks.create("t2", "20260309T050000Z-manual", Trigger.MANUAL, NOW)
    first, token = tasks.page("t1", 2, None)
    assert [t.task_id for t in first] == ["20260305T050000Z-daily", "20260304T050000Z-daily"] and token
    second, token = tasks.page("t1", 2, token)
    assert [t.task_id for t in second] == ["20260303T050000Z-daily", "20260302T050000Z-daily"] and token
    last, token = tasks.page("t1", 2, token)
    assert [t.task_id for t in last] == ["20260301T050000Z-daily"] and token is None


def test_a_full_page_gives_a_token_even_when_nothing_follows(tasks: TaskStore) -> None:
    for task_id in ("a", "b"):
        tasks.create("t1", task_id, Trigger.MANUAL, NOW)
    everything, token = tasks.page("t1", 5, None)
    assert [t.task_id for t in everything] == ["b", "a"] and token is None
    exact, token = tasks.page("t1", 2, None)
    assert [t.task_id for t in exact] == ["b", "a"] and token is not None
    assert tasks.page("t1", 2, token) == ([], None)


def test_a_token_continues_after_its_task_even_once_that_task_is_gone_from_view(tasks: TaskStore) -> None:
    tasks.create("t1", "a", Trigger.MANUAL, NOW)
    tasks.create("t1", "c", Trigger.MANUAL, NOW)
    _, token = tasks.page("t1", 1, None)
    tasks.create("t1", "b", Trigger.MANUAL, NOW)  # written after the first page was read
    assert [t.task_id for t in tasks.page("t1", 5, token)[0]] == ["b", "a"]


def test_a_task_reads_back_equal_to_what_was_written(tasks: TaskStore) -> None:
    tasks.create("t1", "m1", Trigger.MANUAL, NOW)
    tasks.update("t1", "m1", st.RUNNING, started_at=NOW)
    assert tasks.page("t1", 5, None)[0] == [_get(tasks)]


def test_a_tenant_without_tasks_has_an_empty_page(tasks: TaskStore) -> None:
    assert tasks.page("t1", 10, None) == ([], None)


def test_a_forged_page_token_is_refused(tasks: TaskStore) -> None:
    tasks.create("t1", "m1", Trigger.MANUAL, NOW)
    with pytest.raises(ValueError):
        tasks.page("t1", 10, "not-a-token")
