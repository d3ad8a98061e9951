"""Property tests: for any valid ledger split into any consecutive runs (the first a lump sum),
every document balances, lines are positive cents, the routed accounts carry the ledger totals,
and the clearing accounts tie to receivables and FIN-12 after every run."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from decimal import Decimal

from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from chalicelib.domain.accounts import AccountKey, AccountRole, route_credit, route_payment
from chalicelib.domain.balances import BalanceTotals, family_balances, unapplied_credits_report
from chalicelib.domain.charges import ChargeKind, TaxPart
from chalicelib.domain.first_sync import FirstSyncEntries, fiscal_year_end
from chalicelib.domain.gift_cards import gift_cards_outstanding
from chalicelib.domain.journal import DocumentKind, JournalDocument, PostingPlan
from chalicelib.domain.money import ZERO
from chalicelib.domain.posting import plan_sync
from chalicelib.domain.serialize import plan_from_dict, plan_to_dict
from chalicelib.domain.settings import PostingSettings
from chalicelib.domain.transactions import CreditType, PaymentType, Transaction, TxnType

GO_LIVE = dt.date(2025, 3, 1)
FAMILIES = ["a", "b", "c", "d"]
LOCATIONS = {"L1": "North", "L2": "South"}
PAYMENTS = [("credit_card", None), ("echeck", None), ("cash", None), ("check", None),
            ("custom", "Venmo"), ("custom", "Zelle")]
amounts = st.integers(min_value=1, max_value=50_000).map(lambda c: Decimal(c).scaleb(-2))
dates = st.integers(min_value=-20, max_value=40).map(lambda n: GO_LIVE + dt.timedelta(days=n))


@st.composite
def ledgers(draw: st.DrawFn) -> list[Transaction]:
    """A valid ledger in ingest order: refunds and voids refer to earlier rows, dated on/after."""
    rows: list[Transaction] = []
    voided: set[str] = set()
    refunded: dict[str, Decimal] = {}
    for seq in range(1, draw(st.integers(min_value=0, max_value=40)) + 1):
        common = dict(id=f"t{seq}", seq=seq, amount=draw(amounts), date=draw(dates),
                      family_id=draw(st.sampled_from(FAMILIES)), location_id=draw(st.sampled_from(list(LOCATIONS))))
        kind = draw(st.sampled_from(["charge", "payment", "credit", "refund", "void"]))
        live_payments = [p for p in rows if p.type is TxnType.PAYMENT and p.id not in voided
                         and refunded.get(p.id, ZERO) < p.amount]
        voidable = [t for t in rows if t.type is not TxnType.VOID and t.id not in voided
                    and not (t.type is TxnType.PAYMENT and refunded.get(t.id, ZERO) > 0)]
        if kind == "refund" and live_payments:
            p = draw(st.sampled_from(live_payments))
            left = p.amount - refunded.get(p.id, ZERO)
            amount = draw(st.integers(min_value=1, max_value=int(left * 100)).map(lambda c: Decimal(c).scaleb(-2)))
            refunded[p.id] = refunded.get(p.id, ZERO) + amount
            common.update(amount=amount, family_id=p.family_id, date=max(p.date, common["date"]))
            rows.append(Transaction(type=TxnType.REFUND, payment_type=p.payment_type, custom_type=p.custom_type,
                                    refunds=p.id, **common))
        elif kind == "void" and voidable:
            t = draw(st.sampled_from(voidable))
            voided.add(t.id)
            if t.type is TxnType.REFUND and t.refunds:
                refunded[t.refunds] -= t.amount
            common.update(amount=t.amount, family_id=t.family_id, date=max(t.date, common["date"]))
            rows.append(Transaction(type=TxnType.VOID, voids=t.id, **common))
        elif kind in ("payment", "refund", "void"):
            ptype, custom = draw(st.sampled_from(PAYMENTS))
            rows.append(Transaction(type=TxnType.PAYMENT, payment_type=PaymentType(ptype), custom_type=custom, **common))
        elif kind == "credit":
            rows.append(Transaction(type=TxnType.CREDIT, credit_type=draw(st.sampled_from(list(CreditType))), **common))
        elif draw(st.integers(min_value=0, max_value=4)) == 0:
            rows.append(Transaction(type=TxnType.CHARGE, kind=ChargeKind.GIFT_CARD, **common))
        else:
            names = draw(st.lists(st.sampled_from(["State Tax", "City Tax"]), unique=True, max_size=2))
            cents = draw(st.lists(st.integers(min_value=1, max_value=int(common["amount"] * 50) or 1),
                                  min_size=len(names), max_size=len(names)))
            tax = tuple(TaxPart(n, Decimal(c).scaleb(-2)) for n, c in zip(names, cents, strict=True)
                        if Decimal(c).scaleb(-2) * len(names) <= common["amount"])
            rows.append(Transaction(type=TxnType.CHARGE, revenue_category=draw(st.sampled_from(["tuition", "camps"])),
                                    tax=tax, **common))
    return rows


def run_all(ledger: list[Transaction], cuts: list[int], first_sync: dt.date, cfg: PostingSettings):
    """Plan consecutive runs ending at each cut; yield (plan, rows seen so far)."""
    cursor = 0
    bounds = sorted({c for c in cuts if 0 < c < len(ledger)} | {len(ledger)})
    for i, upto in enumerate(bounds):
        sync = first_sync + dt.timedelta(days=i)
        plan = plan_sync(cfg, run_id=f"run-{i}", sync_date=sync, cursor=cursor, upto=upto,
                         first_sync=i == 0, transactions=ledger[cursor:upto], history=ledger[:cursor])
        yield plan, ledger[:upto]
        cursor = upto


def contribution(t: Transaction) -> list[tuple[AccountKey, str, Decimal]]:
    """The independent ledger view: what `t` should add to an account (debit positive)."""
    if t.type is TxnType.CHARGE and t.kind is not None:
        return [(AccountKey(AccountRole.GIFT_CARD_LIABILITY), "gift_card", -t.amount)]
    if t.type is TxnType.CHARGE:
        taxes = [(AccountKey(AccountRole.SALES_TAX_PAYABLE, p.name), p.name, -p.amount) for p in t.tax]
        net = t.amount - sum((p.amount for p in t.tax), ZERO)
        return [(AccountKey(AccountRole.REVENUE, t.revenue_category), t.revenue_category or "", -net), *taxes]
    if t.type is TxnType.CREDIT:
        assert t.credit_type is not None
        role = route_credit(t.credit_type)
        key = AccountKey(role) if role is AccountRole.GIFT_CARD_LIABILITY else AccountKey(role, t.credit_type.value)
        return [(key, t.credit_type.value, t.amount)]
    sign = 1 if t.type is TxnType.PAYMENT else -1
    assert t.payment_type is not None
    return [(AccountKey(route_payment(t.payment_type)), t.payment_key or "", t.amount * sign)]


def expected_routed(rows: list[Transaction]) -> dict[tuple[AccountKey, str], Decimal]:
    by_id = {t.id: t for t in rows}
    out: dict[tuple[AccountKey, str], Decimal] = {}
    for t in rows:
        if t.date < GO_LIVE:
            continue
        target, sign = (by_id[t.voids or ""], -1) if t.type is TxnType.VOID else (t, 1)
        for key, subject, amount in contribution(target):
            out[(key, subject)] = out.get((key, subject), ZERO) + amount * sign
    return {k: v for k, v in out.items() if v != ZERO}


def posted(docs: list[JournalDocument], roles: set[AccountRole]) -> dict[tuple[AccountKey, str], Decimal]:
    """What documents of rows dated from go-live (not opening entries) put in `roles`."""
    out: dict[tuple[AccountKey, str], Decimal] = {}
    for doc in docs:
        if doc.kind not in (DocumentKind.DAILY, DocumentKind.LUMP_SUM):
            continue
        for ln in doc.lines:
            if ln.account.role in roles:
                out[(ln.account, ln.subject or "")] = out.get((ln.account, ln.subject or ""), ZERO) + ln.signed
    return {k: v for k, v in out.items() if v != ZERO}


def account(docs: list[JournalDocument], role: AccountRole) -> Decimal:
    return sum((ln.signed for doc in docs for ln in doc.lines if ln.account.role is role), ZERO)


ROUTED = {AccountRole.MERCHANT_SETTLEMENT, AccountRole.PAYMENTS_TO_DEPOSIT,
          AccountRole.DISCOUNTS_AND_CREDITS, AccountRole.REVENUE, AccountRole.GIFT_CARD_LIABILITY,
          AccountRole.SALES_TAX_PAYABLE}
common = hsettings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
cut_lists = st.lists(st.integers(min_value=1, max_value=40), max_size=6)


def cfg(offset: str | None = "Old Revenue", tracking: bool = True) -> PostingSettings:
    return PostingSettings("t1", "Studio", GO_LIVE, class_tracking=tracking, location_classes=LOCATIONS,
                           opening_offset_account=offset)


@common
@given(ledgers(), cut_lists, dates, st.booleans())
def test_every_document_balances_with_positive_cent_lines(ledger, cuts, first, tracking) -> None:  # type: ignore[no-untyped-def]
    for plan, _ in run_all(ledger, cuts, first, cfg(tracking=tracking)):
        for doc in plan.documents:
            assert doc.lines and doc.balanced
            assert all(ln.amount > 0 and ln.amount.as_tuple().exponent == -2 for ln in doc.lines)


@common
@given(ledgers(), cut_lists, dates)
def test_routed_accounts_carry_the_ledger_totals_from_go_live(ledger, cuts, first) -> None:  # type: ignore[no-untyped-def]
    docs: list[JournalDocument] = []
    for plan, seen in run_all(ledger, cuts, first, cfg()):
        docs += plan.documents
        assert posted(docs, ROUTED) == expected_routed(seen)


@common
@given(ledgers(), cut_lists, dates)
def test_clearing_accounts_tie_to_receivables_and_fin12_after_every_run(ledger, cuts, first) -> None:  # type: ignore[no-untyped-def]
    docs: list[JournalDocument] = []
    for plan, seen in run_all(ledger, cuts, first, cfg()):
        docs += plan.documents
        totals = BalanceTotals.of(family_balances(seen))
        last = max((t.date for t in seen), default=GO_LIVE)
        assert account(docs, AccountRole.RECEIVABLES_CLEARING) == totals.receivables
        assert -account(docs, AccountRole.UNAPPLIED_CREDITS) == unapplied_credits_report(seen, last).total


def account_as_of(docs: list[JournalDocument], role: AccountRole, day: dt.date) -> Decimal:
    return sum((ln.signed for doc in docs if doc.txn_date <= day for ln in doc.lines if ln.account.role is role), ZERO)


@common
@given(ledgers(), cut_lists, dates)
def test_clearing_accounts_equal_the_ledger_as_of_every_date_whatever_order_rows_arrive_in(ledger, cuts, first) -> None:  # type: ignore[no-untyped-def]
    """Rows arrive in any date order (late rows too): from the first sync on (the lump sum's
    date) every date's receivables and unapplied credits in the books are the ledger's."""
    docs: list[JournalDocument] = []
    for plan, seen in run_all(ledger, cuts, first, cfg()):
        docs += plan.documents
        start = max(first, GO_LIVE - dt.timedelta(days=1))
        for n in range(max((t.date for t in seen), default=start).toordinal() - start.toordinal() + 1):
            day = start + dt.timedelta(days=n)
            totals = BalanceTotals.of(family_balances(seen, as_of=day))
            assert account_as_of(docs, AccountRole.RECEIVABLES_CLEARING, day) == totals.receivables, day
            assert -account_as_of(docs, AccountRole.UNAPPLIED_CREDITS, day) == totals.unapplied_credits, day


@common
@given(ledgers(), cut_lists, dates)
def test_without_an_opening_entry_the_accounts_hold_the_change_since_go_live(ledger, cuts, first) -> None:  # type: ignore[no-untyped-def]
    docs: list[JournalDocument] = []
    opening_ar = opening_uc = ZERO
    for plan, seen in run_all(ledger, cuts, first, cfg(offset=None)):
        docs += plan.documents
        for fig in (plan.opening, plan.pre_go_live_change):
            if fig is not None:
                opening_ar, opening_uc = opening_ar + fig.receivables, opening_uc + fig.unapplied_credits
        totals = BalanceTotals.of(family_balances(seen))
        assert account(docs, AccountRole.RECEIVABLES_CLEARING) + opening_ar == totals.receivables
        assert -account(docs, AccountRole.UNAPPLIED_CREDITS) + opening_uc == totals.unapplied_credits


@common
@given(ledgers(), dates)
def test_first_sync_opening_figures_equal_fin12_the_day_before_go_live(ledger, first) -> None:  # type: ignore[no-untyped-def]
    plan = next(run_all(ledger, [], first, cfg()))[0]
    before = GO_LIVE - dt.timedelta(days=1)
    assert plan.opening is not None
    assert plan.opening.unapplied_credits == unapplied_credits_report(ledger, before).total
    assert plan.opening.receivables == BalanceTotals.of(family_balances(ledger, before)).receivables


@common
@given(ledgers(), cut_lists, dates)
def test_keys_and_doc_numbers_are_distinct_across_all_runs(ledger, cuts, first) -> None:  # type: ignore[no-untyped-def]
    docs = [doc for plan, _ in run_all(ledger, cuts, first, cfg()) for doc in plan.documents]
    assert len({d.key for d in docs}) == len(docs) == len({d.doc_number for d in docs})
    assert all(len(d.key) <= 50 and len(d.doc_number) <= 21 for d in docs)


@common
@given(ledgers(), cut_lists, dates)
def test_the_planner_is_pure(ledger, cuts, first) -> None:  # type: ignore[no-untyped-def]
    once: list[PostingPlan] = [p for p, _ in run_all(ledger, cuts, first, cfg())]
    again: list[PostingPlan] = [p for p, _ in run_all(list(ledger), list(cuts), first, cfg())]
    assert once == again


@common
@given(ledgers(), cut_lists, dates)
def test_a_plan_survives_being_written_down_and_read_back(ledger, cuts, first) -> None:  # type: ignore[no-untyped-def]
    for plan, _ in run_all(ledger, cuts, first, cfg()):
        assert plan_from_dict(json.loads(json.dumps(plan_to_dict(plan)))) == plan


@common
@given(ledgers(), cut_lists, dates)
def test_gift_card_liability_equals_the_outstanding_gift_cards_after_every_run(ledger, cuts, first) -> None:  # type: ignore[no-untyped-def]
    docs: list[JournalDocument] = []
    for plan, seen in run_all(ledger, cuts, first, cfg()):
        docs += plan.documents
        assert -account(docs, AccountRole.GIFT_CARD_LIABILITY) == gift_cards_outstanding(seen)


def flows(docs: list[JournalDocument], flow: str) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for doc in docs:
        for ln in doc.lines:
            if ln.flow == flow:
                out[ln.subject or ""] = out.get(ln.subject or "", ZERO) + ln.signed
    return {k: v for k, v in out.items() if v}


def live(rows: list[Transaction], kind: TxnType, sign: int) -> dict[str, Decimal]:
    """Rows of `kind` dated from go-live, less voids dated from go-live (the planner's view)."""
    out: dict[str, Decimal] = {}
    by_id = {t.id: t for t in rows}
    for t in rows:
        target, s = (by_id[t.voids or ""], -sign) if t.type is TxnType.VOID else (t, sign)
        if target.type is kind and t.date >= GO_LIVE:
            out[target.payment_key or ""] = out.get(target.payment_key or "", ZERO) + target.amount * s
    return {k: v for k, v in out.items() if v}


@common
@given(ledgers(), cut_lists, dates)
def test_refunds_are_never_netted_into_payment_lines(ledger, cuts, first) -> None:  # type: ignore[no-untyped-def]
    docs: list[JournalDocument] = []
    for plan, seen in run_all(ledger, cuts, first, cfg(tracking=False)):
        docs += plan.documents
        assert flows(docs, "payment") == live(seen, TxnType.PAYMENT, 1)
        assert flows(docs, "refund") == live(seen, TxnType.REFUND, -1)


@common
@given(ledgers(), cut_lists, dates)
def test_tax_payable_accounts_carry_the_ledgers_tax_from_go_live(ledger, cuts, first) -> None:  # type: ignore[no-untyped-def]
    docs = [doc for plan, _ in run_all(ledger, cuts, first, cfg()) for doc in plan.documents]
    tax = {k: v for k, v in expected_routed(ledger).items() if k[0].role is AccountRole.SALES_TAX_PAYABLE}
    assert posted(docs, {AccountRole.SALES_TAX_PAYABLE}) == tax


def revenue_by_fiscal_year(docs: list[JournalDocument], start_month: int) -> dict[dt.date, Decimal]:
    out: dict[dt.date, Decimal] = {}
    for doc in docs:
        for ln in doc.lines:
            if ln.account.role is AccountRole.REVENUE and doc.kind is not DocumentKind.OPENING:
                year = fiscal_year_end(doc.txn_date, start_month)
                out[year] = out.get(year, ZERO) + ln.signed
    return {k: v for k, v in out.items() if v != ZERO}


def ledger_revenue_by_fiscal_year(rows: list[Transaction], start_month: int) -> dict[dt.date, Decimal]:
    by_id, out = {t.id: t for t in rows}, {}
    for t in rows:
        if t.date < GO_LIVE:
            continue
        target, sign = (by_id[t.voids or ""], -1) if t.type is TxnType.VOID else (t, 1)
        for key, _, amount in contribution(target):
            if key.role is AccountRole.REVENUE:
                year = fiscal_year_end(t.date, start_month)
                out[year] = out.get(year, ZERO) + amount * sign
    return {k: v for k, v in out.items() if v != ZERO}


@common
@given(ledgers(), cut_lists, dates, st.sampled_from(list(FirstSyncEntries)), st.sampled_from([1, 3, 4]))
def test_first_sync_entries_keep_each_fiscal_years_revenue_and_tie_out_on_their_own_dates(  # type: ignore[no-untyped-def]
        ledger, cuts, first, entries, start_month) -> None:
    """Whatever the admin chose (lump sum, per month, per day) and wherever the fiscal year
    starts: each fiscal year's income in the books is the ledger's, and on the date of every
    first-sync entry (and every date after the first sync) the clearing accounts are the ledger's."""
    chosen = replace(cfg(), first_sync_entries=entries, fiscal_year_start_month=start_month)
    docs: list[JournalDocument] = []
    for plan, seen in run_all(ledger, cuts, first, chosen):
        docs += plan.documents
        assert revenue_by_fiscal_year(docs, start_month) == ledger_revenue_by_fiscal_year(seen, start_month)
        checked = {doc.txn_date for doc in docs if doc.kind is DocumentKind.LUMP_SUM}
        after = max(first, GO_LIVE - dt.timedelta(days=1))
        last = max((t.date for t in seen), default=after)
        checked |= {after + dt.timedelta(days=n) for n in range((last - after).days + 1)}
        for day in sorted(checked):
            totals = BalanceTotals.of(family_balances(seen, as_of=day))
            assert account_as_of(docs, AccountRole.RECEIVABLES_CLEARING, day) == totals.receivables, day
            assert -account_as_of(docs, AccountRole.UNAPPLIED_CREDITS, day) == totals.unapplied_credits, day
