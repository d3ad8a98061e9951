"""The posting planner: a pure function from the ledger to an immutable `PostingPlan`.

Like Chalice's deploy planner, it decides everything (documents, lines, keys, memos) and does
nothing; an executor posts the plan and a preview displays it.

Path: balances start from the full prior history (pre-go-live rows included) and the run's rows
are applied in (date, seq) order; each row's ΔAR/ΔUC goes to the document of its group, so the
clearing and Unapplied Credits accounts always equal total receivables and the FIN-12 total
(with the opening entry). Rows dated before go-live never post: on the first sync their change
is the opening figures; later, a late pre-go-live row's change is an opening adjustment.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Mapping, Sequence

from chalicelib.domain.specs import account_specs
from chalicelib.domain.balances import RunningBalances, family_balances, net_effect, ordered
from chalicelib.domain.gift_cards import gift_card_effect
from chalicelib.domain.errors import PlanningError
from chalicelib.domain.journal import (DocumentKind, JournalDocument, OpeningFigures,
                                       PostingPlan)
from chalicelib.domain.keys import doc_number, document_key
from chalicelib.domain.lines import LineBook
from chalicelib.domain.memos import private_note
from chalicelib.domain.money import ZERO
from chalicelib.domain.settings import PostingSettings
from chalicelib.domain.transactions import Transaction, TxnType

ONE_DAY = dt.timedelta(days=1)


@dataclass
class _Group:
    """A document being built: its kind, business date, lines and balance change."""

    kind: DocumentKind
    business_date: dt.date
    book: LineBook
    d_ar: Decimal = ZERO
    d_uc: Decimal = ZERO
    d_gc: Decimal = ZERO  # gift cards outstanding change (opening documents only)
    count: int = 0
    first: dt.date | None = None
    last: dt.date | None = None


def plan_sync(settings: PostingSettings, *, run_id: str, sync_date: dt.date, cursor: int,
              upto: int, first_sync: bool, transactions: Sequence[Transaction],
              history: Sequence[Transaction],
              prior_balances: Mapping[str, Decimal] | None = None) -> PostingPlan:
    """Plan the run covering ledger range (cursor, upto].

    `transactions` are the range's rows, `history` the rows with seq ≤ cursor. On the first sync
    history is planned too (nothing has been posted yet), from zero balances.

    A later run may pass `prior_balances`, each family's balance after every row with seq ≤
    cursor (the snapshot `roll_balances` gives); `history` then needs only the rows the run's
    voids refer to, and earlier voids of those (`void_targets`), not the whole ledger.
    """
    _check_range(cursor, upto, transactions, history)
    if first_sync and prior_balances is not None:
        raise PlanningError("a first sync plans from zero balances: it takes no prior balances")
    if first_sync:
        new, prior = list(history) + list(transactions), []
    else:
        new, prior = list(transactions), list(history)
    by_id = {t.id: t for t in prior + new}
    voided = {t.voids for t in prior if t.type is TxnType.VOID}
    state = RunningBalances(family_balances(prior) if prior_balances is None else prior_balances)
    groups: dict[tuple[DocumentKind, dt.date], _Group] = {}
    go_live = settings.go_live_date
    for t in ordered(new):
        found = _subject(t, by_id, voided)
        if found is None:
            continue
        subject, sign = found
        if t.date < go_live:
            kind = DocumentKind.OPENING if first_sync else DocumentKind.OPENING_ADJUSTMENT
            when = go_live - ONE_DAY
        elif first_sync and t.date <= sync_date:
            kind, when = DocumentKind.LUMP_SUM, sync_date
        else:
            kind, when = DocumentKind.DAILY, t.date
        g = groups.get((kind, when))
        if g is None:
            g = groups[(kind, when)] = _Group(kind, when, LineBook(settings.class_for, settings.refund_accounts))
        d_ar, d_uc = state.apply(subject.family_id, net_effect(subject) * sign)
        g.d_ar += d_ar
        g.d_uc += d_uc
        g.count += 1
        g.first = min(g.first or t.date, t.date)
        g.last = max(g.last or t.date, t.date)
        if kind in (DocumentKind.LUMP_SUM, DocumentKind.DAILY):
            g.book.add_transaction(subject, sign)
        else:
            g.d_gc += gift_card_effect(subject) * sign
    return _assemble(settings, run_id, sync_date, cursor, upto, first_sync, groups, len(new))


def _subject(t: Transaction, by_id: Mapping[str, Transaction],
             voided: set[str]) -> tuple[Transaction, int] | None:
    """What `t` changes and with which sign: a void undoes its target once (a second void of the
    same target changes nothing: None). Marks the target voided."""
    if t.type is not TxnType.VOID:
        return t, 1
    target = by_id.get(t.voids or "")
    if target is None or target.type is TxnType.VOID:
        raise PlanningError(f"void {t.id} refers to {t.voids}, which is not a voidable transaction")
    if target.id in voided:
        return None
    voided.add(target.id)
    return target, -1


def void_targets(transactions: Sequence[Transaction]) -> set[str]:
    """Ids of the prior rows a run needs besides a balance snapshot: what its voids undo."""
    return {t.voids for t in transactions if t.type is TxnType.VOID and t.voids}


def roll_balances(prior_balances: Mapping[str, Decimal], transactions: Sequence[Transaction],
                  history: Sequence[Transaction]) -> dict[str, Decimal]:
    """Each family's balance after `transactions`, from `prior_balances`: the snapshot a run can
    store with its cursor move so the next run reads no history. `history` as for `plan_sync`."""
    by_id = {t.id: t for t in [*history, *transactions]}
    voided = {t.voids for t in history if t.type is TxnType.VOID and t.voids}
    balances = dict(prior_balances)
    for t in ordered(transactions):
        found = _subject(t, by_id, voided)
        if found is not None:
            family = found[0].family_id
            balances[family] = balances.get(family, ZERO) + net_effect(found[0]) * found[1]
    return balances


def _check_range(cursor: int, upto: int, new: Sequence[Transaction],
                 history: Sequence[Transaction]) -> None:
    if not 0 <= cursor <= upto:
        raise PlanningError(f"ledger range ({cursor}, {upto}] is not a range")
    stray = [t.id for t in new if not cursor < t.seq <= upto]
    stray += [t.id for t in history if t.seq > cursor]
    if stray:
        raise PlanningError(f"transactions outside the run's ledger range: {', '.join(stray[:5])}")


def _assemble(settings: PostingSettings, run_id: str, sync_date: dt.date, cursor: int, upto: int,
              first_sync: bool, groups: dict[tuple[DocumentKind, dt.date], _Group],
              count: int) -> PostingPlan:
    opening = change = None
    as_of = settings.go_live_date - ONE_DAY
    pre = groups.get((DocumentKind.OPENING if first_sync else DocumentKind.OPENING_ADJUSTMENT, as_of))
    if first_sync:
        opening = OpeningFigures(as_of, pre.d_ar if pre else ZERO, pre.d_uc if pre else ZERO,
                                 pre.d_gc if pre else ZERO)
    elif pre:
        change = OpeningFigures(as_of, pre.d_ar, pre.d_uc, pre.d_gc)
    documents = []
    for (kind, when), g in sorted(groups.items(), key=lambda item: (item[0][1], item[0][0].value)):
        if kind in (DocumentKind.OPENING, DocumentKind.OPENING_ADJUSTMENT):
            if settings.opening_offset_account is None:
                continue
            g.book.add_gift_cards_outstanding(g.d_gc)
            g.book.add_offset(settings.opening_offset_account, g.d_uc + g.d_gc - g.d_ar)
        g.book.add_balance_change(g.d_ar, g.d_uc)
        lines = g.book.lines()
        if not lines:
            continue
        key = document_key(settings.tenant_id, settings.generation, settings.go_live_date,
                           cursor, upto, kind.value, when)
        txn_date = settings.posting_date(when)
        note = private_note(settings, run_id, kind, when, txn_date, g.first, g.last,
                            sorted(g.book.payment_keys))
        documents.append(
            JournalDocument(key, doc_number(key), kind, when, txn_date, note, lines, g.count))
    keys = {ln.account for d in documents for ln in d.lines}
    classes = sorted({ln.class_name for d in documents for ln in d.lines if ln.class_name})
    specs = account_specs(keys, settings.brand, settings.studio_name, settings.revenue_accounts,
                          settings.overrides)
    return PostingPlan(settings.tenant_id, run_id, sync_date, cursor, upto, first_sync,
                       tuple(documents), specs, tuple(classes), opening, change, count)
