"""The immutable output of the planner: journal documents and the plan that holds them."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from chalicelib.domain.accounts import AccountKey, AccountSpec
from chalicelib.domain.money import ZERO

JOURNAL_ENTRY = "JournalEntry"
DEPOSIT = "Deposit"


class PostingType(str, Enum):
    """QBO's `JournalEntryLineDetail.PostingType` values."""

    DEBIT = "Debit"
    CREDIT = "Credit"


class DocumentKind(str, Enum):
    LUMP_SUM = "lump_sum"  # first sync: go-live .. sync date, split where first_sync.py says
    DAILY = "daily"  # one business date of a later sync
    OPENING = "opening"  # balances as of the day before go-live
    OPENING_ADJUSTMENT = "opening_adjustment"  # pre-go-live rows that arrived after the first sync
    PAYOUT = "payout"  # one processor payout (a Deposit; chalicelib/domain/payouts.py)
    CORRECTION = "correction"  # puts back what the read-back found drifted (chalicelib/domain/correction.py)


@dataclass(frozen=True)
class JournalLine:
    """One JournalEntry line; `amount` is always > 0 (the side says which way)."""

    posting_type: PostingType
    amount: Decimal
    account: AccountKey
    class_name: str | None
    description: str
    subject: str | None = None  # payment type, credit type, revenue category or tax name
    flow: str | None = None  # what the line carries: payment, refund, credit, charge, tax, ...

    @property
    def signed(self) -> Decimal:
        """Debit positive, credit negative: handy for summing an account."""
        return self.amount if self.posting_type is PostingType.DEBIT else -self.amount


@dataclass(frozen=True)
class JournalDocument:
    """A balanced JournalEntry to post once, found again by `key` (also the QBO requestid)."""

    key: str
    doc_number: str
    kind: DocumentKind
    business_date: dt.date
    txn_date: dt.date
    private_note: str
    lines: tuple[JournalLine, ...]
    transaction_count: int = 0
    entity: str = JOURNAL_ENTRY  # the QBO document type: JournalEntry, or Deposit for a payout

    @property
    def total_debits(self) -> Decimal:
        return sum((ln.amount for ln in self.lines if ln.posting_type is PostingType.DEBIT), ZERO)

    @property
    def total_credits(self) -> Decimal:
        return sum((ln.amount for ln in self.lines if ln.posting_type is PostingType.CREDIT), ZERO)

    @property
    def balanced(self) -> bool:
        return self.total_debits == self.total_credits


@dataclass(frozen=True)
class OpeningFigures:
    """Receivables, the FIN-12 total and gift cards outstanding as of `as_of` (the day before
    go-live)."""

    as_of: dt.date
    receivables: Decimal
    unapplied_credits: Decimal
    gift_cards: Decimal = ZERO


@dataclass(frozen=True)
class PostingPlan:
    """Everything one run will post for ledger range (cursor, upto]; written down before posting."""

    tenant_id: str
    run_id: str
    sync_date: dt.date
    cursor: int
    upto: int
    first_sync: bool
    documents: tuple[JournalDocument, ...]
    accounts: tuple[AccountSpec, ...]
    classes: tuple[str, ...]
    opening: OpeningFigures | None = None
    pre_go_live_change: OpeningFigures | None = None
    transaction_count: int = 0

    @property
    def empty(self) -> bool:
        return not self.documents
