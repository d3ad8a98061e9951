"""Per-family balance snapshots, stored as items of the ledger table so no new table is needed.

Why: a later sync run needs each touched family's balance as of its cursor; rebuilding that from
the whole history made every nightly run read the tenant's entire ledger. The sync
(`chalicelib/sync/history.py`) decides what to store; this adapter only keeps it.

Items (hash `tenant_id`, range `sk`), beside the ledger's own (see `store.py`):

| sk | kind | holds |
| --- | --- | --- |
| `bal#g<generation>#f#<family id>` | balance | body `{"v": {"<seq>": "<amount>"}}`: at most two versions |
| `bal#g<generation>#base` | balance_base | seq: the cursor from which every family has its row |

The ledger only reads `seq#…` by range and `rf#<payment>#…` by prefix, and looks up `id#…` and
`vd#…` by exact key, so it never picks these up. Keyed by generation: a reset (which bumps it and
zeroes the cursor) starts from no snapshot at all instead of reusing the old integration's.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from chalicelib.domain.money import format_amount
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
                 families: Iterable[str]) -> dict[str, dict[int, Decimal]]:
        by_key = {family_key(generation, f): f for f in dict.fromkeys(families)}
        keys, out = list(by_key), {}
        for start in range(0, len(keys), BATCH_GET_KEYS):
            chunk = [(tenant_id, k) for k in keys[start:start + BATCH_GET_KEYS]]
            for item in self.Entry.batch_get(chunk, consistent_read=True, attributes_to_get=["sk", "body"]):
                out[by_key[item.sk]] = {int(s): Decimal(a) for s, a in (item.body or {}).get("v", {}).items()}
        return out

    def write(self, tenant_id: str, generation: int,
              versions: Mapping[str, Mapping[int, Decimal]]) -> None:
        """Replace each family's row with `versions` (BatchWriteItem, 25 a call)."""
        with self.Entry.batch_write() as batch:
            for family, by_seq in versions.items():
                body = {"v": {str(s): format_amount(a) for s, a in sorted(by_seq.items())}}
                batch.save(self.Entry(tenant_id, family_key(generation, family), kind="balance", body=body))

    def set_base(self, tenant_id: str, generation: int, seq: int) -> None:
        self.Entry(tenant_id, base_key(generation), kind="balance_base", seq=seq).save()
