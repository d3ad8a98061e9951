"""An in-memory `LedgerReader` (`chalicelib/ledger/ports.py`): what `DynamoLedger` reads, no I/O.

Checked against the DynamoDB adapter by `tests/contract/test_ledger.py`.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from decimal import Decimal
from typing import Any

from chalicelib.domain.money import ZERO
from chalicelib.domain.transactions import Transaction
from chalicelib.ledger.store import AppendResult, Claim, IngestBusy, TenantUnknown
from chalicelib.tenants.repository import NoProfile


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


class FakeLedgerWriter:
    """What `LedgerIngest` writes to (`chalicelib/ledger/ingest.py`'s `LedgerWriter`), in memory.

    The tenant's profile, zone and seqs come from a `TenantRepository` (the shared fake), as
    `DynamoLedger`'s do; each id is claimed once, with its body's hash. `busy` makes the ingest
    lease unavailable (another batch holds it for the whole wait).
    """

    def __init__(self, tenants: Any, clock: Any) -> None:
        self.tenants, self.clock = tenants, clock
        self.stored: dict[str, dict[str, tuple[Transaction, str]]] = {}  # tenant → id → (row, body hash)
        self.busy = False
        self.appends = 0

    def _rows(self, tenant_id: str) -> dict[str, tuple[Transaction, str]]:
        return self.stored.setdefault(tenant_id, {})

    def has_tenant(self, tenant_id: str) -> bool:
        t = self.tenants.get(tenant_id)
        return t is not None and t.has_profile

    def tenant_today(self, tenant_id: str) -> Any:
        t = self.tenants.get(tenant_id)
        return t.local_date(self.clock()) if t is not None and t.timezone else None

    @contextmanager
    def ingest_lease(self, tenant_id: str) -> Iterator[None]:
        if self.busy:
            raise IngestBusy(tenant_id)
        yield

    def claims(self, tenant_id: str, ids: Iterable[str]) -> dict[str, Claim]:
        rows = self._rows(tenant_id)
        return {i: Claim(i, rows[i][0].seq, rows[i][1]) for i in set(ids) if i in rows}

    def get_by_ids(self, tenant_id: str, ids: Iterable[str]) -> dict[str, Transaction]:
        rows = self._rows(tenant_id)
        return {i: rows[i][0] for i in set(ids) if i in rows}

    def voided_by(self, tenant_id: str, ids: Iterable[str]) -> dict[str, str]:
        wanted = set(ids)
        return {t.voids: t.id for t, _ in self._rows(tenant_id).values() if t.voids in wanted}

    def refunded_totals(self, tenant_id: str, payment_ids: Iterable[str]) -> dict[str, Decimal]:
        rows = [t for t, _ in self._rows(tenant_id).values()]
        voided = {t.voids for t in rows if t.voids}
        return {p: sum((t.amount for t in rows if t.refunds == p and t.id not in voided), ZERO)
                for p in set(payment_ids)}

    def append(self, tenant_id: str, batch: Sequence[Transaction], hashes: Mapping[str, str]) -> AppendResult:
        result = AppendResult()
        if not batch:
            return result
        self.appends += 1
        try:
            first = self.tenants.allocate_seqs(tenant_id, len(batch), self.clock())
        except NoProfile:
            raise TenantUnknown(tenant_id) from None
        for i, t in enumerate(batch):
            self._rows(tenant_id)[t.id] = (replace(t, seq=first + i), hashes[t.id])
            result.stored[t.id] = first + i
        return result
