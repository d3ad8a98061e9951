"""An in-memory `LedgerReader` (`chalicelib/ledger/ports.py`): what `DynamoLedger` reads, no I/O.

Checked against the DynamoDB adapter by `tests/contract/test_ledger.py`.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from chalicelib.domain.transactions import Transaction


class FakeLedger:
    """The ledger; `reads` logs each call (name, argument) so tests can check what a run read.

    Every seq is committed (there are no gaps or tombstones to wait for). Rows belong to
    `tenant_id` when one is given, else to whichever tenant asks (the unit tests' single studio).
    """

    def __init__(self, rows: Sequence[Transaction] = (), tenant_id: str | None = None) -> None:
        self.rows = list(rows)
        self.tenant_id = tenant_id
        self.reads: list[tuple[str, Any]] = []

    def _of(self, tenant_id: str) -> list[Transaction]:
        """The tenant's rows in seq order (the table's sort key)."""
        if self.tenant_id is not None and tenant_id != self.tenant_id:
            return []
        return sorted(self.rows, key=lambda t: t.seq)

    def read_committed(self, tenant_id: str, after_seq: int, limit: int | None = None) -> tuple[list[Transaction], int]:
        new = [t for t in self._of(tenant_id) if t.seq > after_seq][:limit]
        return new, max([after_seq] + [t.seq for t in new])

    def history(self, tenant_id: str, upto_seq: int | None) -> list[Transaction]:
        self.reads.append(("history", upto_seq))
        return [t for t in self._of(tenant_id) if upto_seq is None or t.seq <= upto_seq]

    def get_by_ids(self, tenant_id: str, ids: Any) -> dict[str, Transaction]:
        ids = set(ids)
        self.reads.append(("get_by_ids", frozenset(ids)))
        return {t.id: t for t in self._of(tenant_id) if t.id in ids}

    def voided_by(self, tenant_id: str, ids: Any) -> dict[str, str]:
        ids = set(ids)
        self.reads.append(("voided_by", frozenset(ids)))
        return {t.voids: t.id for t in self._of(tenant_id) if t.voids in ids}
