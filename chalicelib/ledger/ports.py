"""What the sync and the reports need from the ledger, and nothing of how DynamoDB holds it."""
from __future__ import annotations

from typing import Iterable, Mapping, Protocol

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
