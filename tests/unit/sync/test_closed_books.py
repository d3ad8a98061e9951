"""Books closed after a plan was written: the run re-dates what QBO refused and finishes."""
from __future__ import annotations

import datetime as dt

from tests.unit.domain.builders import charge, payment
from tests.unit.sync.test_run import first_sync_done

JAN_31, FEB_1 = dt.date(2025, 1, 31), dt.date(2025, 2, 1)


def late_january_rows(world):
    first_sync_done(world)
    world.ledger.rows += [charge("c9", 5, "2025-01-28", "100.00"), payment("p9", 6, "2025-03-09", "20.00", "cash")]


def test_a_document_dated_in_a_period_closed_since_the_plan_is_moved_to_the_first_open_date(world) -> None:
    late_january_rows(world)
    world.qbo.close_books(JAN_31)
    assert world.run.handle(world.manual("m2")).status == "succeeded"
    moved = next(d for d in world.qbo.book.values() if d.business_date == dt.date(2025, 1, 28))
    assert moved.txn_date == FEB_1
    assert "posted on 2025-02-01 because 2025-01-28 is in the closed period (books closed through 2025-01-31)" \
        in moved.private_note


def test_the_moved_document_is_posted_once_and_the_cursor_moves(world) -> None:
    late_january_rows(world)
    world.qbo.close_books(JAN_31)
    world.run.handle(world.manual("m2"))
    assert world.qbo.writes == len(world.qbo.book) == 3
    assert world.tenant.cursor_seq == 6 and world.tenant.open_plan_task_id is None


def test_the_closing_date_quickbooks_reports_is_kept_for_later_plans(world) -> None:
    late_january_rows(world)
    world.qbo.close_books(JAN_31)
    world.run.handle(world.manual("m2"))
    assert world.tenant.book_close_date == JAN_31
    world.ledger.rows.append(charge("c10", 7, "2025-01-29", "5.00"))
    world.clock.advance(hours=1)
    reads = world.qbo.preference_reads
    world.run.handle(world.manual("m3"))
    assert world.qbo.preference_reads == reads  # planned on the open date: no refusal, no read
    assert [d.txn_date for d in world.qbo.book.values() if d.business_date == dt.date(2025, 1, 29)] == [FEB_1]


def test_a_normal_night_reads_no_preferences(world) -> None:
    late_january_rows(world)
    world.run.handle(world.manual("m2"))
    assert world.qbo.preference_reads == 0


def test_a_refusal_the_closing_date_does_not_explain_fails_in_plain_words(world) -> None:
    late_january_rows(world)
    world.qbo.close_books(JAN_31, reported=False)  # e.g. a closing password QBO does not report
    outcome = world.run.handle(world.manual("m2"))
    assert outcome.status == "failed"
    error = world.task(world.manual("m2")).error
    assert "Account Period Closed" in error and "Close the books" in error and "Sync Now" in error
    assert world.tenant.cursor_seq == 4


def test_the_plan_left_open_by_a_closed_period_failure_finishes_once_the_run_can_move_it(world) -> None:
    late_january_rows(world)
    world.qbo.close_books(JAN_31, reported=False)
    world.run.handle(world.manual("m2"))
    world.qbo.close_books(JAN_31)  # QuickBooks now reports the date
    world.clock.advance(hours=1)
    assert world.run.handle(world.manual("m3")).status == "succeeded"
    assert world.qbo.writes == len(world.qbo.book) == 3 and world.tenant.cursor_seq == 6
