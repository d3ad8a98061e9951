"""A permanent failure says what to do, and the run after the fix finishes the same plan."""
from __future__ import annotations

from chalicelib.domain.errors import PlanningError
from chalicelib.sync.ports import QuickBooksRefused
from tests.unit.domain.builders import charge
from tests.unit.sync.test_run import first_sync_done


def refusal(message: str, *codes: str) -> QuickBooksRefused:
    error = QuickBooksRefused(message)
    error.codes = codes
    return error


def later_rows(world):
    first_sync_done(world)
    world.ledger.rows += [charge("c2", 5, "2025-03-08", "40.00"), charge("c3", 6, "2025-03-09", "10.00")]


def test_a_refused_document_fails_the_task_with_a_code_and_the_next_step(world) -> None:
    later_rows(world)
    world.qbo.inject(refusal("Business Validation Error: x", "6000"))
    world.run.handle(world.manual("m2"))
    task = world.task(world.manual("m2"))
    assert task.status == "failed" and task.reason_code == "quickbooks_refused"
    assert "press Sync Now" in task.next_step and task.error.endswith(task.next_step)


def test_the_next_run_after_the_fix_posts_each_document_of_the_failed_plan_once(world) -> None:
    later_rows(world)
    world.qbo.inject(refusal("Business Validation Error: x", "6000"), after=1)
    world.run.handle(world.manual("m2"))
    world.clock.advance(hours=1)
    assert world.run.handle(world.manual("m3")).status == "succeeded"
    assert world.qbo.writes == len(world.qbo.book) == 3 and world.tenant.cursor_seq == 6


def test_an_account_deleted_in_quickbooks_is_found_again_by_name_within_the_run(world) -> None:
    later_rows(world)
    assert world.tenant.qbo_refs  # the first sync cached the accounts' ids
    world.qbo.inject(refusal("Invalid Reference Id: Account", "2500"))
    assert world.run.handle(world.manual("m2")).status == "succeeded"
    assert world.qbo.reference_calls == 3  # the first sync, then this run twice: the cache was forgotten once
    assert world.qbo.writes == len(world.qbo.book) == 3


def test_a_reference_refusal_that_persists_fails_after_one_refresh(world) -> None:
    later_rows(world)
    world.qbo.inject(refusal("Invalid Reference Id: Account", "2500"))
    world.qbo.before_post = lambda: world.qbo.inject(refusal("Invalid Reference Id: Account", "2500")) \
        if world.qbo.reference_calls == 3 else None
    assert world.run.handle(world.manual("m2")).status == "failed"
    assert world.task(world.manual("m2")).reason_code == "quickbooks_refused"


def test_a_planning_error_says_to_correct_the_platform_data(world) -> None:
    later_rows(world)

    def broken(*args, **kwargs):
        raise PlanningError("location L9 has no QuickBooks class")
    world.ledger.read_committed = broken
    world.run.handle(world.manual("m2"))
    task = world.task(world.manual("m2"))
    assert task.reason_code == "planning_error" and "platform" in task.next_step


def test_a_skipped_task_keeps_the_decision_code(world) -> None:
    world.tenants.mark_needs_reauth("t1")
    world.run.handle(world.manual("m1"))
    assert world.task(world.manual("m1")).reason_code == "connection_needs_reauth"
