"""The ledger table: idempotency claims, sequenced rows, reference marks, and the committed reader.

Items of one tenant (hash `tenant_id`, range `sk`):

| sk | kind | holds |
| --- | --- | --- |
| `id#<txn id>` (ids encoded by `keys.py`: no id collides with another) | claim | seq, body_hash, body: the idempotency claim (and the by-id look-up) |
| `seq#%012d` | txn / tombstone | body, date, type: the row the sync reads in seq order |
| `vd#<target id>` | void_mark | the void that cancelled `target` (at most one: no double void) |
| `rf#<payment id>#<refund id>` | refund_mark | the refund's amount (what is left to refund) |
| `bal#g<generation>#…` | balance, balance_base | the sync's balance snapshots (`snapshots.py`); never read here |
| `lock#ingest` | lease | the ingest lease (`ingest_lease`): one batch of a tenant at a time |

A transaction's claim, row and mark are written in one TransactWriteItems, each conditioned on
not existing, so a transaction is stored whole or not at all and never twice. Sequence numbers
come in blocks from one atomic `ADD next_seq` on the tenant; a writer that cannot use a seq it
was given writes a tombstone there. The reader stops at the first gap; a gap whose allocation is
older than `gap_timeout` (a writer that died) is closed by the reader with a conditional tombstone,
which a late real write then cannot overwrite (its row's condition fails and it re-allocates).
"""
from __future__ import annotations

import datetime as dt
import secrets
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from pynamodb.connection import Connection
from pynamodb.exceptions import DeleteError, PutError, TransactWriteError, UpdateError
from pynamodb.transactions import TransactWrite

from chalicelib.domain.money import ZERO, format_amount
from chalicelib.domain.schedule import zone
from chalicelib.domain.transactions import Transaction, TxnType
from chalicelib.ledger.keys import claim_key, refund_mark_key, refund_prefix, void_mark_key, void_target
from chalicelib.store.models import Models

Clock = Callable[[], dt.datetime]
MAX_TRANSACT_ITEMS = 100
BATCH_GET_KEYS = 100
SEQ_DIGITS = 12
MAX_CONFLICT_RETRIES = 8
_RETRYABLE = frozenset({"TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded"})


def seq_key(seq: int) -> str:
    return f"seq#{seq:0{SEQ_DIGITS}d}"


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class TenantUnknown(Exception):
    """No profile for the tenant: transactions cannot be stored for it."""


class IngestBusy(Exception):
    """Another batch of the same tenant held the ingest lease for the whole wait."""


INGEST_LEASE_KEY = "lock#ingest"
INGEST_LEASE = dt.timedelta(seconds=60)


@dataclass(frozen=True)
class Claim:
    txn_id: str
    seq: int
    body_hash: str


@dataclass
class AppendResult:
    """What `append` did with each transaction, by id."""

    stored: dict[str, int] = field(default_factory=dict)  # id → seq
    duplicates: dict[str, int] = field(default_factory=dict)  # lost a race to the same body
    conflicts: dict[str, str] = field(default_factory=dict)  # id → reason (lost a race to another body)


@dataclass
class _Pending:
    txn: Transaction
    body_hash: str


class DynamoLedger:
    """The ledger table for every tenant: the writer the ingest uses and the `LedgerReader`."""

    def __init__(self, models: Models, *, clock: Clock = _utcnow,
                 gap_timeout: dt.timedelta = dt.timedelta(minutes=15)) -> None:
        self.Entry = models.LedgerEntry
        self.Tenant = models.Tenant
        meta = self.Entry.Meta
        self.connection = Connection(region=meta.region, host=meta.host, max_retry_attempts=meta.max_retry_attempts)
        self.clock = clock
        self.gap_timeout = gap_timeout

    # ---- look-ups -------------------------------------------------------------------------

    def _batch_get(self, tenant_id: str, keys: Iterable[str], attributes: Sequence[str] | None = None) -> Iterator[Any]:
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), BATCH_GET_KEYS):
            chunk = [(tenant_id, sk) for sk in unique[start:start + BATCH_GET_KEYS]]
            yield from self.Entry.batch_get(chunk, consistent_read=True, attributes_to_get=attributes)

    def claims(self, tenant_id: str, ids: Iterable[str]) -> dict[str, Claim]:
        """The idempotency claims of `ids` that exist."""
        found = self._batch_get(tenant_id, (claim_key(i) for i in ids), ["sk", "txn_id", "seq", "body_hash"])
        return {e.txn_id: Claim(e.txn_id, int(e.seq), e.body_hash) for e in found}

    def get_by_ids(self, tenant_id: str, ids: Iterable[str]) -> dict[str, Transaction]:
        found = self._batch_get(tenant_id, (claim_key(i) for i in ids), ["sk", "seq", "body"])
        return {t.id: t for t in (Transaction.from_dict(e.body, seq=int(e.seq)) for e in found)}

    def voided_by(self, tenant_id: str, ids: Iterable[str]) -> dict[str, str]:
        """target id → the id of the void that cancelled it, for the voided ones among `ids`."""
        found = self._batch_get(tenant_id, (void_mark_key(i) for i in ids), ["sk", "txn_id"])
        return {void_target(e.sk): e.txn_id for e in found}

    def refunded_totals(self, tenant_id: str, payment_ids: Iterable[str]) -> dict[str, Decimal]:
        """payment id → the sum of its stored refunds that are not voided."""
        refunds: dict[str, dict[str, Decimal]] = {}
        for payment_id in set(payment_ids):
            marks = self.Entry.query(tenant_id, self.Entry.sk.startswith(refund_prefix(payment_id)),
                                     consistent_read=True, attributes_to_get=["sk", "txn_id", "body"])
            refunds[payment_id] = {m.txn_id: Decimal(m.body["amount"]) for m in marks}
        voided = self.voided_by(tenant_id, (r for by_id in refunds.values() for r in by_id))
        return {p: sum((a for r, a in by_id.items() if r not in voided), ZERO) for p, by_id in refunds.items()}

    # ---- the ingest lease -------------------------------------------------------------------

    @contextmanager
    def ingest_lease(self, tenant_id: str, wait: float = 10.0) -> Iterator[None]:
        """One batch of a tenant at a time, from validation to the last chunk written.

        A batch spans several TransactWriteItems; serialising a tenant's batches means no other
        batch can void, refund or claim what this one validated while its chunks are written, so a
        batch is stored whole or (refused before writing) not at all. The lease is an item of the
        ledger table (`lock#ingest`, never read by the ledger's queries) that expires on its own
        if its holder dies. Raises IngestBusy when the wait runs out.
        """
        token, deadline, pause = secrets.token_hex(8), time.monotonic() + wait, 0.02
        E = self.Entry
        while True:
            now = self.clock()
            try:
                E(tenant_id, INGEST_LEASE_KEY, kind="lease", txn_id=token, ingested_at=now + INGEST_LEASE).save(
                    condition=E.sk.does_not_exist() | (E.ingested_at < now))
                break
            except PutError as exc:
                if exc.cause_response_code != "ConditionalCheckFailedException":
                    raise
            if time.monotonic() >= deadline:
                raise IngestBusy(tenant_id)
            time.sleep(pause)
            pause = min(pause * 2, 0.5)
        try:
            yield
        finally:
            try:
                E(tenant_id, INGEST_LEASE_KEY).delete(condition=E.txn_id == token)
            except DeleteError as exc:  # expired and taken by the next batch: not ours to delete
                if exc.cause_response_code != "ConditionalCheckFailedException":
                    raise

    # ---- writing --------------------------------------------------------------------------

    def has_tenant(self, tenant_id: str) -> bool:
        """True once the platform has stored the tenant's profile."""
        try:
            tenant = self.Tenant.get(tenant_id, attributes_to_get=["tenant_id", "profile_updated_at"])
        except self.Tenant.DoesNotExist:
            return False
        return tenant.profile_updated_at is not None

    def tenant_today(self, tenant_id: str) -> dt.date | None:
        """Today in the studio's zone (None before its profile): the reference for date bounds."""
        try:
            tenant = self.Tenant.get(tenant_id, attributes_to_get=["tenant_id", "timezone"])
        except self.Tenant.DoesNotExist:
            return None
        return self.clock().astimezone(zone(tenant.timezone)).date() if tenant.timezone else None

    def allocate(self, tenant_id: str, count: int) -> tuple[int, dt.datetime]:
        """A block of `count` fresh seqs (returns the first) and the time it was handed out."""
        tenant = self.Tenant(tenant_id)
        try:
            tenant.update(actions=[self.Tenant.next_seq.add(count), self.Tenant.ledger_alloc_at.set(self.clock())],
                          condition=self.Tenant.profile_updated_at.exists())
        except UpdateError as exc:
            if exc.cause_response_code == "ConditionalCheckFailedException":
                raise TenantUnknown(tenant_id) from None
            raise
        return int(tenant.next_seq) - count + 1, self.clock()

    def append(self, tenant_id: str, batch: Sequence[Transaction], hashes: Mapping[str, str]) -> AppendResult:
        """Store `batch` (validated, none of it claimed when read) with fresh seqs, in order.

        Races are settled here: an id claimed meanwhile with the same hash is a duplicate, with
        another hash a conflict; a seq tombstoned meanwhile by a reader is replaced by a new one.
        Seqs that end up unused get tombstones, also when a write fails outright.
        """
        result = AppendResult()
        pending = [_Pending(t, hashes[t.id]) for t in batch]
        if not pending:
            return result
        first, at = self.allocate(tenant_id, len(pending))
        pending = [replace(p, txn=replace(p.txn, seq=first + i)) for i, p in enumerate(pending)]
        unused: list[int] = []
        try:
            for chunk in _chunks(pending):
                self._write_chunk(tenant_id, chunk, at, result, unused)
        except BaseException:
            done = set(result.stored) | set(result.duplicates) | set(result.conflicts)
            unused += [p.txn.seq for p in pending if p.txn.id not in done]
            raise
        finally:
            self.tombstone(tenant_id, sorted(set(unused)))
        return result

    def _write_chunk(self, tenant_id: str, chunk: list[_Pending], at: dt.datetime,
                     result: AppendResult, unused: list[int]) -> None:
        attempt = 0
        while chunk:
            operations = [op for p in chunk for op in self._operations(tenant_id, p, at)]
            try:
                with TransactWrite(connection=self.connection) as transaction:
                    for item, condition in operations:
                        transaction.save(item, condition=condition)
            except TransactWriteError as exc:
                codes = [r.code if r else None for r in exc.cancellation_reasons]
                if not any(codes):
                    raise
                if any(code in _RETRYABLE for code in codes):
                    attempt += 1
                    if attempt > MAX_CONFLICT_RETRIES:
                        raise
                    time.sleep(min(0.02 * 2 ** attempt, 1.0))
                    continue
                chunk, at = self._settle(tenant_id, chunk, operations, codes, at, result, unused)
                continue
            for p in chunk:
                result.stored[p.txn.id] = p.txn.seq
            return

    def _settle(self, tenant_id: str, chunk: list[_Pending], operations: list[tuple[Any, Any]],
                codes: list[str | None], at: dt.datetime, result: AppendResult,
                unused: list[int]) -> tuple[list[_Pending], dt.datetime]:
        """Drop what lost a race (duplicate, conflict), re-sequence what lost its seq; retry the rest."""
        failed = {operations[i][0].sk for i, code in enumerate(codes) if code == "ConditionalCheckFailed"}
        if not failed:
            raise RuntimeError(f"TransactWriteItems cancelled for reasons {codes}")
        claims = self.claims(tenant_id, [p.txn.id for p in chunk if claim_key(p.txn.id) in failed])
        keep, reseq = [], []
        for p in chunk:
            claim = claims.get(p.txn.id)
            if claim is not None:
                unused.append(p.txn.seq)
                if claim.body_hash == p.body_hash:
                    result.duplicates[p.txn.id] = claim.seq
                else:
                    result.conflicts[p.txn.id] = "stored meanwhile with a different body"
            elif _mark_key(p.txn) in failed:
                unused.append(p.txn.seq)
                result.conflicts[p.txn.id] = f"{p.txn.voids or p.txn.refunds} was voided or refunded meanwhile"
            elif seq_key(p.txn.seq) in failed:
                reseq.append(p)  # a reader tombstoned our seq after the gap timeout
            else:
                keep.append(p)
        if reseq:
            first, at = self.allocate(tenant_id, len(reseq))
            keep += [replace(p, txn=replace(p.txn, seq=first + i)) for i, p in enumerate(reseq)]
        return sorted(keep, key=lambda p: p.txn.seq), at

    def _operations(self, tenant_id: str, p: _Pending, at: dt.datetime) -> list[tuple[Any, Any]]:
        E, t = self.Entry, p.txn
        body = t.to_dict()
        common = dict(tenant_id=tenant_id, seq=t.seq, txn_id=t.id, txn_type=t.type.value,
                      txn_date=t.date.isoformat(), body=body, ingested_at=at)
        new = E.sk.does_not_exist()
        ops = [(E(sk=claim_key(t.id), kind="claim", body_hash=p.body_hash, **common), new),
               (E(sk=seq_key(t.seq), kind="txn", **common), new)]
        if t.type is TxnType.VOID:
            ops.append((E(tenant_id, void_mark_key(t.voids or ""), kind="void_mark", txn_id=t.id, seq=t.seq), new))
        elif t.type is TxnType.REFUND:
            ops.append((E(tenant_id, refund_mark_key(t.refunds or "", t.id), kind="refund_mark", txn_id=t.id, seq=t.seq,
                          body={"amount": format_amount(t.amount)}), new))
        return ops

    def tombstone(self, tenant_id: str, seqs: Iterable[int]) -> list[int]:
        """Close each seq with a tombstone unless something is there already; returns those closed."""
        closed = []
        for seq in seqs:
            try:
                self.Entry(tenant_id, seq_key(seq), kind="tombstone", seq=seq, ingested_at=self.clock()).save(
                    condition=self.Entry.sk.does_not_exist())
                closed.append(seq)
            except PutError as exc:
                if exc.cause_response_code != "ConditionalCheckFailedException":
                    raise
        return closed

    # ---- the committed reader (LedgerReader) -----------------------------------------------

    def _rows(self, tenant_id: str, after: int, upto: int | None, attributes: Sequence[str]) -> Iterator[Any]:
        high = seq_key(upto) if upto is not None else seq_key(10 ** SEQ_DIGITS - 1)
        if upto is not None and upto <= after:
            return iter(())
        return self.Entry.query(tenant_id, self.Entry.sk.between(seq_key(after + 1), high),
                                consistent_read=True, attributes_to_get=list(attributes))

    def read_committed(self, tenant_id: str, after_seq: int,
                       limit: int | None = None) -> tuple[list[Transaction], int]:
        out: list[Transaction] = []
        upto = after_seq
        while True:
            restart = False
            for row in self._rows(tenant_id, upto, None, ["seq", "kind", "body", "ingested_at"]):
                seq = int(row.seq)
                if seq != upto + 1:
                    if not self._stale(row.ingested_at):
                        return out, upto
                    if len(self.tombstone(tenant_id, range(upto + 1, seq))) != seq - upto - 1:
                        restart = True  # a real row landed in the gap meanwhile: read it
                        break
                if row.kind == "txn":
                    out.append(Transaction.from_dict(row.body, seq=seq))
                upto = seq
                if limit is not None and len(out) >= limit:
                    return out, upto
            if restart:
                continue
            if not self._close_trailing_gap(tenant_id, upto):
                return out, upto

    def _stale(self, allocated_at: dt.datetime | None) -> bool:
        return allocated_at is not None and allocated_at <= self.clock() - self.gap_timeout

    def _close_trailing_gap(self, tenant_id: str, upto: int) -> bool:
        """Tombstone seqs after the last row when their allocation is old; True if any remain to read."""
        tenant = self.Tenant.get(tenant_id, consistent_read=True, attributes_to_get=["next_seq", "ledger_alloc_at"])
        allocated = int(tenant.next_seq or 0)
        if allocated <= upto or not self._stale(tenant.ledger_alloc_at):
            return False
        self.tombstone(tenant_id, range(upto + 1, allocated + 1))
        return True

    def history(self, tenant_id: str, upto_seq: int | None) -> list[Transaction]:
        rows = self._rows(tenant_id, 0, upto_seq, ["seq", "kind", "body"])
        return [Transaction.from_dict(r.body, seq=int(r.seq)) for r in rows if r.kind == "txn"]


def _mark_key(t: Transaction) -> str | None:
    """The void or refund mark `t` writes, if any."""
    if t.type is TxnType.VOID:
        return void_mark_key(t.voids or "")
    if t.type is TxnType.REFUND:
        return refund_mark_key(t.refunds or "", t.id)
    return None


def _chunks(pending: list[_Pending]) -> Iterator[list[_Pending]]:
    """Consecutive groups whose items (2 per transaction, 3 with a mark) fit one TransactWrite."""
    chunk: list[_Pending] = []
    size = 0
    for p in pending:
        cost = 3 if p.txn.type in (TxnType.VOID, TxnType.REFUND) else 2
        if size + cost > MAX_TRANSACT_ITEMS:
            yield chunk
            chunk, size = [], 0
        chunk.append(p)
        size += cost
    if chunk:
        yield chunk
