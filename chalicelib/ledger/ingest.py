"""Ingest a validated batch: idempotency, cross-references, then one all-or-nothing append.

Order of refusals: a batch that does not parse is a 400 (schemas); an id stored before with a
different body is a 409 (each occurrence of the id judged by its own body); a refund or void that
points at nothing valid is a 400; an unknown tenant is a 404. Only then is anything written.
Items already stored with the same body are counted as duplicates and never stored twice.

All-or-nothing across TransactWriteItems chunks: the checks and the writes run under the tenant's
ingest lease (`DynamoLedger.ingest_lease`), so no concurrent batch can change what was checked
before the last chunk lands; a batch that waited too long for the lease is a 409 `ingest_busy`
with nothing stored, safe to retry.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from chalicelib.domain.money import ZERO
from chalicelib.domain.references import ItemError, validate_references
from chalicelib.domain.transactions import Transaction, TxnType
from chalicelib.errors import Conflict, InvalidRequest, NotFound
from chalicelib.ledger import bounds
from chalicelib.ledger.store import AppendResult, Claim, IngestBusy, TenantUnknown


def body_hash(t: Transaction) -> str:
    """The idempotency fingerprint: the normalised body ("12.5" and "12.50" are the same body)."""
    canonical = json.dumps(t.to_dict(), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class IngestOutcome:
    """Per item of the batch, in order: (id, "accepted" | "duplicate", seq)."""

    items: tuple[tuple[str, str, int], ...]

    def count(self, status: str) -> int:
        return sum(1 for _, s, _ in self.items if s == status)

    def body(self) -> dict[str, Any]:
        return {
            "accepted": self.count("accepted"),
            "duplicates": self.count("duplicate"),
            "transactions": [{"id": i, "status": s, "seq": q} for i, s, q in self.items],
        }


class LedgerWriter(Protocol):
    """What the ingest needs from the ledger: `DynamoLedger`, or `tests/fakes/ledger.py`'s
    `FakeLedgerWriter` in the unit tests (the tenant's profile and seqs come from the tenant repository)."""

    def has_tenant(self, tenant_id: str) -> bool: ...
    def tenant_today(self, tenant_id: str) -> dt.date | None: ...
    def ingest_lease(self, tenant_id: str) -> AbstractContextManager[None]: ...
    def claims(self, tenant_id: str, ids: Iterable[str]) -> Mapping[str, Claim]: ...
    def get_by_ids(self, tenant_id: str, ids: Iterable[str]) -> Mapping[str, Transaction]: ...
    def voided_by(self, tenant_id: str, ids: Iterable[str]) -> Mapping[str, str]: ...
    def refunded_totals(self, tenant_id: str, payment_ids: Iterable[str]) -> Mapping[str, Decimal]: ...
    def append(self, tenant_id: str, batch: Sequence[Transaction], hashes: Mapping[str, str]) -> AppendResult: ...


class LedgerIngest:
    def __init__(self, ledger: LedgerWriter) -> None:
        self.ledger = ledger

    def ingest(self, tenant_id: str, batch: Sequence[Transaction]) -> IngestOutcome:
        bounds.refuse_far_future(batch, self.ledger.tenant_today(tenant_id))
        try:
            with self.ledger.ingest_lease(tenant_id):
                return self._ingest(tenant_id, batch)
        except IngestBusy:
            raise Conflict("another batch for this studio is being stored; nothing was stored, retry shortly",
                           code="ingest_busy") from None

    def _ingest(self, tenant_id: str, batch: Sequence[Transaction]) -> IngestOutcome:
        each = [body_hash(t) for t in batch]  # per item: one id may come twice with two bodies
        hashes = {t.id: each[i] for i, t in enumerate(batch)}
        claims = self.ledger.claims(tenant_id, hashes)
        clashes = [i for i, t in enumerate(batch) if t.id in claims and claims[t.id].body_hash != each[i]]
        if clashes:
            raise Conflict(
                f"{len(clashes)} transaction id(s) were stored before with a different body; nothing was stored",
                [_detail(i, batch[i].id, "id_conflict",
                         f"{batch[i].id} is already stored (seq {claims[batch[i].id].seq}) with a different body")
                 for i in clashes], code="id_conflict")
        fresh = [(i, t) for i, t in enumerate(batch) if t.id not in claims]
        errors = self._reference_errors(tenant_id, [t for _, t in fresh])
        if errors:
            self._require_tenant(tenant_id)
            raise InvalidRequest(
                f"{len({e.index for e in errors})} of the batch's transactions are invalid; nothing was stored",
                [_detail(fresh[e.index][0], e.txn_id, e.code, e.message, _field(fresh[e.index][1], e.code))
                 for e in errors],
                code="invalid_transactions")
        try:
            result = self.ledger.append(tenant_id, [t for _, t in fresh], hashes)
        except TenantUnknown:
            raise NotFound(f"tenant {tenant_id} has no profile yet: PUT /v1/tenants/{tenant_id} first") from None
        if result.conflicts:
            raise Conflict(
                "a concurrent writer outside the ingest lease stored some of these ids differently; "
                "the rest was stored and a retry is safe",
                [_detail(i, t.id, "id_conflict", result.conflicts[t.id]) for i, t in enumerate(batch)
                 if t.id in result.conflicts], code="id_conflict")
        seqs = {**{i: c.seq for i, c in claims.items()}, **result.duplicates}
        return IngestOutcome(tuple(
            (t.id, "accepted", result.stored[t.id]) if t.id in result.stored else (t.id, "duplicate", seqs[t.id])
            for t in batch))

    def _reference_errors(self, tenant_id: str, fresh: list[Transaction]) -> list[ItemError]:
        in_batch = {t.id for t in fresh}
        targets = {t.refunds or t.voids or "" for t in fresh if t.type in (TxnType.REFUND, TxnType.VOID)}
        stored_targets = targets - in_batch
        if not targets:
            return validate_references(fresh, {}) if len(in_batch) != len(fresh) else []
        known = self.ledger.get_by_ids(tenant_id, stored_targets)
        voided = self.ledger.voided_by(tenant_id, stored_targets)
        refunded = self.ledger.refunded_totals(
            tenant_id, (i for i, t in known.items() if t.type is TxnType.PAYMENT))
        return validate_references(fresh, known.get, voided_by=voided.get,
                                   refunded_total=lambda p: refunded.get(p, ZERO))

    def _require_tenant(self, tenant_id: str) -> None:
        if not self.ledger.has_tenant(tenant_id):
            raise NotFound(f"tenant {tenant_id} has no profile yet: PUT /v1/tenants/{tenant_id} first") from None


def _detail(index: int, txn_id: str, code: str, message: str, field: str = "id") -> dict[str, Any]:
    return {"index": index, "id": txn_id, "errors": [{"field": field, "code": code, "message": message}]}


def _field(t: Transaction, code: str) -> str:
    if code == "duplicate_id":
        return "id"
    return "refunds" if t.type is TxnType.REFUND else "voids"
