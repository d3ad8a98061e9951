"""One contract for the QuickBooks poster port (and Undo's delete): `FakeQuickBooks` and the real
adapter (`QboPoster` over HTTP to the devstack sandbox) answer the same cases alike.

Each case gets a `Company`: the poster plus the few things a test does to the company behind
it (the accountant closes the books, turns the duplicate-number warning off, an answer is lost
after the write committed) and what it holds. The fake is what the sync's unit tests and the
lifecycle state machine run on, so a fake that drifts from the adapter fails here.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from typing import Any, Protocol

import pytest

from chalicelib.domain.accounts import AccountKey, AccountRole, AccountSpec
from chalicelib.domain.journal import JournalDocument, PostingPlan
from chalicelib.domain.plans import QboPlan
from chalicelib.domain.posting import plan_sync
from chalicelib.domain.settings import PostingSettings
from chalicelib.domain.standing import StandingDocument, reversal_of
from chalicelib.domain.transactions import PaymentType, Transaction, TxnType
from chalicelib.quickbooks.errors import IntuitUnavailable
from chalicelib.sync.ports import PeriodClosed, QuickBooksRefused, References, SyncError
from chalicelib.sync.qbo import Credentials, QboGateway, QboPoster, RealmThrottle, RetryPolicy
from devstack.qbo_sandbox.seed import seed
from tests.fakes.quickbooks import FakeQuickBooks
from tests.sandbox.helpers import Control, connect

D1, D2, D3 = dt.date(2026, 3, 2), dt.date(2026, 3, 3), dt.date(2026, 3, 4)
OWNED = (AccountRole.RECEIVABLES_CLEARING, AccountRole.UNAPPLIED_CREDITS)
BALANCE_SHEET = (*OWNED, AccountRole.PAYMENTS_TO_DEPOSIT)


class Poster(Protocol):
    def ensure_references(self, plan: PostingPlan, cached: dict[str, str]) -> References: ...
    def post(self, documents: Sequence[JournalDocument], references: References) -> list[Any]: ...
    def recover(self, documents: Sequence[JournalDocument]) -> list[Any]: ...
    def delete(self, entries: Sequence[tuple[str, str]]) -> dict[str, str]: ...
    def account_balances(self, accounts: Sequence[AccountSpec], cached: dict[str, str],
                         as_of: dt.date) -> dict[str, Decimal]: ...
    def book_close_date(self) -> dt.date | None: ...


@dataclasses.dataclass
class Company:
    poster: Poster
    close_books: Callable[[dt.date | None], None]
    warn_duplicates: Callable[[bool], None]
    lose_next_answer: Callable[[int], None]  # the next write of n documents commits, its answer is lost
    doc_numbers: Callable[[], list[str]]  # every journal entry's DocNumber, duplicates included


def _fake() -> Company:
    qbo = FakeQuickBooks(warn_duplicate_journal_number=True)  # QBO's default, as the sandbox's company

    def lose(n: int) -> None:
        qbo.inject(IntuitUnavailable("QuickBooks gave no answer"), after=n)

    def warn(on: bool) -> None:
        qbo.warn_duplicate_journal_number = on
    return Company(qbo, qbo.close_books, warn, lose, lambda: [d.doc_number for d in qbo.entries.values()])


class _Tokens:
    def __init__(self, auth: Any, realm: str) -> None:
        self.auth, self.realm = auth, realm

    def __call__(self, *, force_refresh: bool = False) -> Credentials:
        if force_refresh:
            self.auth.refresh()
        return Credentials(self.auth.access_token, self.realm)


def _sandbox(base_url: str) -> Company:
    seeded, control = seed(base_url), Control(base_url)
    realm, throttles = seeded.plus_realm, {}
    client = QboGateway(_Tokens(connect(seeded, realm), realm), api_base=base_url + "/v3/company/",
                       timeout=(2.0, 5.0), retry=RetryPolicy(attempts=6),
                       throttle=lambda r: throttles.setdefault(r, RealmThrottle()), sleep=lambda s: None)
    poster = QboPoster(client, plan_tier=QboPlan.PLUS)

    def close(day: dt.date | None) -> None:
        control.company(realm, book_close_date=day.isoformat() if day else None)

    def warn(on: bool) -> None:
        control.company(realm, warn_duplicate_journal_number=on)

    def lose(n: int) -> None:
        control.fault(kind="drop", mode="close", count=1, realm_id=realm,
                      path="/batch" if n > 1 else "/journalentry", method="POST")
    return Company(poster, close, warn, lose,
                   lambda: [str(d.get("DocNumber")) for d in control.documents(realm, "JournalEntry")])


@pytest.fixture(params=["fake", "sandbox"])
def company(request: pytest.FixtureRequest) -> Iterator[Company]:
    if request.param == "fake":
        yield _fake()
    else:
        yield _sandbox(request.getfixturevalue("qbo_sandbox"))


def _plan(run_id: str = "run-1") -> PostingPlan:
    """A charge on D1, a payment that overpays it on D2 (receivables to unapplied credits), a charge on D3."""
    rows = [Transaction("c1", 1, TxnType.CHARGE, D1, Decimal("100.10"), "fam-1", "L1", revenue_category="tuition"),
            Transaction("p2", 2, TxnType.PAYMENT, D2, Decimal("160.05"), "fam-1", "L1",
                        payment_type=PaymentType.CASH),
            Transaction("c3", 3, TxnType.CHARGE, D3, Decimal("20.00"), "fam-1", "L1", revenue_category="tuition")]
    settings = PostingSettings(tenant_id="tenant-1", studio_name="Tumble Town", go_live_date=dt.date(2026, 1, 1),
                               class_tracking=False, location_classes={"L1": "Location L1"})
    return plan_sync(settings, run_id=run_id, sync_date=D3 + dt.timedelta(days=1), cursor=0, upto=3,
                     first_sync=False, transactions=rows, history=[])


def _specs(plan: PostingPlan, roles: Sequence[AccountRole] = BALANCE_SHEET) -> list[AccountSpec]:
    return [s for s in plan.accounts if s.key.role in roles]


def _held(docs: Sequence[JournalDocument], spec: AccountSpec, as_of: dt.date) -> Decimal:
    return sum((ln.signed for d in docs if d.txn_date <= as_of for ln in d.lines if ln.account == spec.key),
               Decimal("0.00"))


def _ready(company: Company, plan: PostingPlan) -> References:
    return company.poster.ensure_references(plan, {})


def test_posted_documents_are_found_by_their_doc_number_and_others_are_not(company: Company) -> None:
    plan = _plan()
    refs = _ready(company, plan)
    posted = company.poster.post(plan.documents[:2], refs)
    assert [p.key for p in posted] == [d.key for d in plan.documents[:2]]
    assert not any(p.found_existing for p in posted)
    found = company.poster.recover(plan.documents)
    assert [(p.key, p.qbo_id, p.found_existing) for p in found] == [(p.key, p.qbo_id, True) for p in posted]


def test_the_same_call_repeated_posts_nothing_more_and_answers_the_same_ids(company: Company) -> None:
    plan = _plan()
    refs = _ready(company, plan)
    first = company.poster.post(plan.documents, refs)
    again = company.poster.post(plan.documents, refs)
    assert [p.qbo_id for p in again] == [p.qbo_id for p in first]
    assert sorted(company.doc_numbers()) == sorted(d.doc_number for d in plan.documents)


def test_a_held_document_in_another_call_is_found_not_posted_again_while_quickbooks_warns(company: Company) -> None:
    plan = _plan()
    refs = _ready(company, plan)
    first = company.poster.post(plan.documents[:1], refs)
    both = company.poster.post(plan.documents[:2], refs)
    assert (both[0].key, both[0].qbo_id, both[0].found_existing) == (first[0].key, first[0].qbo_id, True)
    assert not both[1].found_existing
    assert sorted(company.doc_numbers()) == sorted(d.doc_number for d in plan.documents[:2])


def test_with_the_warning_off_another_call_posts_a_duplicate_and_the_first_one_is_recovered(company: Company) -> None:
    plan = _plan()
    refs = _ready(company, plan)
    company.warn_duplicates(False)
    first = company.poster.post(plan.documents[:1], refs)
    company.poster.post(plan.documents[:2], refs)
    assert sorted(company.doc_numbers()) == sorted([plan.documents[0].doc_number,
                                                    *(d.doc_number for d in plan.documents[:2])])
    assert [p.qbo_id for p in company.poster.recover(plan.documents[:1])] == [first[0].qbo_id]
    specs = _specs(plan)  # the report counts the duplicate: QuickBooks holds it
    got = company.poster.account_balances(specs, refs.cache, D3)
    docs = [plan.documents[0], *plan.documents[:2]]
    assert got == {s.name: _held(docs, s, D3) for s in specs}


def test_balances_as_of_each_date_are_the_posted_lines_debit_positive(company: Company) -> None:
    plan = _plan()
    refs = _ready(company, plan)
    company.poster.post(plan.documents, refs)
    specs = _specs(plan)
    assert {s.key.role for s in specs} == set(BALANCE_SHEET)
    for day in (D1 - dt.timedelta(days=1), D1, D2, D3):
        got = company.poster.account_balances(specs, refs.cache, day)
        assert got == {s.name: _held(plan.documents, s, day) for s in specs}, day
    unapplied = next(s for s in specs if s.key.role is AccountRole.UNAPPLIED_CREDITS)
    assert company.poster.account_balances([unapplied], refs.cache, D2)[unapplied.name] < 0  # a liability: credit


def test_balances_leave_out_accounts_not_resolved_and_show_no_income_account(company: Company) -> None:
    plan = _plan()
    refs = _ready(company, plan)
    company.poster.post(plan.documents, refs)
    owned = _specs(plan, OWNED)
    cache = {k: v for k, v in refs.cache.items() if k != f"account:{owned[0].name.casefold()}"}
    assert set(company.poster.account_balances(owned, cache, D3)) == {owned[1].name}
    income = _specs(plan, (AccountRole.REVENUE,))
    assert income and company.poster.account_balances(income, refs.cache, D3) == {
        s.name: Decimal("0.00") for s in income}  # the BalanceSheet has no income rows


def test_open_books_have_no_closing_date_and_a_close_is_read_back(company: Company) -> None:
    assert company.poster.book_close_date() is None
    company.close_books(D1)
    assert company.poster.book_close_date() == D1


def test_a_closed_period_refuses_its_documents_and_posts_the_rest(company: Company) -> None:
    plan = _plan()
    refs = _ready(company, plan)
    company.close_books(D2)
    with pytest.raises(PeriodClosed) as refused:
        company.poster.post(plan.documents, refs)
    closed = [d.key for d in plan.documents if d.txn_date <= D2]
    assert sorted(refused.value.refused) == sorted(closed)
    assert sorted(p.key for p in refused.value.posted) == sorted(d.key for d in plan.documents if d.txn_date > D2)
    assert "5010" in refused.value.codes and "Account Period Closed" in str(refused.value)
    assert sorted(company.doc_numbers()) == sorted(d.doc_number for d in plan.documents if d.txn_date > D2)


def test_delete_takes_an_open_entry_out_and_a_second_delete_finds_it_gone(company: Company) -> None:
    plan = _plan()
    refs = _ready(company, plan)
    posted = company.poster.post(plan.documents, refs)
    target = [(posted[0].key, posted[0].qbo_id)]
    assert company.poster.delete(target) == {posted[0].key: "deleted"}
    assert company.poster.delete(target) == {posted[0].key: "gone"}
    assert [p.key for p in company.poster.recover(plan.documents)] == [p.key for p in posted[1:]]
    specs = _specs(plan)
    assert company.poster.account_balances(specs, refs.cache, D3) == {
        s.name: _held(plan.documents[1:], s, D3) for s in specs}


def test_an_entry_in_the_closed_period_cannot_be_deleted_and_its_reversal_posts_on_the_first_open_date(
        company: Company) -> None:
    plan = _plan()
    refs = _ready(company, plan)
    posted = company.poster.post(plan.documents, refs)
    company.close_books(D2)
    outcome = company.poster.delete([(p.key, p.qbo_id) for p in posted])
    assert outcome[posted[0].key] not in ("deleted", "gone") and "Period Closed" in outcome[posted[0].key]
    assert outcome[posted[2].key] == "deleted"
    reversal = reversal_of(StandingDocument(plan.documents[0], posted[0].qbo_id, "run-1"), D3, "reset")
    company.poster.post([reversal], refs)
    specs = _specs(plan)
    held = [*plan.documents[:2], reversal]
    for day in (D2, D3):
        assert company.poster.account_balances(specs, refs.cache, day) == {s.name: _held(held, s, day) for s in specs}
    receivables = next(s for s in specs if s.key.role is AccountRole.RECEIVABLES_CLEARING)
    assert company.poster.account_balances([receivables], refs.cache, D3)[receivables.name] == _held(
        plan.documents[1:2], receivables, D3)


@pytest.mark.parametrize("count", [1, 3])
def test_a_write_whose_answer_was_lost_is_held_once_and_found_by_a_look_up(company: Company, count: int) -> None:
    plan = _plan()
    docs = plan.documents[:count]
    refs = _ready(company, plan)
    company.lose_next_answer(count)
    try:  # the adapter resolves it by a look-up; the fake reports it lost (what the run then meets)
        answered = company.poster.post(docs, refs)
    except SyncError as lost:
        answered = list(lost.posted)
    found = company.poster.recover(docs)
    assert sorted(p.key for p in found) == sorted(d.key for d in docs)
    assert {p.key: p.qbo_id for p in answered}.items() <= {p.key: p.qbo_id for p in found}.items()
    again = company.poster.post(docs, refs)  # the run posts what it could not record again
    assert {p.key: p.qbo_id for p in again} == {p.key: p.qbo_id for p in found}
    assert sorted(company.doc_numbers()) == sorted(d.doc_number for d in docs)


def test_an_account_id_the_company_does_not_have_is_refused_and_nothing_is_posted(company: Company) -> None:
    plan = _plan()
    refs = _ready(company, plan)
    gone = References(dict.fromkeys(refs.accounts, "99999"), refs.classes, refs.cache)  # e.g. another company's
    with pytest.raises(QuickBooksRefused) as refused:
        company.poster.post(plan.documents[:1], gone)
    assert not isinstance(refused.value, PeriodClosed) and "2500" in refused.value.codes
    assert company.doc_numbers() == []


def test_accounts_are_found_by_name_once_created_and_cached_ids_are_trusted(company: Company) -> None:
    plan = _plan()
    first = _ready(company, plan)
    again = company.poster.ensure_references(plan, {})  # a cold cache finds the same accounts by name
    assert dict(again.accounts) == dict(first.accounts)
    assert all(k.startswith(("account:", "class:")) for k in first.cache)


def test_an_account_classbooks_only_finds_is_refused_when_the_company_lacks_it(company: Company) -> None:
    plan = _plan()
    chosen = AccountSpec(AccountKey(AccountRole.OPENING_BALANCE_OFFSET, "No Such Account"), "No Such Account",
                         None, None, create=False)
    with pytest.raises(QuickBooksRefused, match="No Such Account"):
        company.poster.ensure_references(dataclasses.replace(plan, accounts=(*plan.accounts, chosen)), {})
    assert company.doc_numbers() == []
