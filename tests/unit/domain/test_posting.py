from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import pytest

from chalicelib.domain.accounts import AccountKey, AccountRole
from chalicelib.domain.errors import PlanningError
from chalicelib.domain.first_sync import FirstSyncEntries
from chalicelib.domain.journal import DocumentKind, JournalDocument, PostingPlan, PostingType
from chalicelib.domain.posting import plan_sync
from chalicelib.domain.settings import PostingSettings
from chalicelib.domain.transactions import Transaction

from .builders import account_totals, charge, credit, d, money, payment, refund, settings, void

R = AccountRole
MS, PTD = AccountKey(R.MERCHANT_SETTLEMENT), AccountKey(R.PAYMENTS_TO_DEPOSIT)
AR, UC = AccountKey(R.RECEIVABLES_CLEARING), AccountKey(R.UNAPPLIED_CREDITS)


def plan(rows: Sequence[Transaction], *, history: Sequence[Transaction] = (), first: bool = False,
         sync: str = "2025-02-10", cfg: PostingSettings | None = None, run: str = "run-1") -> PostingPlan:
    cursor = max((t.seq for t in history), default=0)
    upto = max([t.seq for t in rows] + [cursor])
    return plan_sync(cfg or settings(), run_id=run, sync_date=d(sync), cursor=cursor, upto=upto,
                     first_sync=first, transactions=rows, history=history)


def only(p: PostingPlan) -> JournalDocument:
    assert len(p.documents) == 1
    return p.documents[0]


def lines(doc: JournalDocument) -> set[tuple[str, str, str, str | None]]:
    return {(ln.posting_type.value, str(ln.account), f"{ln.amount}", ln.class_name) for ln in doc.lines}


def test_first_sync_posts_everything_from_go_live_as_one_lump_sum_dated_the_sync_date() -> None:
    rows = [charge("c1", 1, "2025-01-03", "10.00"), charge("c2", 2, "2025-02-09", "15.00")]
    doc = only(plan(rows, first=True, sync="2025-02-10"))
    assert (doc.kind, doc.txn_date, doc.transaction_count) == (DocumentKind.LUMP_SUM, d("2025-02-10"), 2)
    assert lines(doc) == {("Credit", "revenue:tuition", "25.00", None), ("Debit", "receivables_clearing", "25.00", None)}


def test_first_sync_posts_rows_dated_after_the_sync_date_under_their_own_date() -> None:
    p = plan([charge("c1", 1, "2025-01-03", "10.00"), charge("c2", 2, "2025-02-12", "5.00")], first=True)
    assert [(x.kind, x.txn_date) for x in p.documents] == [
        (DocumentKind.LUMP_SUM, d("2025-02-10")), (DocumentKind.DAILY, d("2025-02-12"))]


def test_a_first_sync_across_a_fiscal_year_end_posts_one_lump_sum_per_fiscal_year() -> None:
    rows = [charge("c1", 1, "2025-01-03", "10.00"), charge("c2", 2, "2025-03-31", "15.00"),
            charge("c3", 3, "2025-04-02", "5.00")]
    p = plan(rows, first=True, sync="2025-04-10", cfg=settings(fiscal_year_start_month=4))
    assert [(x.kind, x.txn_date, x.total_credits) for x in p.documents] == [
        (DocumentKind.LUMP_SUM, d("2025-03-31"), money("25.00")), (DocumentKind.LUMP_SUM, d("2025-04-10"), money("5.00"))]


def test_a_first_sync_over_closed_books_posts_the_closed_part_on_the_first_open_date_and_the_rest_apart() -> None:
    rows = [charge("c1", 1, "2025-01-03", "10.00"), charge("c2", 2, "2025-02-05", "15.00")]
    p = plan(rows, first=True, sync="2025-02-10", cfg=settings(book_close_date=d("2025-01-31")))
    assert [(x.business_date, x.txn_date, x.total_credits) for x in p.documents] == [
        (d("2025-01-31"), d("2025-02-01"), money("10.00")), (d("2025-02-10"), d("2025-02-10"), money("15.00"))]
    assert "closed period" in p.documents[0].private_note


def test_a_first_sync_may_post_one_entry_per_month_dated_the_months_last_day() -> None:
    rows = [charge("c1", 1, "2025-01-03", "10.00"), charge("c2", 2, "2025-01-20", "1.00"),
            charge("c3", 3, "2025-02-05", "15.00")]
    p = plan(rows, first=True, sync="2025-02-10", cfg=settings(first_sync_entries=FirstSyncEntries.MONTHLY))
    assert [(x.kind, x.txn_date, x.total_credits) for x in p.documents] == [
        (DocumentKind.LUMP_SUM, d("2025-01-31"), money("11.00")), (DocumentKind.LUMP_SUM, d("2025-02-10"), money("15.00"))]


def test_a_first_sync_may_post_one_entry_per_business_date() -> None:
    rows = [charge("c1", 1, "2025-01-03", "10.00"), charge("c2", 2, "2025-02-05", "15.00")]
    p = plan(rows, first=True, sync="2025-02-10", cfg=settings(first_sync_entries=FirstSyncEntries.DAILY))
    assert [(x.kind, x.txn_date) for x in p.documents] == [
        (DocumentKind.DAILY, d("2025-01-03")), (DocumentKind.DAILY, d("2025-02-05"))]


def test_later_syncs_post_one_entry_per_business_date() -> None:
    rows = [charge("c1", 1, "2025-02-01", "10.00"), charge("c2", 2, "2025-02-02", "5.00"),
            charge("c3", 3, "2025-02-01", "1.00")]
    p = plan(rows)
    assert [(x.txn_date, x.total_credits) for x in p.documents] == [
        (d("2025-02-01"), money("11.00")), (d("2025-02-02"), money("5.00"))]


def test_card_and_echeck_payments_debit_merchant_settlement() -> None:
    rows = [payment("p1", 1, "2025-02-01", "30.00", "credit_card", processor="platform"),
            payment("p2", 2, "2025-02-01", "20.00", "echeck", processor="external")]
    totals = account_totals(plan(rows).documents)
    assert totals[MS] == money("50.00") and PTD not in totals


def test_cash_check_and_custom_payments_debit_payments_to_deposit_one_line_per_type() -> None:
    rows = [payment("p1", 1, "2025-02-01", "5.00", "cash"), payment("p2", 2, "2025-02-01", "6.00", "check"),
            payment("p3", 3, "2025-02-01", "7.00", "custom", custom="Venmo"),
            payment("p4", 4, "2025-02-01", "8.00", "custom", custom="Zelle")]
    doc = only(plan(rows))
    ptd = {(ln.subject, ln.amount) for ln in doc.lines if ln.account == PTD}
    assert ptd == {("cash", money("5.00")), ("check", money("6.00")), ("custom:Venmo", money("7.00")),
                   ("custom:Zelle", money("8.00"))}


def test_refunds_reduce_the_debit_of_their_payment_type() -> None:
    rows = [payment("p1", 1, "2025-02-01", "30.00", "credit_card"),
            refund("r1", 2, "2025-02-01", "10.00", "p1", "credit_card")]
    assert account_totals(plan(rows).documents)[MS] == money("20.00")


def test_a_net_refund_flips_the_payment_line_to_a_credit() -> None:
    p1 = payment("p1", 1, "2025-02-01", "30.00", "cash")
    doc = only(plan([refund("r1", 2, "2025-02-03", "30.00", "p1")], history=[p1]))
    assert ("Credit", "payments_to_deposit", "30.00", None) in lines(doc)
    assert ("Debit", "unapplied_credits", "30.00", None) in lines(doc)


def test_credits_debit_discounts_and_credits_per_credit_type() -> None:
    rows = [credit("k1", 1, "2025-02-01", "4.00", "coupon"), credit("k2", 2, "2025-02-01", "6.00", "house"),
            credit("k3", 3, "2025-02-01", "1.00", "coupon")]
    doc = only(plan(rows))
    assert {(ln.subject, ln.amount) for ln in doc.lines if ln.account.role is R.DISCOUNTS_AND_CREDITS} == {
        ("coupon", money("5.00")), ("house", money("6.00"))}


def test_charges_credit_the_income_account_of_their_category() -> None:
    doc = only(plan([charge("c1", 1, "2025-02-01", "9.00", category="camps")]))
    assert ("Credit", "revenue:camps", "9.00", None) in lines(doc)


def test_with_class_tracking_each_line_carries_its_location_class() -> None:
    cfg = settings(class_tracking=True, location_classes={"L1": "North", "L2": "South"})
    rows = [charge("c1", 1, "2025-02-01", "9.00", location="L1"), charge("c2", 2, "2025-02-01", "4.00", location="L2")]
    p = plan(rows, cfg=cfg)
    assert {("Credit", "revenue:tuition", "9.00", "North"), ("Credit", "revenue:tuition", "4.00", "South"),
            ("Debit", "receivables_clearing", "13.00", None)} == lines(only(p))
    assert p.classes == ("North", "South")


def test_without_class_tracking_locations_merge_into_one_line() -> None:
    rows = [charge("c1", 1, "2025-02-01", "9.00", location="L1"), charge("c2", 2, "2025-02-01", "4.00", location="L2")]
    assert ("Credit", "revenue:tuition", "13.00", None) in lines(only(plan(rows)))


def test_a_location_without_a_class_stops_the_plan_with_a_plain_reason() -> None:
    cfg = settings(class_tracking=True, location_classes={})
    with pytest.raises(PlanningError, match="location L1 has no QuickBooks class"):
        plan([charge("c1", 1, "2025-02-01", "9.00")], cfg=cfg)


def test_an_overpayment_credits_unapplied_credits_and_clears_receivables() -> None:
    c1 = charge("c1", 1, "2025-01-20", "40.00")
    doc = only(plan([payment("p1", 2, "2025-02-01", "100.00")], history=[c1]))
    assert lines(doc) == {("Debit", "payments_to_deposit", "100.00", None),
                          ("Credit", "unapplied_credits", "60.00", None),
                          ("Credit", "receivables_clearing", "40.00", None)}


def test_rows_dated_before_go_live_never_post_but_count_in_balances() -> None:
    rows = [charge("c0", 1, "2024-12-20", "100.00"), payment("p1", 2, "2025-01-05", "100.00", "check")]
    p = plan(rows, first=True)
    assert lines(only(p)) == {("Debit", "payments_to_deposit", "100.00", None),
                              ("Credit", "receivables_clearing", "100.00", None)}
    assert p.opening is not None and p.opening.receivables == money("100.00")


def test_a_void_after_go_live_of_an_earlier_charge_posts_its_negation() -> None:
    c0 = charge("c0", 1, "2024-12-20", "100.00")
    doc = only(plan([void("v1", 2, "2025-02-01", c0)], history=[c0]))
    assert lines(doc) == {("Debit", "revenue:tuition", "100.00", None), ("Credit", "receivables_clearing", "100.00", None)}


def test_a_late_arrival_posts_under_its_own_date_in_the_run_that_sees_it() -> None:
    earlier = [charge("c1", 1, "2025-02-05", "10.00")]
    doc = only(plan([charge("c2", 2, "2025-02-01", "3.00")], history=earlier, sync="2025-02-10"))
    assert (doc.kind, doc.business_date, doc.txn_date) == (DocumentKind.DAILY, d("2025-02-01"), d("2025-02-01"))


def test_a_closed_date_posts_on_the_first_open_date_naming_the_original_date() -> None:
    cfg = settings(book_close_date=d("2025-01-31"))
    doc = only(plan([charge("c1", 1, "2025-01-15", "3.00")], cfg=cfg))
    assert (doc.business_date, doc.txn_date) == (d("2025-01-15"), d("2025-02-01"))
    assert "2025-01-15 is in the closed period" in doc.private_note


def test_a_group_that_nets_to_nothing_produces_no_document() -> None:
    c1 = charge("c1", 1, "2025-02-01", "10.00")
    assert plan([c1, void("v1", 2, "2025-02-01", c1)]).documents == ()


def test_opening_figures_are_receivables_and_fin12_the_day_before_go_live() -> None:
    rows = [charge("c0", 1, "2024-12-01", "70.00", family="a"), payment("p0", 2, "2024-12-02", "25.00", family="b")]
    p = plan(rows, first=True)
    assert p.opening is not None
    assert (p.opening.as_of, p.opening.receivables, p.opening.unapplied_credits) == (
        d("2024-12-31"), money("70.00"), money("25.00"))
    assert p.documents == ()  # no offset account picked: figures only


def test_opening_entry_credits_unapplied_credits_and_offsets_the_difference() -> None:
    rows = [charge("c0", 1, "2024-12-01", "70.00", family="a"), payment("p0", 2, "2024-12-02", "25.00", family="b")]
    doc = only(plan(rows, first=True, cfg=settings(opening_offset_account="Tuition Income (old)")))
    assert (doc.kind, doc.txn_date) == (DocumentKind.OPENING, d("2024-12-31"))
    assert lines(doc) == {("Debit", "receivables_clearing", "70.00", None),
                          ("Credit", "unapplied_credits", "25.00", None),
                          ("Credit", "opening_balance_offset:Tuition Income (old)", "45.00", None)}


def test_opening_entry_in_a_closed_period_moves_to_the_first_open_date() -> None:
    cfg = settings(opening_offset_account="Old", book_close_date=d("2025-01-10"))
    doc = only(plan([payment("p0", 1, "2024-12-02", "25.00")], first=True, cfg=cfg))
    assert doc.txn_date == d("2025-01-11")


def test_a_late_pre_go_live_row_becomes_an_opening_adjustment_as_of_the_day_before_go_live() -> None:
    """The 25.00 paid before Go Live is all unapplied credit as of that day; the 5.00 charge of
    Feb 1 (posted earlier as a receivable) is reclassified on its own date, not netted back."""
    cfg = settings(opening_offset_account="Old")
    p = plan([payment("p0", 2, "2024-12-02", "25.00")], history=[charge("c1", 1, "2025-02-01", "5.00")], cfg=cfg)
    opening, reclass = p.documents
    assert opening.kind is DocumentKind.OPENING_ADJUSTMENT
    assert p.pre_go_live_change is not None and p.pre_go_live_change.unapplied_credits == money("25.00")
    assert (reclass.kind, reclass.txn_date, reclass.transaction_count) == (DocumentKind.DAILY, d("2025-02-01"), 0)
    assert lines(reclass) == {("Credit", "receivables_clearing", "5.00", None), ("Debit", "unapplied_credits", "5.00", None)}


def test_a_late_charge_dated_before_a_posted_payment_is_reclassified_on_the_payments_date() -> None:
    """100.00 charged Jan 5 and 200.00 paid Feb 2 were posted; a 50.00 charge of Jan 28 arrives.
    As of Jan 31 the ledger holds 150.00 receivable and no unapplied credit, so Jan 28 takes the
    receivable; Feb 2 moves it out again, as the payment covered it (unapplied 50.00, not 100.00)."""
    history = [charge("c1", 1, "2025-01-05", "100.00"), payment("p2", 2, "2025-02-02", "200.00")]
    jan28, feb2 = plan([charge("c3", 3, "2025-01-28", "50.00")], history=history).documents
    assert (jan28.txn_date, jan28.transaction_count) == (d("2025-01-28"), 1)
    assert ("Debit", "receivables_clearing", "50.00", None) in lines(jan28)
    assert not any(ln.account.role is AccountRole.UNAPPLIED_CREDITS for ln in jan28.lines)
    assert (feb2.txn_date, feb2.transaction_count) == (d("2025-02-02"), 0)
    assert lines(feb2) == {("Credit", "receivables_clearing", "50.00", None), ("Debit", "unapplied_credits", "50.00", None)}


def test_every_document_names_tenant_run_date_and_payment_types() -> None:
    doc = only(plan([payment("p1", 1, "2025-02-01", "5.00", "custom", custom="Venmo")], run="run-42"))
    for text in ("tenant t1", "run run-42", "business date 2025-02-01", "Custom (Venmo)"):
        assert text in doc.private_note


def test_keys_fit_requestid_and_doc_numbers_fit_qbo() -> None:
    p = plan([charge("c1", 1, "2025-02-01", "1.00"), charge("c2", 2, "2025-02-02", "1.00")])
    assert all(len(x.key) <= 50 and len(x.doc_number) <= 21 for x in p.documents)
    assert len({x.key for x in p.documents}) == len({x.doc_number for x in p.documents}) == 2


def test_keys_ignore_the_run_id_so_a_retry_reposts_nothing_new() -> None:
    rows = [charge("c1", 1, "2025-02-01", "1.00")]
    assert only(plan(rows, run="a")).key == only(plan(rows, run="b")).key


def test_a_reset_integration_gets_new_keys() -> None:
    rows = [charge("c1", 1, "2025-02-01", "1.00")]
    assert only(plan(rows)).key != only(plan(rows, cfg=settings(generation=1))).key


def test_rows_outside_the_ledger_range_are_refused() -> None:
    with pytest.raises(PlanningError, match="outside the run's ledger range"):
        plan_sync(settings(), run_id="r", sync_date=d("2025-02-10"), cursor=5, upto=6, first_sync=False,
                  transactions=[charge("c1", 3, "2025-02-01", "1.00")], history=[])


def test_plan_lists_the_accounts_it_needs() -> None:
    p = plan([payment("p1", 1, "2025-02-01", "5.00", "credit_card")])
    assert {s.name for s in p.accounts} == {"Merchant Settlement Account", "Classbooks (Tumble Town) Unapplied Credits"}


def test_debits_equal_credits_in_a_mixed_day() -> None:
    p1 = payment("p1", 2, "2025-02-01", "80.00", "credit_card", family="b")
    rows = [charge("c1", 1, "2025-02-01", "50.00", family="a"), p1, credit("k1", 3, "2025-02-01", "5.00", family="a"),
            refund("r1", 4, "2025-02-01", "30.00", "p1", "credit_card", family="b")]
    doc = only(plan(rows))  # refunds are their own credit line: 80 + 5 + 45 debits
    assert doc.balanced and doc.total_debits == money("130.00")
    assert all(ln.posting_type in (PostingType.DEBIT, PostingType.CREDIT) and ln.amount > Decimal(0) for ln in doc.lines)


def test_custom_payment_types_differing_only_in_spaces_are_one_type() -> None:
    rows = [payment("p1", 1, "2025-02-01", "7.00", "custom", custom="Venmo"),
            payment("p2", 2, "2025-02-01", "3.00", "custom", custom="Venmo ")]
    doc = only(plan(rows))
    assert {(ln.subject, ln.amount) for ln in doc.lines if ln.account == PTD} == {("custom:Venmo", money("10.00"))}
