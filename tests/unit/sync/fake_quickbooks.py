"""An in-memory QuickBooks behind the sync's poster port, with QBO's `requestid` rule."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal

from chalicelib.domain.accounts import AccountSpec
from chalicelib.domain.journal import JournalDocument, PostingPlan
from chalicelib.sync.ports import PeriodClosed, PostedDocument, References, SyncError


class FakeQuickBooks:
    """A company's journal with QBO's `requestid` rule: a call repeated with the same documents
    replays the first answer; any other call creates every document it carries, even one the
    book already holds (a duplicate, as QBO does for a batch under a new requestid).

    `fail_after`/`fault` inject a fault once `fail_after` more documents have been posted (those
    are committed: a `WorkerKilled` then loses their ids); `before_post` runs before each
    ensure_references call (to check what was written first); `log` lists the calls in order."""

    def __init__(self) -> None:
        self.book: dict[str, JournalDocument] = {}
        self.ids: dict[str, str] = {}
        self.writes = 0
        self.fail_after: int | None = None
        self.fault: BaseException | None = None
        self.before_post: Callable[[], None] | None = None
        self.reference_calls = 0
        self.log: list[tuple[str, int]] = []  # ("post" | "recover", number of documents)
        self._answers: dict[tuple[str, ...], list[PostedDocument]] = {}
        self.closed_through: dt.date | None = None  # QBO's BookCloseDate: it refuses documents dated on or before
        self.reported_close: dt.date | None = None  # what Preferences says (normally the same)
        self.preference_reads = 0
        self.report_reads = 0
        self.edits: dict[str, Decimal] = {}  # account name → what an accountant changed by hand

    def close_books(self, through: dt.date | None, reported: bool = True) -> None:
        self.closed_through = through
        self.reported_close = through if reported else None

    def book_close_date(self) -> dt.date | None:
        self.preference_reads += 1
        self.log.append(("preferences", 1))
        return self.reported_close

    def inject(self, fault: BaseException, after: int = 0) -> None:
        self.fault, self.fail_after = fault, after

    @property
    def lookups(self) -> int:
        return sum(1 for call, _ in self.log if call == "recover")

    def account_balances(self, accounts: Sequence[AccountSpec], cached: Mapping[str, str],
                         as_of: dt.date) -> dict[str, Decimal]:
        self.report_reads += 1  # counted apart from `log` (the posting calls)
        names = {s.key: s.name for s in accounts}
        out = {s.name: Decimal("0.00") for s in accounts}
        for doc in self.book.values():
            if doc.txn_date <= as_of:
                for line in doc.lines:
                    if line.account in names:
                        out[names[line.account]] += line.signed
        for name, change in self.edits.items():
            if name in out:
                out[name] += change
        return out

    def ensure_references(self, plan: PostingPlan, cached: Mapping[str, str]) -> References:
        self.reference_calls += 1
        if self.before_post:
            self.before_post()
        accounts = {str(s.key): cached.get(str(s.key)) or f"acct-{s.name}" for s in plan.accounts}
        classes = {c: f"class-{c}" for c in plan.classes}
        return References(accounts, classes, {**cached, **accounts})

    def recover(self, documents: Sequence[JournalDocument]) -> list[PostedDocument]:
        self.log.append(("recover", len(documents)))
        return [PostedDocument(d.key, self.ids[d.key], d.doc_number, found_existing=True)
                for d in documents if d.key in self.book]

    def post(self, documents: Sequence[JournalDocument], references: References) -> list[PostedDocument]:
        self.log.append(("post", len(documents)))
        request = tuple(d.key for d in documents)
        if request in self._answers:
            return list(self._answers[request])
        done: list[PostedDocument] = []
        refused = [d for d in documents if self.closed_through and d.txn_date <= self.closed_through]
        for doc in documents:
            if doc in refused:
                continue
            self._maybe_fail(done)
            self.writes += 1
            self.book[doc.key] = doc
            self.ids.setdefault(doc.key, str(self.writes))
            done.append(PostedDocument(doc.key, self.ids[doc.key], doc.doc_number))
            if self.fail_after is not None:
                self.fail_after -= 1
        if refused:  # QBO answers each batch item: the others are posted, these refused
            error = PeriodClosed("QuickBooks refused " + "; ".join(
                f"journal entry {d.doc_number} dated {d.txn_date}: Account Period Closed" for d in refused))
            error.refused, error.posted = tuple(d.key for d in refused), tuple(done)
            raise error
        self._answers[request] = done
        self._maybe_fail(done)  # a whole call committed, then its answer lost
        return done

    def _maybe_fail(self, done: list[PostedDocument]) -> None:
        if self.fault is not None and self.fail_after is not None and self.fail_after <= 0:
            fault, self.fault, self.fail_after = self.fault, None, None
            if isinstance(fault, SyncError):
                fault.posted = tuple(done)
            raise fault
