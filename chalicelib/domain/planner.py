"""The planner's core: rows in (any order, one at a time), per-document groups out.

`plan_sync` (posting.py) is its whole-range form. Documents group rows by date ranges that
follow each other (opening, lump sum, days), so a group's receivables and unapplied-credit change
is each family's balance before and after the group's rows (a family's ΔAR telescopes over its
rows) in whatever order they came: a range can be planned as it is read, without holding it.

Late rows (dated before rows already posted for their family) also change the receivables/
unapplied split of later dates: `settle.py` spreads each family's change over those dates.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from chalicelib.domain.balances import family_balances, net_effect, ordered
from chalicelib.domain.errors import PlanningError
from chalicelib.domain.first_sync import FirstSyncEntries, entry_date
from chalicelib.domain.gift_cards import gift_card_effect
from chalicelib.domain.journal import DocumentKind, JournalDocument, OpeningFigures, PostingPlan
from chalicelib.domain.keys import doc_number, document_key
from chalicelib.domain.lines import LineBook
from chalicelib.domain.memos import private_note
from chalicelib.domain.money import ZERO
from chalicelib.domain.settings import PostingSettings
from chalicelib.domain.settle import settle
from chalicelib.domain.specs import account_specs
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
    effects: dict[str, Decimal] = field(default_factory=dict)  # family → net balance change


class RangePlanner:
    """`plan_sync` fed one row at a time, in any order, so a range need not be held in memory.

    Why it may stream: a group's receivables and unapplied-credit change follows from each
    family's net effect per group (`settle.py`), whatever order the rows came in. Voids are kept
    and resolved at `plan` in (date, seq) order, as `plan_sync` always resolved them.

    `keep`: the ids a void may undo. Given, only those rows of the range are kept for the voids
    (a void whose target was not kept is refused, as an unknown target is); None keeps every row.
    """

    def __init__(self, settings: PostingSettings, *, run_id: str, sync_date: dt.date, cursor: int,
                 first_sync: bool, history: Sequence[Transaction],
                 prior_balances: Mapping[str, Decimal] | None = None, keep: Container[str] | None = None) -> None:
        if first_sync and prior_balances is not None:
            raise PlanningError("a first sync plans from zero balances: it takes no prior balances")
        self.settings, self.run_id, self.sync_date, self.cursor = settings, run_id, sync_date, cursor
        self.first_sync, self.keep = first_sync, keep
        prior = [] if first_sync else list(history)
        self._prior = prior  # the rows dated after a late row are found here (see `_settle`)
        self._start = family_balances(prior) if prior_balances is None else dict(prior_balances)
        self._by_id = {t.id: t for t in prior}
        self._voided: set[str] = {t.voids for t in prior if t.type is TxnType.VOID and t.voids}
        self._voids: list[Transaction] = []
        self._groups: dict[tuple[DocumentKind, dt.date], _Group] = {}
        self._count = 0
        self.balances: dict[str, Decimal] = {}  # after `plan`: each family's balance after the range
        for t in history if first_sync else ():
            self.add(t)

    def add(self, t: Transaction) -> None:
        """One row of the range (or, on a first sync, of the history)."""
        self._count += 1
        if self.keep is None or t.id in self.keep:
            self._by_id[t.id] = t
        if t.type is TxnType.VOID:
            self._voids.append(t)
        else:
            self._apply(t, t, 1)

    def unknown_targets(self) -> set[str]:
        """Ids the added voids undo that were not kept (a void stored after `keep` was read)."""
        return {t.voids for t in self._voids if t.voids and t.voids not in self._by_id}

    def know(self, targets: Iterable[Transaction]) -> None:
        """Rows of the range (or history) the voids undo, found after they streamed past."""
        self._by_id.update((t.id, t) for t in targets)

    def _group(self, kind: DocumentKind, when: dt.date) -> _Group:
        g = self._groups.get((kind, when))
        if g is None:
            g = self._groups[(kind, when)] = _Group(kind, when, LineBook(self.settings.class_for,
                                                                         self.settings.refund_accounts))
        return g

    def _apply(self, t: Transaction, subject: Transaction, sign: int) -> None:
        kind, when = self._kind_for(t.date)
        g = self._group(kind, when)
        g.effects[subject.family_id] = g.effects.get(subject.family_id, ZERO) + net_effect(subject) * sign
        g.count += 1
        g.first = min(g.first or t.date, t.date)
        g.last = max(g.last or t.date, t.date)
        if kind in (DocumentKind.LUMP_SUM, DocumentKind.DAILY):
            g.book.add_transaction(subject, sign)
        else:
            g.d_gc += gift_card_effect(subject) * sign

    def plan(self, upto: int) -> PostingPlan:
        """The plan of (cursor, upto], once every row has been added."""
        if not 0 <= self.cursor <= upto:
            raise PlanningError(f"ledger range ({self.cursor}, {upto}] is not a range")
        for t in ordered(self._voids):
            found = _subject(t, self._by_id, self._voided)
            if found is not None:
                self._apply(t, *found)
        self._settle()
        return _assemble(self.settings, self.run_id, self.sync_date, self.cursor, upto, self.first_sync,
                         self._groups, self._count)

    def _settle(self) -> None:
        """Each group's ΔAR/ΔUC, family by family and date by date (see `settle.py` for why)."""
        changes, self.balances = settle(((when, g.effects) for (_, when), g in self._groups.items()),
                                        self._start, self._prior, lambda d: self._kind_for(d, posted=True)[1])
        for when, d_ar, d_uc in changes:
            g = self._group(*self._kind_for(when))
            g.d_ar += d_ar
            g.d_uc += d_uc

    def _kind_for(self, day: dt.date, posted: bool = False) -> tuple[DocumentKind, dt.date]:
        """The group a business date belongs to (`posted`: an earlier run's row, never in this
        run's lump sum)."""
        s = self.settings
        if day < s.go_live_date:
            return (DocumentKind.OPENING if self.first_sync else DocumentKind.OPENING_ADJUSTMENT), s.go_live_date - ONE_DAY
        if self.first_sync and not posted and day <= self.sync_date:
            when = entry_date(day, self.sync_date, s.first_sync_entries, s.fiscal_year_start_month, s.book_close_date)
            return (DocumentKind.DAILY if s.first_sync_entries is FirstSyncEntries.DAILY else DocumentKind.LUMP_SUM), when
        return DocumentKind.DAILY, day


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
