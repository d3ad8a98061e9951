"""An in-memory QuickBooks company behind the sync's poster port (and Undo's delete).

Checked against the real adapter (`chalicelib.sync.qbo.QboPoster` over the devstack sandbox) by
`tests/contract/test_quickbooks.py`: the same cases run on both.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal

from chalicelib.domain.accounts import UNDEPOSITED_FUNDS, AccountSpec
from chalicelib.domain.journal import JournalDocument, PostingPlan
from chalicelib.sync.ports import PeriodClosed, PostedDocument, QuickBooksRefused, References, SyncError
from chalicelib.sync.qbo.references import account_cache_key, class_cache_key

CLOSED_WORDS = "Account Period Closed: The account period has closed."  # what QBO's 5010 fault says
NOT_ON_BALANCE_SHEET = frozenset({"Income", "Other Income", "Expense", "Other Expense", "Cost of Goods Sold"})


class FakeQuickBooks:
    """A company's journal with QBO's `requestid` rule: a call repeated with the same documents
    replays the first answer. Any other call carrying a document the company already holds
    depends on the company's "Warn if duplicate journal number is used" preference
    (`warn_duplicate_journal_number`): on (QBO's default), QBO refuses it (6140) and the adapter
    finds the existing entry by DocNumber (`found_existing`); off (this fake's default, the
    harshest case), it is created again, a duplicate. Only Classbooks' own keys and look-ups then
    keep a double booking out.

    `fail_after`/`fault` inject a fault once `fail_after` more documents have been posted (those
    are committed: a `WorkerKilled` then loses their ids); `before_post` runs before each
    ensure_references call (to check what was written first); `log` lists the calls in order.
    `entries` holds every journal entry by QBO id (duplicates too); `book` the first by key."""

    def __init__(self, *, warn_duplicate_journal_number: bool = False, chart: int = 0,
                 accounts: Sequence[str] = ()) -> None:
        self.book: dict[str, JournalDocument] = {}
        self.ids: dict[str, str] = {}
        self.entries: dict[str, JournalDocument] = {}
        self.writes = 0
        self.deletes = 0
        self.warn_duplicate_journal_number = warn_duplicate_journal_number
        self.fail_after: int | None = None
        self.fault: BaseException | None = None
        self.before_post: Callable[[], None] | None = None
        self.reference_calls = 0
        self.log: list[tuple[str, int]] = []  # ("post" | "recover", number of documents)
        self._answers: dict[tuple[str, ...], list[PostedDocument]] = {}
        self._line_accounts: dict[str, tuple[str, ...]] = {}  # QBO id → each line's account id
        # the chart: QBO id → name. Ids are the company's own small numbers, so another company's
        # cached id may name an unrelated account here; `chart` accounts exist before Classbooks'
        self.chart: dict[str, str] = {str(i): f"Account {i}" for i in range(1, chart + 1)}
        self.chart.update({f"own-{i}": name for i, name in enumerate((UNDEPOSITED_FUNDS, *accounts))})
        # the company's own accounts (Undeposited Funds is in every company): Classbooks finds those, never creates them
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

    def _closed(self, day: dt.date) -> bool:
        return self.closed_through is not None and day <= self.closed_through

    def account_balances(self, accounts: Sequence[AccountSpec], cached: Mapping[str, str],
                         as_of: dt.date) -> dict[str, Decimal]:
        """As the adapter: debit positive, every entry QuickBooks holds (duplicates too), and only
        the accounts whose id is cached (an account Classbooks never resolved is left out); the
        BalanceSheet has no row for an income or expense account, so it reads 0.00."""
        self.report_reads += 1  # counted apart from `log` (the posting calls)
        by_id: dict[str, Decimal] = {}
        for qbo_id, doc in self.entries.items():
            if doc.txn_date <= as_of:
                for line, account in zip(doc.lines, self._line_accounts[qbo_id], strict=True):
                    by_id[account] = by_id.get(account, Decimal("0.00")) + line.signed
        ids = {s.name: cached.get(account_cache_key(s)) for s in accounts}
        types = {s.name: s.account_type for s in accounts}
        out = {name: Decimal("0.00") if types[name] in NOT_ON_BALANCE_SHEET else by_id.get(i, Decimal("0.00"))
               for name, i in ids.items() if i}
        for name, change in self.edits.items():
            if name in out:
                out[name] += change
        return out

    def ensure_references(self, plan: PostingPlan, cached: Mapping[str, str]) -> References:
        """Cached ids are trusted; other accounts are found or created by name, one per name (cache
        keys as the adapter's: `account:<name>`, `class:<name>`)."""
        self.reference_calls += 1
        if self.before_post:
            self.before_post()
        cache = dict(cached)
        accounts: dict[str, str] = {}
        by_name = {name.casefold(): i for i, name in self.chart.items()}
        missing: list[str] = []
        for s in plan.accounts:
            known = cache.get(account_cache_key(s)) or by_name.get(s.name.casefold())
            if known is None and not s.create:
                missing.append(s.name)
                continue
            if known is None:
                known = by_name[s.name.casefold()] = str(len(self.chart) + 1)
                self.chart[known] = s.name
            accounts[str(s.key)] = cache[account_cache_key(s)] = known
        if missing:  # as the adapter: an account Classbooks only finds must already be there
            raise QuickBooksRefused(" ".join(f'The account "{n}" chosen for Classbooks is not an active account '
                                             "in QuickBooks; pick another in the settings." for n in missing))
        classes = {c: cache.get(class_cache_key(c)) or f"class-{c}" for c in plan.classes}
        cache.update({class_cache_key(c): i for c, i in classes.items()})
        return References(accounts, classes, cache)

    def balance(self, name: str, as_of: dt.date) -> Decimal:
        """The company's own figure for the account called `name` (debit positive): what an
        accountant sees in QuickBooks, whatever ids Classbooks has cached."""
        ids = {i for i, n in self.chart.items() if n.casefold() == name.casefold()}
        return sum((line.signed for qbo_id, doc in self.entries.items() if doc.txn_date <= as_of
                    for line, account in zip(doc.lines, self._line_accounts[qbo_id], strict=True) if account in ids),
                   Decimal("0.00"))

    def recover(self, documents: Sequence[JournalDocument]) -> list[PostedDocument]:
        self.log.append(("recover", len(documents)))
        return [PostedDocument(d.key, self.ids[d.key], d.doc_number, found_existing=True)
                for d in documents if d.key in self.ids]

    def post(self, documents: Sequence[JournalDocument], references: References) -> list[PostedDocument]:
        self.log.append(("post", len(documents)))
        request = tuple(d.key for d in documents)
        if request in self._answers:
            return list(self._answers[request])
        done: list[PostedDocument] = []
        refused = [d for d in documents if self._closed(d.txn_date)]
        unknown = [d for d in documents if d not in refused
                   and any(references.accounts.get(str(ln.account)) not in self.chart for ln in d.lines)]
        for doc in documents:
            if doc in refused or doc in unknown:
                continue
            if self.warn_duplicate_journal_number and doc.key in self.ids:  # 6140, then the look-up
                done.append(PostedDocument(doc.key, self.ids[doc.key], doc.doc_number, found_existing=True))
                continue
            self._maybe_fail(done)
            self.writes += 1
            qbo_id = str(self.writes)
            self.entries[qbo_id] = doc
            self._line_accounts[qbo_id] = tuple(references.accounts.get(str(ln.account), "") for ln in doc.lines)
            self.book.setdefault(doc.key, doc)
            self.ids.setdefault(doc.key, qbo_id)
            done.append(PostedDocument(doc.key, self.ids[doc.key], doc.doc_number))
            if self.fail_after is not None:
                self.fail_after -= 1
        if unknown:  # QBO's 2500 for an account id the company does not have (another company's, say)
            refusal = QuickBooksRefused("QuickBooks refused " + "; ".join(
                f"journal entry {d.doc_number} dated {d.txn_date}: Invalid Reference Id: Accounts element id "
                "does not exist" for d in unknown))
            refusal.codes, refusal.posted = ("2500",), tuple(done)
            raise refusal
        if refused:  # QBO answers each batch item: the others are posted, these refused
            error = PeriodClosed("QuickBooks refused " + "; ".join(
                f"journal entry {d.doc_number} dated {d.txn_date}: {CLOSED_WORDS}" for d in refused))
            error.refused, error.posted = tuple(d.key for d in refused), tuple(done)
            error.codes = ("5010",)
            raise error
        self._answers[request] = done
        self._maybe_fail(done)  # a whole call committed, then its answer lost
        return done

    def delete(self, entries: Sequence[tuple[str, str]]) -> dict[str, str]:
        """As the adapter: key → "deleted", "gone" (no such entry any more) or QBO's words for a
        refusal (an entry dated in the closed period cannot be deleted)."""
        outcome: dict[str, str] = {}
        for key, qbo_id in entries:
            doc = self.entries.get(qbo_id)
            if doc is None:
                outcome[key] = "gone"
            elif self._closed(doc.txn_date):
                outcome[key] = CLOSED_WORDS
            else:
                del self.entries[qbo_id]
                self.deletes += 1
                outcome[key] = "deleted"
                if self.ids.get(doc.key) == qbo_id:
                    rest = [i for i, d in self.entries.items() if d.key == doc.key]
                    if rest:
                        self.ids[doc.key], self.book[doc.key] = rest[0], self.entries[rest[0]]
                    else:
                        del self.ids[doc.key], self.book[doc.key]
        return outcome

    def _maybe_fail(self, done: list[PostedDocument]) -> None:
        if self.fault is not None and self.fail_after is not None and self.fail_after <= 0:
            fault, self.fault, self.fail_after = self.fault, None, None
            if isinstance(fault, SyncError):
                fault.posted = tuple(done)
            raise fault
