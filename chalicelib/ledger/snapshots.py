"""Per-family balance snapshots, stored as items of the ledger table so no new table is needed.

Why: a later sync run needs each touched family's balance as of its cursor; rebuilding that from
the whole history made every nightly run read the tenant's entire ledger. The sync
(`chalicelib/sync/history.py`) decides what to store; this adapter only keeps it.

Items (hash `tenant_id`, range `sk`), beside the ledger's own (see `store.py`):

| sk | kind | holds |
| --- | --- | --- |
| `bal#g<generation>#f#<family id>` | balance | body `{"v": {"<seq>": "<amount>"}, "d": {"<seq>": "<date>"}}` |
| `bal#g<generation>#base` | balance_base | seq: the cursor from which every family has its row |

A family's row holds at most two versions, each with the newest business date among the
family's rows to it (`d` is absent in rows stored before dates were kept).

The ledger only reads `seq#…` by range and `rf#<payment>#…` by prefix, and looks up `id#…` and
`vd#…` by exact key, so it never picks these up. Keyed by generation: a reset (which bumps it and
zeroes the cursor) starts from no snapshot at all instead of reusing the old integration's.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from chalicelib.domain.money import format_amount
from chalicelib.ledger.ports import Version
from chalicelib.store.models import Models

BATCH_GET_KEYS = 100


def family_key(generation: int, family_id: str) -> str:
    return f"bal#g{generation}#f#{family_id}"


def base_key(generation: int) -> str:
    return f"bal#g{generation}#base"


class DynamoBalanceSnapshots:
    """`BalanceSnapshots` on the ledger table."""

    def __init__(self, models: Models) -> None:
        self.Entry = models.LedgerEntry

    def base(self, tenant_id: str, generation: int) -> int | None:
        try:
            item = self.Entry.get(tenant_id, base_key(generation), consistent_read=True,
                                  attributes_to_get=["sk", "seq"])
        except self.Entry.DoesNotExist:
            return None
        return int(item.seq)

    def versions(self, tenant_id: str, generation: int,
                 families: Iterable[str]) -> dict[str, dict[int, Version]]:
        by_key = {family_key(generation, f): f for f in dict.fromkeys(families)}
        keys, out = list(by_key), {}
        for start in range(0, len(keys), BATCH_GET_KEYS):
            chunk = [(tenant_id, k) for k in keys[start:start + BATCH_GET_KEYS]]
            for item in self.Entry.batch_get(chunk, consistent_read=True, attributes_to_get=["sk", "body"]):
                out[by_key[item.sk]] = _versions(item.body or {})
        return out

    def write(self, tenant_id: str, generation: int,
              versions: Mapping[str, Mapping[int, Version]]) -> None:
        """Replace each family's row with `versions` (BatchWriteItem, 25 a call)."""
        with self.Entry.batch_write() as batch:
            for family, by_seq in versions.items():
                body = {"v": {str(s): format_amount(v.balance) for s, v in sorted(by_seq.items())},
                        "d": {str(s): v.latest.isoformat() for s, v in sorted(by_seq.items()) if v.latest}}
                batch.save(self.Entry(tenant_id, family_key(generation, family), kind="balance", body=body))

    def set_base(self, tenant_id: str, generation: int, seq: int) -> None:
        self.Entry(tenant_id, base_key(generation), kind="balance_base", seq=seq).save()


def _versions(body: Mapping[str, Any]) -> dict[int, Version]:
    dates = body.get("d", {})
    return {int(s): Version(Decimal(a), dt.date.fromisoformat(dates[s]) if s in dates else None)
            for s, a in body.get("v", {}).items()}
