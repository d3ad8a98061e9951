"""Sync run cost as the ledger grows: QBO calls (reads, writes), DynamoDB calls, time, memory.

Run: `.venv/bin/python -m bench.sync` (starts DynamoDB Local, moto and the QBO sandbox; a few
minutes). Writes `bench/results/sync.json`. Each scenario runs in its own process (clean peak
RSS) on its own tables: the ledger rows are seeded straight into the `ledger` table with batch
writes from 8 threads (not measured), then ONE sync message goes through the worker
(`handle_event`), with the real QBO adapter against the sandbox. Measured: that run only.

- `daily_N`: a steady-state nightly run of N new transactions over the last 3 days. The 1,000
  earlier ones (100,000 in the history-heavy `daily 100`) were synced by a real first sync (same
  worker, same sandbox, a day earlier), so the tenant's cached QBO refs and balance snapshots are
  exactly what a real run stored, and each scenario is its own tenant (its DocNumbers never meet
  another scenario's in the shared sandbox company);
- `daily_grown`: `daily 100` for a studio whose other tables grew 100x: 10,000 past runs,
  10,000 postings, 10,000 audit rows, and 10,000 other tenants in the table (a nightly run must
  cost the same: compare it with `daily 100`);
- `first_sync_year`: a first sync over a year of history (250,000 transactions from Go Live).

Each run also measures its limit in the same process, right after the sync, because absolute
times on a shared machine are noisy and a ratio is not: `raw_bounded_read_seconds` is a plain
boto3 Query of the run's own ledger rows in bounded sort-key ranges of 10,000 seqs (no models, no
parsing), and `ratio_to_raw_read` is the run's wall over it. `cpu_seconds` is the process's own
CPU (user + system) during the run: DynamoDB Local and the sandbox are other processes.

`BENCH_SYNC_ONLY="first_sync_year:50000:0,daily:1000:1000"` runs only those scenarios, and
`BENCH_SYNC_OUT` names another results file (handy while developing with small sizes).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

RESULTS = Path(os.environ.get("BENCH_SYNC_OUT") or Path(__file__).resolve().parent / "results" / "sync.json")
RAW_RANGE = 10_000  # seqs per bounded Query of the limit measurement
SEED_THREADS = 8
SCENARIOS = [("daily", 10, 1_000), ("daily", 100, 1_000), ("daily", 1_000, 1_000), ("daily", 10_000, 1_000),
             ("daily", 100_000, 1_000), ("daily", 100, 100_000), ("daily_grown", 100, 1_000),
             ("first_sync_year", 250_000, 0)]
GROWN = 10_000  # daily_grown: past runs, postings, audit rows and other tenants, 100x a young studio's
NOW = dt.datetime(2025, 12, 31, 18, 0, tzinfo=dt.UTC)
GO_LIVE = dt.date(2025, 1, 1)


def scenarios() -> list[tuple[str, int, int]]:
    only = os.environ.get("BENCH_SYNC_ONLY")
    if not only:
        return SCENARIOS
    return [(k, int(n), int(h)) for k, n, h in (part.split(":") for part in only.split(","))]


def raw_bounded_read(config: Any, table: str, tenant_id: str, first: int, last: int) -> tuple[float, int]:
    """The limit: boto3 Query of seq rows first..last in bounded ranges, items left as DynamoDB sent them."""
    from chalicelib.aws.clients import client
    ddb = client(config, "dynamodb")
    started, items = time.perf_counter(), 0
    for low in range(first, last + 1, RAW_RANGE):
        high = min(low + RAW_RANGE - 1, last)
        kwargs: dict[str, Any] = {
            "TableName": table, "ConsistentRead": True,
            "KeyConditionExpression": "tenant_id = :t AND sk BETWEEN :a AND :b",
            "ExpressionAttributeValues": {":t": {"S": tenant_id}, ":a": {"S": f"seq#{low:012d}"},
                                          ":b": {"S": f"seq#{high:012d}"}},
            "ProjectionExpression": "seq, kind, body, ingested_at"}
        while True:
            page = ddb.query(**kwargs)
            items += len(page["Items"])
            if "LastEvaluatedKey" not in page:
                break
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    return time.perf_counter() - started, items


def rows(n: int, first_seq: int, start: dt.date, days: int, rng: random.Random) -> list[Any]:
    from chalicelib.domain.transactions import Transaction
    out = []
    for i in range(n):
        seq, day = first_seq + i, (start + dt.timedelta(days=rng.randrange(days))).isoformat()
        kind, body = rng.random(), {"id": f"x{seq}", "date": day, "amount": f"{rng.randint(100, 20000) / 100:.2f}",
                                    "family_id": f"f{rng.randrange(2000)}", "location_id": rng.choice(["L1", "L2"])}
        if kind < 0.45:
            body.update(type="charge", revenue_category=rng.choice(["tuition", "camp", "retail"]))
        elif kind < 0.9:
            body.update(type="payment", payment_type=rng.choice(["credit_card", "echeck", "cash", "check"]))
        else:
            body.update(type="credit", credit_type=rng.choice(["house", "coupon"]))
        out.append(Transaction.from_dict(body, seq=seq))
    return out


def seed_ledger(models: Any, tenant_id: str, txns: list[Any]) -> None:
    """Batch writes from a few threads: DynamoDB Local takes them in parallel (seeding is not measured)."""
    def write(part: list[Any]) -> None:
        with models.LedgerEntry.batch_write() as batch:
            for t in part:
                batch.save(models.LedgerEntry(tenant_id, f"seq#{t.seq:012d}", kind="txn", seq=t.seq, txn_id=t.id,
                                              txn_type=t.type.value, txn_date=t.date.isoformat(), body=t.to_dict(),
                                              ingested_at=NOW - dt.timedelta(hours=1)))
    with ThreadPoolExecutor(SEED_THREADS) as pool:
        list(pool.map(write, [txns[i::SEED_THREADS] for i in range(SEED_THREADS)]))


def seed_grown(m: Any, tenant_id: str) -> None:
    """What years of a studio (and of the service) leave in the other tables (not measured)."""
    day = NOW - dt.timedelta(days=400)
    parts = [[m.Run(tenant_id, f"past-{n:06d}", trigger="daily", status="succeeded", created_at=day,
                    finished_at=day) for n in range(GROWN)],
             [m.Posting(tenant_id, f"past-doc-{n:06d}", task_id=f"past-{n:06d}", doc_number=f"CBP{n}",
                        txn_date="2024-11-01", document={"key": n}, status="posted", qbo_id=str(900000 + n),
                        posted_at=day) for n in range(GROWN)],
             [m.AuditEvent(subject=f"tenant#{tenant_id}", sk=f"{day.isoformat()}#{n:08d}", actor="u", role="admin",
                           action="settings", at=day) for n in range(GROWN)],
             [m.Tenant(f"other-{n:06d}", name=f"Other {n}", timezone="America/Chicago", connection_status="connected")
              for n in range(GROWN)]]

    def write(items: list[Any]) -> None:
        with type(items[0]).batch_write() as batch:
            for item in items:
                batch.save(item)
    with ThreadPoolExecutor(SEED_THREADS) as pool:
        list(pool.map(write, [part[i::2] for part in parts for i in range(2)]))


def sync_once(c: Any, tenant_id: str, task_id: str, queue_arn: str, region: str) -> Any:
    """One Sync Now message through the worker, as the queue would deliver it; its task row."""
    from chalicelib.domain.schedule import Trigger
    from chalicelib.sync.messages import SyncMessage
    from chalicelib.sync.worker import handle_event
    msg = SyncMessage(tenant_id, Trigger.MANUAL, task_id)
    event = {"Records": [{"messageId": "1", "receiptHandle": "r", "body": msg.to_json(),
                          "attributes": {"ApproximateReceiveCount": "1"}, "messageAttributes": {},
                          "md5OfBody": "", "eventSource": "aws:sqs", "eventSourceARN": queue_arn,
                          "awsRegion": region}]}
    result = handle_event(event, run=c.sync_run, dead_letter=lambda body, reason: None)
    task = c.models.Run.get(tenant_id, msg.record_id)
    assert result["batchItemFailures"] == [] and task.status == "succeeded", (result, task.status, task.error)
    return task


def one(kind: str, size: int, prior: int, prefix: str | None) -> dict[str, Any]:
    """Child process: without `prefix`, provision and seed (prints the prefix); with it, run one
    sync message on those tables and measure it (a fresh process: peak RSS is the run's own)."""
    import pynamodb.connection.base as base

    from chalicelib.bootstrap import Container
    from chalicelib.config import Config
    from chalicelib.sync.qbo import QboGateway, QboPoster
    from devstack.resources import provision
    from tests.sandbox.helpers import connect

    info = json.loads(os.environ["BENCH_SANDBOX"])
    if prefix is None:
        config = provision(Config.from_env(), f"b{kind[:2]}{size}h{prior}{os.getpid()}")
    else:
        config = json.loads(os.environ["BENCH_CONFIG"])
        config = Config(**config)
    c = Container(config)
    c.clock = lambda: NOW
    from devstack.qbo_sandbox.seed import Seeded
    seeded = Seeded(**info)
    auth = connect(seeded, seeded.plus_realm)
    posters: list[QboPoster] = []

    def poster_for(tenant: Any) -> QboPoster:
        from chalicelib.sync.qbo import Credentials
        client = QboGateway(lambda force_refresh=False: Credentials(auth.access_token, seeded.plus_realm),
                            api_base=seeded.base_url + "/v3/company/")
        posters.append(QboPoster(client, plan_tier=tenant.qbo_plan))
        return posters[-1]
    c.qbo_posters = poster_for
    first = kind == "first_sync_year"
    tenant_id = f"bench-{kind}-{size}" + (f"-h{prior}" if prior != 1_000 else "")
    if prefix is None:
        rng = random.Random(size)
        history = [] if first else rows(prior, 1, GO_LIVE, 360, rng)
        new = rows(size, len(history) + 1, GO_LIVE if first else NOW.date() - dt.timedelta(days=2),
                   365 if first else 3, rng)
        c.models.Tenant(tenant_id, name="Bench Studio", timezone="America/Chicago", profile_updated_at=NOW,
                        locations=[{"id": "L1", "name": "Downtown"}, {"id": "L2", "name": "Uptown"}],
                        connection_status="connected", realm_id=seeded.plus_realm, plan="Plus",
                        class_tracking=True, go_live_date=GO_LIVE.isoformat(), schedule="manual",
                        next_seq=len(history), cursor_seq=0, first_sync_done=False).save()
        if history:  # the earlier syncs, for real: cursor, refs and QBO as a nightly run finds them
            seed_ledger(c.models, tenant_id, history)
            c.clock = lambda: NOW - dt.timedelta(days=1)
            sync_once(c, tenant_id, "bench-history", config.sync_queue_arn, config.region)
        seed_ledger(c.models, tenant_id, new)
        if kind == "daily_grown":
            seed_grown(c.models, tenant_id)
        T = c.models.Tenant
        T(tenant_id).update(actions=[T.next_seq.set(len(history) + size)])
        return {"config": {k: v for k, v in config.__dict__.items()}}
    history_size = 0 if first else prior
    calls: Counter[str] = Counter()
    dispatch = base.Connection.dispatch

    def counting(self: Any, operation_name: str, operation_kwargs: dict) -> dict:
        calls[operation_name] += 1
        return dispatch(self, operation_name, operation_kwargs)
    base.Connection.dispatch = counting  # type: ignore[method-assign]
    posters.clear()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    cpu_before = _cpu()
    started = time.perf_counter()
    task = sync_once(c, tenant_id, f"bench-{kind}-{size}", config.sync_queue_arn, config.region)
    wall = time.perf_counter() - started
    cpu = _cpu() - cpu_before
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    base.Connection.dispatch = dispatch  # type: ignore[method-assign]
    raw, raw_items = raw_bounded_read(config, c.models.LedgerEntry.Meta.table_name, tenant_id,
                                      history_size + 1, history_size + size)
    assert raw_items == size, (raw_items, size)
    reads = sum(p.counters.metered_reads for p in posters)
    writes = sum(p.counters.writes for p in posters)
    return {"scenario": kind, "transactions": size, "history": history_size, "documents": len(task.documents),
            "qbo_reads": reads, "qbo_writes": writes, "dynamodb_calls": sum(calls.values()),
            "dynamodb_by_operation": dict(sorted(calls.items())), "wall_seconds": round(wall, 3),
            "cpu_seconds": round(cpu, 3), "raw_bounded_read_seconds": round(raw, 3),
            "ratio_to_raw_read": round(wall / raw, 2), "wall_ms_per_row": round(1000 * wall / size, 4),
            "peak_rss_mb": round(rss_after / 1024, 1), "rss_growth_mb": round((rss_after - rss_before) / 1024, 1)}


def main() -> int:
    if len(sys.argv) in (4, 5):
        print(json.dumps(one(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]),
                             sys.argv[4] if len(sys.argv) == 5 else None)))
        return 0
    from devstack.qbo_sandbox import start_in_thread
    from devstack.qbo_sandbox.seed import seed
    from devstack.stack import LocalStack
    stack = LocalStack.start()
    server, url = start_in_thread()
    try:
        env = {**os.environ, **stack.base_config().to_env(), "OAUTHLIB_INSECURE_TRANSPORT": "1",
               "BENCH_SANDBOX": json.dumps(seed(url).as_dict())}
        results = []
        for kind, size, prior in scenarios():
            seeded = _child(env, kind, size, prior)
            results.append(_child({**env, "BENCH_CONFIG": json.dumps(seeded["config"])}, kind, size, prior, "run"))
            print(json.dumps(results[-1]), flush=True)
        RESULTS.write_text(json.dumps({"generated_at": dt.datetime.now(dt.UTC).isoformat(),
                                       "runs": results}, indent=2) + "\n")
    finally:
        server.shutdown()
        stack.stop()
    return 0


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _child(env: dict[str, str], *args: object) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-m", "bench.sync", *map(str, args)], env=env, capture_output=True,
                          text=True)
    if done.returncode:
        raise RuntimeError(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    raise SystemExit(main())
