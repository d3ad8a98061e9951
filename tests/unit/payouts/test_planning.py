"""Planning payouts: one document per payout whose bank line is exactly the net."""
from __future__ import annotations

import dataclasses

import pytest

from chalicelib.domain.accounts import AccountRole
from chalicelib.domain.errors import PlanningError
from chalicelib.domain.journal import DEPOSIT, JOURNAL_ENTRY, DocumentKind
from chalicelib.domain.payouts import PayoutAccounts, plan_payouts, with_payouts
from chalicelib.domain.posting import plan_sync
from chalicelib.domain.serialize import plan_from_dict, plan_to_dict
from tests.unit.domain.builders import d, settings
from tests.unit.payouts.builders import ACCOUNTS, payout


def lines_by_role(doc):
    return [(ln.account.role, ln.posting_type.value, str(ln.amount)) for ln in doc.lines]


def test_a_payout_is_one_deposit_dated_the_payout_date_with_the_net_on_the_bank_line() -> None:
    [doc] = plan_payouts(settings(), ACCOUNTS, [payout(gross="100.00", fees="3.20", refunds="10.00")], "run-1")
    assert doc.entity == DEPOSIT and doc.kind is DocumentKind.PAYOUT and doc.txn_date == d("2025-03-12")
    assert lines_by_role(doc)[0] == (AccountRole.PAYOUT_BANK, "Debit", "86.80")
    assert doc.lines[0].account.detail == "Business Checking" and doc.balanced


def test_gross_leaves_merchant_settlement_and_refunds_withheld_come_back_to_it() -> None:
    [doc] = plan_payouts(settings(), ACCOUNTS, [payout(gross="100.00", refunds="10.00")], "run-1")
    merchant = [r for r in lines_by_role(doc) if r[0] is AccountRole.MERCHANT_SETTLEMENT]
    assert merchant == [(AccountRole.MERCHANT_SETTLEMENT, "Credit", "100.00"),
                        (AccountRole.MERCHANT_SETTLEMENT, "Debit", "10.00")]


def test_fees_go_to_merchant_fees_and_chargebacks_to_the_chosen_account() -> None:
    chosen = PayoutAccounts({"ba-1": "Checking"}, chargebacks_account="Disputed Payments")
    [doc] = plan_payouts(settings(), chosen, [payout(fees="2.00", chargebacks="30.00", reversals="5.00")], "r")
    named = {(ln.account.role, ln.account.detail, ln.posting_type.value, str(ln.amount)) for ln in doc.lines}
    assert (AccountRole.MERCHANT_FEES, None, "Debit", "2.00") in named
    assert (AccountRole.CHARGEBACKS, "Disputed Payments", "Debit", "30.00") in named
    assert (AccountRole.CHARGEBACKS, "Disputed Payments", "Credit", "5.00") in named


def test_a_payout_with_no_positive_net_is_a_journal_entry_crediting_the_bank() -> None:
    [doc] = plan_payouts(settings(), ACCOUNTS, [payout(gross="10.00", chargebacks="25.00")], "r")
    assert doc.entity == JOURNAL_ENTRY and lines_by_role(doc)[0] == (AccountRole.PAYOUT_BANK, "Credit", "15.00")


def test_an_unmapped_bank_account_is_refused_naming_it() -> None:
    with pytest.raises(PlanningError, match="ba-9"):
        plan_payouts(settings(), ACCOUNTS, [payout(bank="ba-9")], "r")


def test_payouts_dated_before_go_live_never_post() -> None:
    assert plan_payouts(settings(), ACCOUNTS, [payout(date="2024-12-30")], "r") == ()


def test_a_payouts_key_is_the_same_whatever_run_plans_it() -> None:
    [a] = plan_payouts(settings(), ACCOUNTS, [payout()], "run-1")
    [b] = plan_payouts(settings(), ACCOUNTS, [payout()], "run-2")
    [c] = plan_payouts(settings(generation=1), ACCOUNTS, [payout()], "run-1")
    assert a.key == b.key != c.key and a.doc_number == b.doc_number and len(a.doc_number) <= 21


def test_a_payout_in_the_closed_period_posts_on_the_first_open_date_with_a_memo() -> None:
    [doc] = plan_payouts(settings(book_close_date=d("2025-03-31")), ACCOUNTS, [payout()], "r")
    assert doc.txn_date == d("2025-04-01") and "closed period" in doc.private_note


def test_the_plan_carries_journal_entries_and_deposits_and_survives_its_json() -> None:
    s = settings()
    base = plan_sync(s, run_id="r", sync_date=d("2025-03-12"), cursor=0, upto=1, first_sync=True,
                     transactions=[], history=[])
    plan = with_payouts(base, s, ACCOUNTS, [payout(fees="1.00")])
    assert [doc.entity for doc in plan.documents] == [DEPOSIT]
    names = {spec.key.role: (spec.name, spec.create) for spec in plan.accounts}
    assert names[AccountRole.PAYOUT_BANK] == ("Business Checking", False)
    assert names[AccountRole.MERCHANT_FEES] == ("Merchant Fees", True)
    assert plan_from_dict(plan_to_dict(plan)) == plan


def test_an_old_plan_without_entities_loads_as_journal_entries() -> None:
    s = settings()
    plan = with_payouts(plan_sync(s, run_id="r", sync_date=d("2025-03-12"), cursor=0, upto=1, first_sync=True,
                                  transactions=[], history=[]), s, ACCOUNTS, [payout()])
    data = plan_to_dict(dataclasses.replace(plan, documents=tuple(
        dataclasses.replace(x, entity=JOURNAL_ENTRY) for x in plan.documents)))
    assert all("entity" not in doc for doc in data["documents"])
    assert plan_from_dict(data).documents[0].entity == JOURNAL_ENTRY
