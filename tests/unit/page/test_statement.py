"""A task's documents as an accountant reads them (chalicelib/sync/statement.py)."""
from __future__ import annotations

import dataclasses
import datetime as dt

from chalicelib.domain.closed_books import move_to_open_period
from chalicelib.domain.posting import plan_sync
from chalicelib.sync.statement import long_date, task_statement
from tests.unit.domain.builders import charge, credit, d, payment, settings

CLASSES = settings(class_tracking=True, location_classes={"L1": "Main Street", "L2": "Westside"})


def _first_sync():  # type: ignore[no-untyped-def]
    rows = [charge("c1", 1, "2025-01-02", "60.00"), payment("p1", 2, "2025-01-03", "50.00", "echeck"),
            payment("p2", 3, "2025-02-04", "7.00", "custom", custom="Venmo"),
            credit("k1", 4, "2025-02-05", "3.00", "coupon"), charge("c2", 5, "2025-03-01", "40.00", location="L2")]
    return plan_sync(CLASSES, run_id="run-1", sync_date=d("2025-03-02"), cursor=0, upto=5,
                     first_sync=True, transactions=rows, history=[])


def _later(rows, sync_date: str):  # type: ignore[no-untyped-def]
    return plan_sync(CLASSES, run_id="run-2", sync_date=d(sync_date), cursor=5, upto=5 + len(rows),
                     first_sync=False, transactions=rows, history=[])


def test_a_business_date_reads_as_the_page_writes_it() -> None:
    assert long_date(dt.date(2026, 1, 1)) == "Jan 1, 2026"


def test_a_first_sync_is_one_lump_sum_that_names_the_dates_it_covers() -> None:
    statement = task_statement([(_first_sync(), {})], previous_sync=None)
    (doc,) = statement["documents"]
    assert doc["covers"] == {"from": "2025-01-02", "to": "2025-03-01"}
    assert doc["why"].startswith("First sync: one lump sum of every transaction from Jan 2, 2025 to Mar 1, 2025")
    assert statement["covers"] == {"from": "2025-01-02", "to": "2025-03-01"}


def test_each_line_has_its_account_name_one_side_and_its_class() -> None:
    (doc,) = task_statement([(_first_sync(), {})], previous_sync=None)["documents"]
    accounts = {ln["account"] for ln in doc["lines"]}
    assert "Merchant Settlement Account" in accounts and "Tuition Revenue" in accounts
    assert all(bool(ln["debit"]) != bool(ln["credit"]) for ln in doc["lines"])
    assert {ln["class"] for ln in doc["lines"]} == {"Main Street", "Westside", ""}


def test_both_totals_are_shown_and_balance() -> None:
    (doc,) = task_statement([(_first_sync(), {})], previous_sync=None)["documents"]
    assert doc["total_debit"] == doc["total_credit"] != "0.00"


def test_totals_group_payments_credits_and_revenue_each_with_its_own_total_and_plain_labels() -> None:
    totals = task_statement([(_first_sync(), {})], previous_sync=None)["totals"]
    payments = [(r["label"], r["amount"]) for r in totals["payments"]["rows"]]
    assert payments == [("Custom (Venmo)", "7.00"), ("eCheck", "50.00")]
    assert totals["payments"]["total"] == "57.00"
    assert totals["credits"] == {"rows": [{"key": "coupon", "label": "Coupon", "amount": "3.00"}], "total": "3.00"}
    assert totals["revenue"]["total"] == "100.00"


def test_rows_dated_on_or_before_the_previous_sync_are_called_late() -> None:
    plan = _later([payment("p9", 6, "2025-03-01", "10.00")], "2025-03-04")
    (doc,) = task_statement([(plan, {})], previous_sync=d("2025-03-02"))["documents"]
    assert doc["why"].startswith("Late rows or corrections (voids, refunds) dated Mar 1, 2025, received after "
                                 "the sync of Mar 2, 2025")


def test_a_new_business_date_is_that_days_transactions() -> None:
    plan = _later([payment("p9", 6, "2025-03-03", "10.00")], "2025-03-04")
    (doc,) = task_statement([(plan, {})], previous_sync=d("2025-03-02"))["documents"]
    assert doc["why"] == "The transactions of Mar 3, 2025."


def test_a_row_dated_before_go_live_after_the_first_sync_is_a_correction_of_the_opening_balances() -> None:
    cfg = settings(opening_offset_account="Old")
    plan = plan_sync(cfg, run_id="run-2", sync_date=d("2025-03-04"), cursor=1, upto=2, first_sync=False,
                     transactions=[payment("p0", 2, "2024-12-02", "25.00")],
                     history=[charge("c1", 1, "2025-02-01", "5.00")])
    doc = task_statement([(plan, {})], previous_sync=d("2025-03-02"))["documents"][0]
    assert doc["why"].startswith("Correction to the opening balances as of Dec 31, 2024")


def test_a_reclassification_with_no_rows_of_its_own_says_why_it_exists() -> None:
    cfg = settings(opening_offset_account="Old")
    plan = plan_sync(cfg, run_id="run-2", sync_date=d("2025-03-04"), cursor=1, upto=2, first_sync=False,
                     transactions=[payment("p0", 2, "2024-12-02", "25.00")],
                     history=[charge("c1", 1, "2025-02-01", "5.00")])
    doc = task_statement([(plan, {})], previous_sync=d("2025-03-02"))["documents"][1]
    assert doc["transactions"] == 0 and doc["covers"] == {"from": "2025-02-01", "to": "2025-02-01"}
    assert doc["why"].startswith("Reclassification between receivables and unapplied credits as of Feb 1, 2025")
    assert "reclassification between receivables and unapplied credits as of 2025-02-01" in doc["memo"]


def test_a_document_moved_out_of_the_closed_period_says_so() -> None:
    plan = _later([payment("p9", 6, "2025-03-03", "10.00")], "2025-03-04")
    moved = dataclasses.replace(plan, documents=(move_to_open_period(plan.documents[0], d("2025-03-03")),))
    (doc,) = task_statement([(moved, {})], previous_sync=None)["documents"]
    assert doc["txn_date"] == "2025-03-04"
    assert doc["why"].endswith("Posted on Mar 4, 2025 because Mar 3, 2025 is in QuickBooks' closed period.")


def test_a_posted_document_carries_its_quickbooks_id() -> None:
    plan = _first_sync()
    (doc,) = task_statement([(plan, {plan.documents[0].key: "177"})], previous_sync=None)["documents"]
    assert doc["qbo_id"] == "177"


def test_a_payout_reads_as_a_deposit_and_says_what_it_moves() -> None:
    from chalicelib.domain.journal import DocumentKind, JournalDocument
    from chalicelib.sync.statement import document_statement

    payout = JournalDocument("k-po", "CB-PO1", DocumentKind.PAYOUT, dt.date(2026, 12, 1), dt.date(2026, 12, 1),
                             "payout po-1", (), 1, entity="Deposit")
    doc = document_statement(payout, {}, "41", previous_sync=dt.date(2026, 12, 3))
    assert doc["entity"] == "Deposit"
    assert doc["why"].startswith("A processor payout of Dec 1, 2026: a Deposit")
