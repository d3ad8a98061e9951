"""Classbooks' own documents still standing in QuickBooks: what a new Go Live Date would post
twice, and how a reset undoes them (pure).

After a reset (or a reconnect of the same company) the ledger is the same ledger: a Go Live Date
on or before the last business date a standing document covers would post that activity again.
So the earliest safe Go Live Date is the day after it, and undoing a document is a new action,
never an edit: delete it where its date is open, or post its reversal (every line on the other
side) on the first open date where the period is closed.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from chalicelib.domain.accounts import AccountRole
from chalicelib.domain.journal import JournalDocument, PostingType
from chalicelib.domain.keys import doc_number
from chalicelib.domain.memos import MAX_NOTE
from chalicelib.domain.money import ZERO

REVERSAL_SUFFIX = "-undo"


@dataclass(frozen=True)
class StandingDocument:
    """A document Classbooks posted to the connected company and has not undone."""

    document: JournalDocument
    qbo_id: str
    task_id: str

    @property
    def revenue(self) -> Decimal:
        """What it credited to income accounts (what a second posting would double)."""
        return sum((ln.amount if ln.posting_type is PostingType.CREDIT else -ln.amount
                    for ln in self.document.lines if ln.account.role is AccountRole.REVENUE), ZERO)


@dataclass(frozen=True)
class Overlap:
    """Standing documents a Go Live Date would post again."""

    go_live_date: dt.date
    documents: tuple[StandingDocument, ...]
    revenue: Decimal
    first_date: dt.date
    last_date: dt.date
    earliest_safe: dt.date


def last_covered_date(standing: Sequence[StandingDocument]) -> dt.date | None:
    return max((s.document.business_date for s in standing), default=None)


def earliest_safe_go_live(standing: Sequence[StandingDocument]) -> dt.date | None:
    """The day after the last business date still standing (None: nothing stands)."""
    last = last_covered_date(standing)
    return None if last is None else last + dt.timedelta(days=1)


def overlap(standing: Sequence[StandingDocument], go_live: dt.date) -> Overlap | None:
    """What `go_live` would double, or None when it starts after everything standing."""
    safe = earliest_safe_go_live(standing)
    if safe is None or go_live >= safe:
        return None
    hit = tuple(s for s in standing if s.document.business_date >= go_live) or tuple(standing)
    return Overlap(go_live, hit, sum((s.revenue for s in hit), ZERO),
                   min(s.document.txn_date for s in hit), max(s.document.business_date for s in hit), safe)


@dataclass(frozen=True)
class Delete:
    standing: StandingDocument


@dataclass(frozen=True)
class Reverse:
    standing: StandingDocument
    reversal: JournalDocument


UndoAction = Delete | Reverse


def reversal_of(s: StandingDocument, on: dt.date, reason: str) -> JournalDocument:
    doc = s.document
    key = doc.key + REVERSAL_SUFFIX
    lines = tuple(dataclasses.replace(ln, posting_type=PostingType.CREDIT if ln.posting_type is PostingType.DEBIT
                                      else PostingType.DEBIT) for ln in doc.lines)
    note = f"Reverses {doc.doc_number} dated {doc.txn_date} ({reason}); {doc.txn_date} is in the closed period."
    return JournalDocument(key, doc_number(key), doc.kind, doc.business_date, on, note[:MAX_NOTE], lines,
                           doc.transaction_count)


def undo_actions(standing: Sequence[StandingDocument], book_close_date: dt.date | None,
                 reason: str) -> list[UndoAction]:
    """Delete what is in an open period; reverse on the first open date what is closed."""
    actions: list[UndoAction] = []
    for s in sorted(standing, key=lambda x: (x.document.txn_date, x.document.key)):
        if book_close_date is not None and s.document.txn_date <= book_close_date:
            actions.append(Reverse(s, reversal_of(s, book_close_date + dt.timedelta(days=1), reason)))
        else:
            actions.append(Delete(s))
    return actions
