"""The correcting entry for read-back drift: balanced to the cent, one line per drifted account,
expected - actual back (debit positive), the net to the admin's offset account."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from chalicelib.domain.accounts import AccountKey, AccountRole
from chalicelib.domain.correction import (
    CorrectionRefused,
    correcting_entry,
    correction_key,
    findings,
    offset_choices,
    offset_refusal,
    offset_spec,
    suggested_offset,
)
from chalicelib.domain.drift import Drift
from chalicelib.domain.journal import DocumentKind, PostingType
from chalicelib.domain.settings import open_date
from chalicelib.domain.specs import account_specs

CLEARING, UNAPPLIED, GIFT = ("Classbooks Receivables (Tumble Town)", "Classbooks (Tumble Town) Unapplied Credits",
                             "Classbooks Gift Card Liability (Tumble Town)")
SPECS = account_specs([AccountKey(AccountRole.RECEIVABLES_CLEARING), AccountKey(AccountRole.UNAPPLIED_CREDITS),
                       AccountKey(AccountRole.GIFT_CARD_LIABILITY)], "Classbooks", "Tumble Town")
DAY = dt.date(2025, 3, 10)
OFFSET = offset_spec("Reconciliation Discrepancies")


def entry(*drift: Drift, on: dt.date = DAY):
    return correcting_entry("t1", "task-9", DAY, list(drift), SPECS, OFFSET, on)


def side(doc, role: AccountRole) -> list[tuple[PostingType, Decimal]]:
    return [(ln.posting_type, ln.amount) for ln in doc.lines if ln.account.role is role]


def test_an_entry_deleted_from_receivables_is_debited_back_against_the_offset() -> None:
    doc = entry(Drift(CLEARING, Decimal("25.00"), Decimal("0.00")))
    assert side(doc, AccountRole.RECEIVABLES_CLEARING) == [(PostingType.DEBIT, Decimal("25.00"))]
    assert side(doc, AccountRole.CORRECTION_OFFSET) == [(PostingType.CREDIT, Decimal("25.00"))]
    assert doc.balanced and doc.kind is DocumentKind.CORRECTION and doc.txn_date == DAY


def test_a_liability_the_accountant_drew_down_is_credited_back() -> None:
    doc = entry(Drift(GIFT, Decimal("-50.00"), Decimal("-40.00")))  # credit-normal: -50 posted, -40 held
    assert side(doc, AccountRole.GIFT_CARD_LIABILITY) == [(PostingType.CREDIT, Decimal("10.00"))]
    assert side(doc, AccountRole.CORRECTION_OFFSET) == [(PostingType.DEBIT, Decimal("10.00"))]


def test_several_accounts_one_line_each_balanced_to_the_cent() -> None:
    drift = [Drift(CLEARING, Decimal("100.01"), Decimal("75.00")), Drift(UNAPPLIED, Decimal("-30.00"),
                                                                         Decimal("-29.99")),
             Drift(GIFT, Decimal("-0.03"), Decimal("0.00"))]
    doc = entry(*drift)
    assert len(doc.lines) == 4 and doc.balanced and doc.total_debits == Decimal("25.01")
    assert [ln.account.role for ln in doc.lines[:3]].count(AccountRole.CORRECTION_OFFSET) == 0
    for d in drift:  # each account moves by exactly expected - actual
        moved = sum(ln.signed for ln in doc.lines if ln.account.role is not AccountRole.CORRECTION_OFFSET
                    and next(s for s in SPECS if s.key == ln.account).name == d.account)
        assert d.actual + moved == d.expected


def test_differences_that_net_to_zero_need_no_offset_line() -> None:
    doc = entry(Drift(CLEARING, Decimal("10.00"), Decimal("0.00")), Drift(UNAPPLIED, Decimal("-10.00"),
                                                                          Decimal("0.00")))
    assert doc.balanced and all(ln.account.role is not AccountRole.CORRECTION_OFFSET for ln in doc.lines)


def test_the_memo_names_the_task_and_the_accounts() -> None:
    doc = entry(Drift(CLEARING, Decimal("25.00"), Decimal("0.00")))
    assert "task-9" in doc.private_note and CLEARING in doc.private_note
    assert "Reconciliation Discrepancies" in doc.private_note and "25.00" in doc.private_note


def test_one_key_per_task_and_the_doc_number_follows_it() -> None:
    a, b = entry(Drift(CLEARING, Decimal("1.00"), ZERO_)), entry(Drift(CLEARING, Decimal("2.00"), ZERO_))
    assert a.key == b.key == correction_key("t1", "task-9") and a.doc_number == b.doc_number
    assert len(a.key) <= 50 and len(a.doc_number) <= 21
    assert correction_key("t1", "task-10") != a.key and correction_key("t2", "task-9") != a.key


ZERO_ = Decimal("0.00")


def test_dated_today_or_the_day_after_the_closed_date() -> None:
    assert open_date(DAY, None) == DAY
    assert open_date(DAY, DAY - dt.timedelta(days=1)) == DAY
    assert open_date(DAY, DAY) == DAY + dt.timedelta(days=1)
    assert open_date(DAY, dt.date(2025, 3, 31)) == dt.date(2025, 4, 1)


def test_an_account_no_longer_checked_is_refused() -> None:
    with pytest.raises(CorrectionRefused, match="mapping changed"):
        entry(Drift("Someone Else's Account", Decimal("1.00"), ZERO_))


def test_findings_come_from_a_drift_read_back_only() -> None:
    found = findings({"status": "drift", "as_of": "2025-03-10", "accounts": [
        {"account": CLEARING, "expected": "25.00", "in_quickbooks": "0.00", "difference": "-25.00"}]})
    assert found == [Drift(CLEARING, Decimal("25.00"), ZERO_)]
    for readback in (None, {"status": "ok", "accounts": []}, {"status": "baseline"}):
        with pytest.raises(CorrectionRefused):
            findings(readback)


CHART = [{"Name": "Reconciliation Discrepancies", "AccountType": "Other Expense"},
         {"Name": "Checking", "AccountType": "Bank"}, {"Name": "Services", "AccountType": "Income"},
         {"Name": CLEARING, "AccountType": "Other Current Asset"}]


def test_the_offset_must_be_an_existing_income_expense_or_equity_account() -> None:
    assert offset_refusal("reconciliation discrepancies", CHART) is None
    assert "no active account" in (offset_refusal("Nowhere", CHART) or "")
    assert "Bank" in (offset_refusal("Checking", CHART) or "")
    assert "Other Current Asset" in (offset_refusal(CLEARING, CHART) or "")


def test_reconciliation_discrepancies_is_suggested_only_when_the_chart_has_it() -> None:
    choices = offset_choices(CHART)
    assert choices == ["Reconciliation Discrepancies", "Services"]
    assert suggested_offset(choices) == "Reconciliation Discrepancies"
    assert suggested_offset(offset_choices(CHART[1:])) is None


SUB_CHART = [*CHART, {"Name": "Adjustments", "FullyQualifiedName": "Reconciliation Discrepancies:Adjustments",
                      "AccountType": "Other Expense", "SubAccount": True}]


def test_the_offset_may_be_a_sub_account_named_by_its_full_name() -> None:
    assert offset_refusal("reconciliation discrepancies:adjustments", SUB_CHART) is None
    assert "no active account" in (offset_refusal("Adjustments:Reconciliation Discrepancies", SUB_CHART) or "")
    assert "Reconciliation Discrepancies:Adjustments" in offset_choices(SUB_CHART)
