"""Payout records in the ledger table: one ledger, one seq, a record type of its own.

A payout takes a seq from the tenant's ledger sequence like any transaction, so the sync's
cursor covers it (exactly once, after everything ingested before it) and `read_committed`, which
reads only `kind = txn` rows, passes over it. Items (beside `ledger/store.py`'s):

| sk | kind | holds |
| --- | --- | --- |
| `po#<payout id>` | payout_claim | seq, body_hash, body: the idempotency claim |
| `seq#%012d` | payout | body: the row the sync reads for its range |
| `st#<payment id>` | settle_mark | the payout that settled the payment (at most one: no double settlement) |
| `cfg#payouts` | payout_settings | the admin's bank-account mapping and fees/chargebacks accounts |

Claim, row and marks are one TransactWriteItems, each conditioned on not existing.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.domain.payout_record import Payout
from chalicelib.ledger.store import BATCH_GET_KEYS, DynamoLedger, seq_key

SETTINGS_KEY = "cfg#payouts"


@dataclass(frozen=True)
class PayoutClaim:
    payout_id: str
    seq: int
    body_hash: str


@dataclass
class PayoutAppend:
    stored: dict[str, int] = field(default_factory=dict)
    duplicates: dict[str, int] = field(default_factory=dict)
    conflicts: dict[str, str] = field(default_factory=dict)


class DynamoPayouts:
    """Writer (ingest), range reader (sync) and settings item (admin) of the payout records."""

    def __init__(self, ledger: DynamoLedger) -> None:
        self.ledger = ledger
        self.Entry = ledger.Entry

    def _get(self, tenant_id: str, keys: Iterable[str], attributes: Sequence[str]) -> Iterator[Any]:
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), BATCH_GET_KEYS):
            chunk = [(tenant_id, sk) for sk in unique[start:start + BATCH_GET_KEYS]]
            yield from self.Entry.batch_get(chunk, consistent_read=True, attributes_to_get=list(attributes))

    def claims(self, tenant_id: str, ids: Iterable[str]) -> dict[str, PayoutClaim]:
        found = self._get(tenant_id, (f"po#{i}" for i in ids), ["sk", "txn_id", "seq", "body_hash"])
        return {e.txn_id: PayoutClaim(e.txn_id, int(e.seq), e.body_hash) for e in found}

    def settled_by(self, tenant_id: str, payment_ids: Iterable[str]) -> dict[str, str]:
        """payment id → the payout that settled it, for those already settled."""
        return {e.sk[3:]: e.txn_id for e in self._get(tenant_id, (f"st#{i}" for i in payment_ids), ["sk", "txn_id"])}

    def append(self, tenant_id: str, payouts: Sequence[Payout], hashes: Mapping[str, str]) -> PayoutAppend:
        """Store each payout with a fresh seq (claim, row and settle marks together)."""
        result = PayoutAppend()
        if not payouts:
            return result
        first, at = self.ledger.allocate(tenant_id, len(payouts))
        unused: list[int] = []
        try:
            for i, p in enumerate(payouts):
                self._store(tenant_id, p, first + i, hashes[p.id], at, result, unused)
        except BaseException:
            done = set(result.stored) | set(result.duplicates) | set(result.conflicts)
            unused += [first + i for i, p in enumerate(payouts) if p.id not in done]
            raise
        finally:
            self.ledger.tombstone(tenant_id, sorted(set(unused)))
        return result

    def _store(self, tenant_id: str, p: Payout, seq: int, body_hash: str, at: dt.datetime,
               result: PayoutAppend, unused: list[int]) -> None:
        E = self.Entry
        for _ in range(3):  # a reader may tombstone our seq after its gap timeout: take another
            body = p.to_dict()
            common: dict[str, Any] = dict(tenant_id=tenant_id, seq=seq, txn_id=p.id, txn_type="payout",
                          txn_date=p.date.isoformat(), body=body, ingested_at=at)
            items = [E(sk=f"po#{p.id}", kind="payout_claim", body_hash=body_hash, **common),
                     E(sk=seq_key(seq), kind="payout", **common)]
            items += [E(tenant_id, f"st#{i}", kind="settle_mark", txn_id=p.id, seq=seq) for i in p.payments]
            try:
                with TransactWrite(connection=self.ledger.connection) as transaction:
                    for item in items:
                        transaction.save(item, condition=E.sk.does_not_exist())
            except TransactWriteError as exc:
                codes = [r.code if r else None for r in exc.cancellation_reasons]
                failed = {items[i].sk for i, c in enumerate(codes) if c == "ConditionalCheckFailed"}
                if not failed:
                    raise
                unused.append(seq)
                if f"po#{p.id}" in failed:
                    claim = self.claims(tenant_id, [p.id]).get(p.id)
                    if claim and claim.body_hash == body_hash:
                        result.duplicates[p.id] = claim.seq
                    else:
                        result.conflicts[p.id] = "stored meanwhile with a different body"
                    return
                marks = sorted(sk[3:] for sk in failed if sk.startswith("st#"))
                if marks:
                    result.conflicts[p.id] = f"{', '.join(marks)} settled meanwhile by another payout"
                    return
                seq, at = self.ledger.allocate(tenant_id, 1)
                continue
            result.stored[p.id] = seq
            return
        raise RuntimeError(f"payout {p.id} lost its seq three times")

    # ---- readers ---------------------------------------------------------------------------

    def read_range(self, tenant_id: str, after: int, upto: int) -> list[Payout]:
        """The payouts with seq in (after, upto], in seq order (the sync's run range)."""
        if upto <= after:
            return []
        rows = self.Entry.query(tenant_id, self.Entry.sk.between(seq_key(after + 1), seq_key(upto)),
                                filter_condition=self.Entry.kind == "payout", consistent_read=True)
        return [Payout.from_dict(r.body, seq=int(r.seq)) for r in rows]

    def every(self, tenant_id: str) -> list[Payout]:
        """Every stored payout (the clearing report), in seq order."""
        rows = self.Entry.query(tenant_id, self.Entry.sk.startswith("po#"), consistent_read=True)
        return sorted((Payout.from_dict(r.body, seq=int(r.seq)) for r in rows), key=lambda p: p.seq)

    # ---- the admin's settings -------------------------------------------------------------

    def settings(self, tenant_id: str) -> dict[str, Any]:
        try:
            return dict(self.Entry.get(tenant_id, SETTINGS_KEY, consistent_read=True).body or {})
        except self.Entry.DoesNotExist:
            return {}

    def save_settings(self, tenant_id: str, body: Mapping[str, Any]) -> None:
        self.Entry(tenant_id, SETTINGS_KEY, kind="payout_settings", body=dict(body)).save()
