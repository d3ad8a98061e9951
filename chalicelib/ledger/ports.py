"""What the sync and the reports need from the ledger, and nothing of how DynamoDB holds it."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import NamedTuple, Protocol

from chalicelib.domain.transactions import Transaction


class LedgerReader(Protocol):
    def read_committed(
        self, tenant_id: str, after_seq: int, limit: int | None = None
    ) -> tuple[list[Transaction], int]:
        """Transactions with seq > `after_seq` in seq order, up to the committed watermark.

        Returns them and `upto_seq`, the highest seq read without a gap: every seq in
        (after_seq, upto_seq] is a stored transaction or a tombstone, and none of them can be
        written later. A seq allocated but not yet written stops the read there. With `limit`,
        at most that many transactions are returned (`upto_seq` is then the last one's seq).
        """

    def history(self, tenant_id: str, upto_seq: int | None) -> list[Transaction]:
        """Every transaction with seq ≤ `upto_seq` (all stored ones when None), in seq order."""

    def get_by_ids(self, tenant_id: str, ids: Iterable[str]) -> Mapping[str, Transaction]:
        """The stored transactions among `ids`, by id (unknown ids are absent)."""
    def voided_by(self, tenant_id: str, ids: Iterable[str]) -> Mapping[str, str]:
        """target id → the id of the void that cancelled it, for the voided ones among `ids`."""


class Version(NamedTuple):
    """A family's balance as of a seq, and the newest business date among its rows to that seq:
    a later row dated before it is late (the sync then reads the family's rows). None: stored
    before dates were kept (unknown)."""

    balance: Decimal
    latest: dt.date | None = None


class BalanceSnapshots(Protocol):
    """Each family's balance stored with the seq it is as of (the sync's history shortcut).

    Versions are keyed by ledger seq; the sync keeps at most two per family (see
    `chalicelib/sync/history.py`). Keyed by the integration's generation, so a reset starts over.
    """

    def base(self, tenant_id: str, generation: int) -> int | None:
        """The cursor from which every family with ledger rows has a snapshot row (None: backfill)."""

    def versions(self, tenant_id: str, generation: int,
                 families: Iterable[str]) -> Mapping[str, Mapping[int, Version]]:
        """family → {seq: version} for the families among `families` that have a row."""

    def write(self, tenant_id: str, generation: int,
              versions: Mapping[str, Mapping[int, Version]]) -> None:
        """Replace each named family's row with exactly `versions[family]`."""

    def set_base(self, tenant_id: str, generation: int, seq: int) -> None:
        """Record that every family's row is complete for cursors ≥ `seq`."""
