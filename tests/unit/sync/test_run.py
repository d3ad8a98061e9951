"""The sync run's orchestration, on fakes: plan first, post once, cursor last."""
from __future__ import annotations

import datetime as dt

import pytest

from chalicelib.domain.schedule import Schedule
from chalicelib.quickbooks.errors import IntuitUnavailable, NeedsReauthorization
from chalicelib.sync.ports import QuickBooksRefused
from chalicelib.sync.run import RetryLater
from tests.unit.domain.builders import charge, credit, payment
from tests.unit.sync.fakes import WorkerKilled

TWO_DAYS = [charge("c1", 1, "2025-02-01", "100.00"), payment("p1", 2, "2025-02-01", "60.00", "credit_card"),
            payment("p2", 3, "2025-02-02", "25.00", "cash"), credit("k1", 4, "2025-02-02", "15.00")]


def first_sync_done(world, rows=TWO_DAYS):
    world.ledger.rows = list(rows)
    return world.run.handle(world.manual("m1"))


def test_first_sync_posts_one_lump_sum_and_moves_the_cursor(world) -> None:
    outcome = first_sync_done(world)
    assert outcome.status == "succeeded"
    assert [d.kind.value for d in world.qbo.book.values()] == ["lump_sum"]
    assert world.tenant.cursor_seq == 4 and world.tenant.first_sync_done
    assert world.tenant.lease_task_id is None and world.tenant.open_plan_task_id is None


def test_succeeded_task_shows_documents_with_qbo_ids_and_totals_by_payment_type(world) -> None:
    first_sync_done(world)
    task = world.task(world.manual("m1"))
    assert task.status == "succeeded" and (task.range_from, task.range_to, task.first_sync) == (0, 4, True)
    assert [d["qbo_id"] for d in task.documents] == ["1"]
    assert task.totals["payments_by_type"] == {"cash": "25.00", "credit_card": "60.00"}
    assert task.totals["credits_by_type"] == {"house": "15.00"}


def test_later_sync_posts_one_document_per_business_date(world) -> None:
    first_sync_done(world)
    world.ledger.rows += [charge("c2", 5, "2025-03-09", "40.00"), charge("c3", 6, "2025-03-10", "10.00")]
    world.run.handle(world.manual("m2"))
    daily = [d for d in world.qbo.book.values() if d.kind.value == "daily"]
    assert [d.business_date.isoformat() for d in daily] == ["2025-03-09", "2025-03-10"]


def test_the_plan_is_written_before_the_first_quickbooks_call(world) -> None:
    seen = []
    world.qbo.before_post = lambda: seen.append(world.plans.load("t1", "m1") is not None
                                                and world.tenant.open_plan_task_id == "m1")
    first_sync_done(world)
    assert seen == [True]


def test_cursor_stays_until_every_document_is_recorded(world) -> None:
    first_sync_done(world)
    world.ledger.rows += [charge("c2", 5, "2025-03-08", "40.00"), charge("c3", 6, "2025-03-09", "10.00")]
    world.qbo.inject(IntuitUnavailable("429"), after=1)
    with pytest.raises(RetryLater):
        world.run.handle(world.manual("m2"))
    assert world.tenant.cursor_seq == 4
    assert len(world.plans.load("t1", "m2").posted) == 1


def test_a_retried_run_posts_only_what_is_left_of_the_same_plan(world) -> None:
    first_sync_done(world)
    world.ledger.rows += [charge("c2", 5, "2025-03-08", "40.00"), charge("c3", 6, "2025-03-09", "10.00")]
    world.qbo.inject(IntuitUnavailable("429"), after=1)
    with pytest.raises(RetryLater):
        world.run.handle(world.manual("m2"))
    world.ledger.rows.append(charge("c4", 7, "2025-03-09", "5.00"))  # arrives between attempts
    writes = world.qbo.writes
    assert world.run.handle(world.manual("m2")).status == "succeeded"
    assert world.qbo.writes == writes + 1
    assert world.tenant.cursor_seq == 6  # the plan's range; c4 waits for the next run


def test_transient_fault_puts_the_task_back_in_the_queue_with_the_reason(world) -> None:
    world.ledger.rows = list(TWO_DAYS)
    world.qbo.inject(IntuitUnavailable("throttled (429)"))
    with pytest.raises(RetryLater):
        world.run.handle(world.manual("m1"))
    task = world.task(world.manual("m1"))
    assert task.status == "queued" and "throttled (429)" in task.error
    assert world.tenant.lease_task_id is None


def test_ingest_during_a_sync_lands_in_the_next_run(world) -> None:
    world.ledger.rows = list(TWO_DAYS)
    late = charge("late", 5, "2025-03-10", "7.00")
    world.qbo.before_post = lambda: world.ledger.rows.append(late) if late not in world.ledger.rows else None
    first_sync_done(world, world.ledger.rows)
    assert world.tenant.cursor_seq == 4
    world.qbo.before_post = None
    world.run.handle(world.manual("m2"))
    assert world.tenant.cursor_seq == 5 and len(world.qbo.book) == 2


def test_a_duplicate_delivery_of_a_finished_run_does_nothing(world) -> None:
    first_sync_done(world)
    writes = world.qbo.writes
    assert world.run.handle(world.manual("m1")).status == "duplicate"
    assert world.qbo.writes == writes and world.qbo.reference_calls == 1


def test_a_duplicate_delivery_racing_the_first_is_retried_later(world) -> None:
    world.ledger.rows = list(TWO_DAYS)
    world.qbo.inject(WorkerKilled())
    with pytest.raises(WorkerKilled):
        world.run.handle(world.manual("m1"))
    with pytest.raises(RetryLater):
        world.run.handle(world.manual("m1"))
    assert world.qbo.writes == 0


def test_a_run_killed_mid_plan_is_finished_by_its_redelivery_after_the_lease_expires(world) -> None:
    world.ledger.rows = list(TWO_DAYS)
    world.run.handle(world.manual("m1"))
    world.ledger.rows += [charge(f"c{d}", 4 + d, f"2025-03-0{d}", "10.00") for d in range(1, 5)]
    world.qbo.inject(WorkerKilled(), after=2)
    with pytest.raises(WorkerKilled):
        world.run.handle(world.manual("m2"))
    world.clock.advance(minutes=16)
    assert world.run.handle(world.manual("m2")).status == "succeeded"
    assert len(world.qbo.book) == 5 and world.qbo.writes == 5
    assert world.tenant.cursor_seq == 8


def test_reauthorisation_needed_marks_the_tenant_and_fails_the_task(world) -> None:
    world.ledger.rows = list(TWO_DAYS)
    world.qbo.inject(NeedsReauthorization("invalid_grant"))
    outcome = world.run.handle(world.manual("m1"))
    assert outcome.status == "failed" and outcome.dead_letter
    assert world.tenant.connection_status == "needs_reauth"
    assert "reconnected" in world.task(world.manual("m1")).error


def test_quickbooks_refusal_fails_the_task_with_its_message_and_keeps_the_cursor(world) -> None:
    world.ledger.rows = list(TWO_DAYS)
    world.qbo.inject(QuickBooksRefused("The account period has closed."))
    outcome = world.run.handle(world.manual("m1"))
    assert outcome.status == "failed"
    assert "The account period has closed." in world.task(world.manual("m1")).error
    assert world.tenant.cursor_seq == 0 and world.tenant.lease_task_id is None


def test_the_next_run_finishes_a_plan_a_failed_run_left_open(world) -> None:
    first_sync_done(world)
    world.ledger.rows += [charge("c2", 5, "2025-03-08", "40.00"), charge("c3", 6, "2025-03-09", "10.00")]
    world.qbo.inject(QuickBooksRefused("stale"), after=1)
    world.run.handle(world.manual("m2"))
    world.ledger.rows.append(charge("c4", 7, "2025-03-10", "5.00"))
    world.clock.advance(hours=1)
    assert world.run.handle(world.manual("m3")).status == "succeeded"
    m2_keys = {world.plans.load("t1", "m2").plan.documents[i].key for i in range(2)}
    assert m2_keys <= set(world.qbo.book) and world.qbo.writes == len(world.qbo.book) == 4
    assert world.tenant.cursor_seq == 7


def test_a_run_that_dies_after_moving_the_cursor_just_finishes_its_task(world) -> None:
    world.ledger.rows = list(TWO_DAYS)
    tasks_update = world.tasks.update

    def die_on_success(tenant_id, task_id, status, **fields):
        if status == "succeeded":
            raise WorkerKilled()
        return tasks_update(tenant_id, task_id, status, **fields)
    world.tasks.update = die_on_success  # type: ignore[method-assign]
    with pytest.raises(WorkerKilled):
        world.run.handle(world.manual("m1"))
    world.tasks.update = tasks_update  # type: ignore[method-assign]
    world.clock.advance(minutes=16)
    assert world.run.handle(world.manual("m1")).status == "succeeded"
    assert world.qbo.writes == 1 and world.tenant.cursor_seq == 4


def test_an_empty_range_succeeds_without_calling_quickbooks(world) -> None:
    assert world.run.handle(world.manual("m1")).status == "succeeded"
    assert world.qbo.reference_calls == 0


def test_give_up_marks_the_task_failed_before_the_message_is_dead_lettered(world) -> None:
    world.ledger.rows = list(TWO_DAYS)
    world.qbo.inject(IntuitUnavailable("5xx"))
    with pytest.raises(RetryLater):
        world.run.handle(world.manual("m1"))
    world.run.give_up(world.manual("m1"), "QuickBooks kept failing")
    task = world.task(world.manual("m1"))
    assert task.status == "failed" and "QuickBooks kept failing" in task.error


def test_daily_runs_use_the_scheduled_local_date_as_the_sync_date(world) -> None:
    world.tenants._set("t1", schedule=Schedule.DAILY)
    world.ledger.rows = list(TWO_DAYS)
    fire = dt.datetime(2025, 3, 11, 4, 31, tzinfo=dt.UTC)  # 11:31 PM on the 10th in Chicago
    world.clock.now = fire
    world.run.handle(world.daily("exec-1", fire))
    assert [d.txn_date.isoformat() for d in world.qbo.book.values()] == ["2025-03-10"]
