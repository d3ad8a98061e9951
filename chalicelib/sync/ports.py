"""The sync's port to QuickBooks: what the run needs, not how python-quickbooks does it.

The orchestration (lease, plan, cursor) depends only on this; the QBO adapter implements it,
and tests of the orchestration may use an in-memory fake of it.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from chalicelib.domain.accounts import AccountSpec
from chalicelib.domain.journal import JournalDocument, PostingPlan


@dataclass(frozen=True)
class References:
    """QBO ids the documents need: accounts by `str(AccountKey)`, classes by class name."""

    accounts: Mapping[str, str]
    classes: Mapping[str, str] = field(default_factory=dict)
    cache: Mapping[str, str] = field(default_factory=dict)  # persist it; pass it back as `cached`


@dataclass(frozen=True)
class PostedDocument:
    key: str
    qbo_id: str
    doc_number: str
    found_existing: bool = False  # True when an ambiguous failure was resolved by a look-up


class QuickBooksPoster(Protocol):
    def ensure_references(self, plan: PostingPlan, cached: Mapping[str, str]) -> References:
        """Find or create the plan's accounts and classes; `cached` ids are trusted, not re-read."""

    def post(self, documents: Sequence[JournalDocument], references: References) -> list[PostedDocument]:
        """Post each document at most once (key as requestid, DocNumber look-up when ambiguous)."""

    def recover(self, documents: Sequence[JournalDocument]) -> list[PostedDocument]:
        """Those of `documents` already in QuickBooks (one DocNumber query): an earlier attempt's.

        A worker killed after QBO committed a batch but before the ids were recorded leaves no
        other trace; documents not returned are not in QuickBooks and may be posted."""

    def account_balances(self, accounts: Sequence[AccountSpec], cached: Mapping[str, str],
                         as_of: dt.date) -> dict[str, Decimal]:
        """Balances (debit positive) by account name as of `as_of`: one metered report read."""

    def book_close_date(self) -> dt.date | None:
        """The company's BookCloseDate as QuickBooks says it now (one metered read: only after a
        refusal for a closed period, never on a normal night)."""


class SyncError(Exception):
    """Base of what a run can meet at QuickBooks.

    `posted` lists the documents `post` did post before it failed: record them like successes.
    Besides the refusals below, the QuickBooks family's `IntuitUnavailable` (429, 5xx, timeouts
    that outlived the retries: the run is retried later, nothing lost) and `NeedsReauthorization`
    (the tenant must reconnect; syncs stop until then) are SyncErrors too
    (`chalicelib/quickbooks/errors.py`).
    """

    posted: tuple[PostedDocument, ...] = ()


class QuickBooksRefused(SyncError):
    """A validation fault: the run fails with QBO's message in plain words (`codes`: QBO's error codes)."""

    codes: tuple[str, ...] = ()


class PeriodClosed(QuickBooksRefused):
    """QBO refused documents because their date is in a closed period (books closed after the
    plan was written): `refused` holds their keys. Nothing of them was posted."""

    refused: tuple[str, ...] = ()
