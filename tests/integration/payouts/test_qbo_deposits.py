"""The QBO adapter posts payout Deposits beside journal entries, each exactly once (sandbox)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from chalicelib.domain.payouts import PayoutAccounts, with_payouts
from chalicelib.domain.posting import plan_sync
from tests.integration.sync_qbo.conftest import plus, qbo  # noqa: F401 - fixtures
from tests.unit.domain.builders import d, payment, settings
from tests.unit.payouts.builders import payout

ACCOUNTS = PayoutAccounts({"ba-1": "Checking"})


def mixed_plan(count: int = 2):
    s = settings()
    base = plan_sync(s, run_id="run-1", sync_date=d("2025-03-10"), cursor=0, upto=count + 1, first_sync=True,
                     transactions=[payment("p1", 1, "2025-03-03", "100.00", "credit_card")], history=[])
    payouts = [payout(f"po{i}", "100.00", fees="2.50", refunds="10.00", seq=i + 2) for i in range(count)]
    return with_payouts(base, s, ACCOUNTS, payouts)


def deposits(qbo, realm):
    return qbo.control.documents(realm, "Deposit")


def test_deposits_and_a_journal_entry_post_in_one_batch_each_deposit_totalling_its_net(qbo, plus) -> None:
    plan = mixed_plan()
    poster = qbo.poster(plus)
    posted = poster.post(plan.documents, poster.ensure_references(plan, cached={}))
    assert len(posted) == 3 and not any(p.found_existing for p in posted)
    assert sorted(Decimal(str(x["TotalAmt"])) for x in deposits(qbo, plus)) == [Decimal("87.50")] * 2
    assert {x["DepositToAccountRef"]["name"] for x in deposits(qbo, plus)} == {"Checking"}
    books = qbo.control.balances(plus, "2100-01-01")
    assert (books["Merchant Settlement Account"], books["Merchant Fees"], books["Checking"]) == (
        "-80.00", "5.00", "175.00")


def test_the_bank_account_is_never_created_when_it_is_missing(qbo, plus) -> None:
    s = settings()
    plan = with_payouts(plan_sync(s, run_id="r", sync_date=d("2025-03-10"), cursor=0, upto=1, first_sync=True,
                                  transactions=[], history=[]), s, PayoutAccounts({"ba-1": "Gone Bank"}), [payout()])
    with pytest.raises(Exception, match="Gone Bank"):
        qbo.poster(plus).ensure_references(plan, cached={})
    assert "Gone Bank" not in qbo.control.balances(plus, "2100-01-01")


@pytest.mark.parametrize("count,path", [(1, "/deposit"), (2, "/batch")], ids=["single", "batch"])
def test_a_deposit_committed_then_lost_is_found_by_its_doc_number_not_posted_again(qbo, plus, count, path) -> None:
    plan = mixed_plan(count)
    poster = qbo.poster(plus)
    refs = poster.ensure_references(plan, cached={})
    documents = plan.documents if count > 1 else plan.documents[1:]
    qbo.control.fault(kind="drop", mode="500", count=1, realm_id=plus, path=path)
    posted = poster.post(documents, refs)
    numbers = sorted(x["DocNumber"] for x in deposits(qbo, plus))
    assert numbers == sorted(doc.doc_number for doc in documents if doc.entity == "Deposit")
    assert all(p.found_existing for p in posted)


def test_recover_finds_deposits_an_earlier_attempt_posted(qbo, plus) -> None:
    plan = mixed_plan()
    poster = qbo.poster(plus)
    poster.post(plan.documents, poster.ensure_references(plan, cached={}))
    found = qbo.poster(plus).recover(plan.documents)
    assert sorted(p.key for p in found) == sorted(doc.key for doc in plan.documents)
