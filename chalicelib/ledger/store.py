"""The ledger table: idempotency claims, sequenced rows, reference marks, and the committed reader.

Items of one tenant (hash `tenant_id`, range `sk`):

| sk | kind | holds |
| --- | --- | --- |
| `id#<txn id>` (ids encoded by `keys.py`) | claim | seq, body_hash, body: the idempotency claim, the by-id look-up |
| `seq#%012d` | txn / tombstone | body, date, type: the row the sync reads in seq order |
| `vd#<target id>` | void_mark | the void that cancelled `target` (at most one: no double void) |
| `rf#<payment id>#<refund id>` | refund_mark | the refund's amount (what is left to refund) |
| `bal#g<generation>#…` | balance, balance_base | the sync's balance snapshots (`snapshots.py`); never read here |
| `lock#ingest` | lease | the ingest lease (`ingest_lease`): one batch of a tenant at a time |

A transaction's claim, row and mark are written in one TransactWriteItems, each conditioned on
not existing, so a transaction is stored whole or not at all and never twice. Sequence numbers
come in blocks from one atomic `ADD next_seq` on the tenant (`TenantRepository.allocate_seqs`: the
tenant item is read and written only through the repository); a writer that cannot use a seq it
was given writes a tombstone there. The reader stops at the first gap; a gap whose allocation is
older than `gap_timeout` (a writer that died) is closed by the reader with a conditional tombstone,
which a late real write then cannot overwrite (its row's condition fails and it re-allocates).
"""
from __future__ import annotations

import datetime as dt
import json
import secrets
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from botocore.parsers import JSONParser, ResponseParserFactory
from pynamodb.attributes import UTCDateTimeAttribute
from pynamodb.connection import Connection
from pynamodb.exceptions import DeleteError, PutError, TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.domain.money import ZERO, format_amount
from chalicelib.domain.schedule import zone
from chalicelib.domain.transactions import CreditType, PaymentType, Processor, Transaction, TxnType
from chalicelib.ledger.keys import claim_key, refund_mark_key, refund_prefix, void_mark_key, void_target
from chalicelib.store.models import Models
from chalicelib.store.tenants import DynamoTenants
from chalicelib.tenants.repository import NoProfile, TenantRepository

Clock = Callable[[], dt.datetime]
MAX_TRANSACT_ITEMS = 100
BATCH_GET_KEYS = 100
READ_RANGE = 10_000  # seqs per ledger Query: bounded ranges keep each page's cost flat
SEQ_DIGITS = 12
MAX_CONFLICT_RETRIES = 8
_RETRYABLE = frozenset({"TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded"})


def seq_key(seq: int) -> str:
    return f"seq#{seq:0{SEQ_DIGITS}d}"


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

    def __init__(self, models: Models, *, clock: Clock,
                 gap_timeout: dt.timedelta = dt.timedelta(minutes=15), read_range: int = READ_RANGE,
                 tenants: TenantRepository | None = None) -> None:
        self.Entry = models.LedgerEntry
        self.tenants: TenantRepository = tenants if tenants is not None else DynamoTenants(models.Tenant)
        meta = self.Entry.Meta
        self.connection = Connection(region=meta.region, host=meta.host, max_retry_attempts=meta.max_retry_attempts)
        self.clock = clock
        self.gap_timeout = gap_timeout
        self.read_range = read_range
        self._reader: Connection | None = None

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

    def void_targets(self, tenant_id: str) -> set[str]:
        """Every id a stored void has undone (its `vd#` marks): what a streamed plan must keep."""
        marks = self.Entry.query(tenant_id, self.Entry.sk.startswith("vd#"), consistent_read=True,
                                 attributes_to_get=["sk"])
        return {m.sk[3:] for m in marks}

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
        tenant = self.tenants.get(tenant_id)
        return tenant is not None and tenant.has_profile

    def tenant_today(self, tenant_id: str) -> dt.date | None:
        """Today in the studio's zone (None before its profile): the reference for date bounds."""
        tenant = self.tenants.get(tenant_id)
        return self.clock().astimezone(zone(tenant.timezone)).date() if tenant and tenant.timezone else None

    def allocate(self, tenant_id: str, count: int) -> tuple[int, dt.datetime]:
        """A block of `count` fresh seqs (returns the first) and the time it was handed out."""
        now = self.clock()
        try:
            return self.tenants.allocate_seqs(tenant_id, count, now), now
        except NoProfile:
            raise TenantUnknown(tenant_id) from None

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
        common: dict[str, Any] = dict(tenant_id=tenant_id, seq=t.seq, txn_id=t.id, txn_type=t.type.value,
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
    #
    # Why raw Query pages and bounded ranges: the reader is the sync's hot path. An open-ended
    # sort-key range made DynamoDB Local's cost per page grow with what was left of the range
    # (about quadratic over a first sync), and a pynamodb model per row plus `from_dict` cost
    # more CPU than the read itself. Rows are read `read_range` seqs at a time, straight from
    # botocore's items, and each becomes a Transaction once (its constructor is the validation).

    def _pages(self, tenant_id: str, low: int, high: int, attributes: Sequence[str],
               limit: int | None = None) -> Iterator[list[dict[str, Any]]]:
        """Raw Query pages of the `seq#` rows low..high (inclusive), in seq order."""
        kwargs: dict[str, Any] = {
            "TableName": self.Entry.Meta.table_name, "ConsistentRead": True,
            "KeyConditionExpression": "#h = :h AND #r BETWEEN :low AND :high",
            "ExpressionAttributeNames": {"#h": "tenant_id", "#r": "sk",
                                         **{f"#a{i}": a for i, a in enumerate(attributes)}},
            "ExpressionAttributeValues": {":h": {"S": tenant_id}, ":low": {"S": seq_key(low)},
                                          ":high": {"S": seq_key(high)}},
            "ProjectionExpression": ", ".join(f"#a{i}" for i in range(len(attributes)))}
        if limit is not None:
            kwargs["Limit"] = limit
        while True:
            page = self._reader_connection().dispatch("Query", kwargs)
            yield page.get("Items", [])
            last = page.get("LastEvaluatedKey")
            if not last or limit is not None:
                return
            kwargs["ExclusiveStartKey"] = last

    def _reader_connection(self) -> Connection:
        """The reader's own connection, whose Query pages skip botocore's shape parser."""
        if self._reader is None:
            meta = self.Entry.Meta
            reader = Connection(region=meta.region, host=meta.host, max_retry_attempts=meta.max_retry_attempts)
            reader.session.register_component("response_parser_factory", _QueryPagesAsSent())
            reader.client  # noqa: B018 - built now, on this thread's session (the one just set up)
            self._reader = reader
        return self._reader

    def _ranged(self, tenant_id: str, after: int, upto: int) -> Iterator[dict[str, Any]]:
        """Raw `seq#` items after..upto, `read_range` seqs per Query (no gap handling)."""
        for low in range(after + 1, upto + 1, self.read_range):
            for page in self._pages(tenant_id, low, min(low + self.read_range - 1, upto), _ROW_ATTRIBUTES):
                yield from page

    def _next_row(self, tenant_id: str, after: int) -> dict[str, Any] | None:
        """The first `seq#` item after `after`, if any (one page of one item)."""
        for page in self._pages(tenant_id, after + 1, _MAX_SEQ, _ROW_ATTRIBUTES, limit=1):
            return page[0] if page else None
        return None

    def read_committed(self, tenant_id: str, after_seq: int,
                       limit: int | None = None) -> tuple[list[Transaction], int]:
        stream = self.committed(tenant_id, after_seq, limit)
        return list(stream), stream.upto

    def committed(self, tenant_id: str, after_seq: int, limit: int | None = None) -> CommittedStream:
        """`read_committed` as a stream: iterate it once, then `.upto` is the watermark reached."""
        return CommittedStream(self, tenant_id, after_seq, limit)

    def _committed(self, stream: CommittedStream) -> Iterator[Transaction]:
        tenant_id, count = stream.tenant_id, 0
        while True:
            high = stream.upto + self.read_range
            restart = False
            for item in self._ranged(tenant_id, stream.upto, high):
                accepted = self._accept(tenant_id, stream.upto, item)
                if accepted is None:
                    return
                if not accepted:
                    restart = True  # a real row landed in the gap meanwhile: read it
                    break
                seq = int(item["seq"]["N"])
                if item["kind"]["S"] == "txn":
                    yield _transaction(item, seq)
                    count += 1
                stream.upto = seq
                if stream.limit is not None and count >= stream.limit:
                    return
            if restart or stream.upto == high:
                continue  # a full range: the next one may hold more
            following = self._next_row(tenant_id, stream.upto)
            if following is not None:  # a gap reaching past the range: settle it, then read on
                if self._accept(tenant_id, stream.upto, following) is None:
                    return
                continue
            if not self._close_trailing_gap(tenant_id, stream.upto):
                return

    def _accept(self, tenant_id: str, upto: int, item: Mapping[str, Any]) -> bool | None:
        """May the reader go on to `item` after `upto`? True: no gap, or an old one just
        tombstoned; False: a real row landed in the gap meanwhile (read again); None: stop here."""
        seq = int(item["seq"]["N"])
        if seq == upto + 1:
            return True
        if not self._stale(_ingested_at(item)):
            return None
        return len(self.tombstone(tenant_id, range(upto + 1, seq))) == seq - upto - 1

    def _stale(self, allocated_at: dt.datetime | None) -> bool:
        return allocated_at is not None and allocated_at <= self.clock() - self.gap_timeout

    def _close_trailing_gap(self, tenant_id: str, upto: int) -> bool:
        """Tombstone seqs after the last row when their allocation is old; True if any remain to read."""
        tenant = self.tenants.get(tenant_id)
        allocated = tenant.next_seq if tenant else 0
        if allocated <= upto or not self._stale(tenant.ledger_alloc_at if tenant else None):
            return False
        self.tombstone(tenant_id, range(upto + 1, allocated + 1))
        return True

    def history(self, tenant_id: str, upto_seq: int | None) -> list[Transaction]:
        if upto_seq is None:  # every stored row: none can sit past the allocated counter
            tenant = self.tenants.get(tenant_id)
            if tenant is None:
                return []
            upto_seq = tenant.next_seq
        return [_transaction(item, int(item["seq"]["N"])) for item in self._ranged(tenant_id, 0, upto_seq)
                if item["kind"]["S"] == "txn"]


class CommittedStream:
    """The committed rows after a cursor, read range by range as they are iterated (once)."""

    def __init__(self, ledger: DynamoLedger, tenant_id: str, after_seq: int, limit: int | None) -> None:
        self.tenant_id, self.limit, self.upto = tenant_id, limit, after_seq
        self._rows = ledger._committed(self)

    def __iter__(self) -> Iterator[Transaction]:
        return self._rows


class _ItemsAsSentParser(JSONParser):
    """Query results as DynamoDB sent them. Its items already are `{"S": ...}` maps, and
    botocore's walk over every attribute of every item (to build the same maps again) cost more
    CPU than the rest of the read; other operations and every error parse as usual."""

    def _do_parse(self, response: dict[str, Any], shape: Any) -> dict[str, Any]:
        if shape is None or shape.name != "QueryOutput":
            return super()._do_parse(response, shape)
        parsed: dict[str, Any] = json.loads(response["body"]) if response["body"] else {}
        self._inject_response_metadata(parsed, response["headers"])
        return parsed


class _QueryPagesAsSent(ResponseParserFactory):
    def create_parser(self, protocol_name: str) -> Any:
        return _ItemsAsSentParser() if protocol_name == "json" else super().create_parser(protocol_name)


_ROW_ATTRIBUTES = ("seq", "kind", "body", "ingested_at")
_MAX_SEQ = 10 ** SEQ_DIGITS - 1
_TYPES = {m.value: m for m in TxnType}
_PAYMENT_TYPES = {m.value: m for m in PaymentType}
_PROCESSORS = {m.value: m for m in Processor}
_CREDIT_TYPES = {m.value: m for m in CreditType}
_TEXT = ("revenue_category", "custom_type", "refunds", "voids")
_KNOWN = frozenset({"id", "type", "date", "amount", "family_id", "location_id", "payment_type",
                    "processor", "credit_type", *_TEXT})


def _transaction(item: Mapping[str, Any], seq: int) -> Transaction:
    """A stored row's Transaction. Rows were validated at ingest and are stored in `to_dict`'s
    shape, so this maps fields directly and lets the constructor's check be the one validation;
    anything unexpected (a field this does not know) goes through `from_dict`. Values repeated
    across rows (dates, amounts, family and location ids, categories) are shared, not copied:
    a first sync holds every row of the range at once."""
    body = json.loads(item["body"]["S"])
    if not body.keys() <= _KNOWN:
        return Transaction.from_dict(body, seq=seq)
    try:
        payment, processor, credit = body.get("payment_type"), body.get("processor"), body.get("credit_type")
        return Transaction(
            id=body["id"], seq=seq, type=_TYPES[body["type"]], date=_shared_date(body["date"]),
            amount=_shared_amount(body["amount"]), family_id=_intern(body["family_id"]),
            location_id=_intern(body["location_id"]),
            payment_type=None if payment is None else _PAYMENT_TYPES[payment],
            processor=None if processor is None else _PROCESSORS[processor],
            credit_type=None if credit is None else _CREDIT_TYPES[credit],
            **{name: _intern(body.get(name)) for name in _TEXT})
    except (KeyError, TypeError, ValueError, ArithmeticError):
        return Transaction.from_dict(body, seq=seq)  # its errors name every bad field


_DATES: dict[str, dt.date] = {}
_AMOUNTS: dict[str, Decimal] = {}
_SHARED_AMOUNTS = 100_000  # distinct amounts kept for sharing (dates are few: all are kept)


def _shared_date(raw: str) -> dt.date:
    found = _DATES.get(raw)
    if found is None:
        found = _DATES[raw] = dt.date.fromisoformat(raw)
    return found


def _shared_amount(raw: str) -> Decimal:
    found = _AMOUNTS.get(raw)
    if found is None:
        found = Decimal(raw)
        if len(_AMOUNTS) < _SHARED_AMOUNTS:
            _AMOUNTS[raw] = found
    return found


def _intern(value: Any) -> Any:
    return sys.intern(value) if type(value) is str else value


def _ingested_at(item: Mapping[str, Any]) -> dt.datetime | None:
    raw = item.get("ingested_at")
    return None if raw is None else _UTC_DATETIME.deserialize(raw["S"])


_UTC_DATETIME = UTCDateTimeAttribute()


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
