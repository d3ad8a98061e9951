"""Costs that could grow with a tenant's life instead of the night: each measured at 1x and 100x.

Run: `.venv/bin/python -m bench.history_costs` (starts its own DynamoDB Local; a few minutes).
Writes `bench/results/history_costs.json`. For each cost, the same operation runs against a
small and a 100x larger table, and what DynamoDB did is counted with botocore hooks on
pynamodb's sessions: calls, and items read (a Query's or Scan's `ScannedCount`, one per item a
GetItem or BatchGetItem returned). Flat means the 100x row reads what the 1x row reads.

- `webhook_notification`: one JournalEntry change notification for a posted document, with
  100 and 10,000 postings of the tenant (the sparse `by_qbo_id` index);
- `audit_history`: `Audit.history` of a tenant with 100 and 10,000 audit rows (newest page);
- `support_list_needs_reauth` / `support_list_first_page`: support's list over 100 and 10,000
  tenants, 1 in 100 needing re-authorisation (the status filter queries the `by_connection_status`
  index and reads its page's items with one BatchGetItem; the unfiltered first page is one scan page);
- `support_list_disconnected`: the same list asked for the one disconnected tenant, at either size
  (what a rare stored status costs when its count does not grow with the table);
- `support_list_failing`: the list asked for `failing`, 1 in 100 tenants with a failed last run
  (the `by_run_attention` index's `failing` partition; before it, the list examined up to 200
  `connected` tenants per request and read each one's runs).
Each support row also records `rows_returned`, so items read per row shown can be compared.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pynamodb.connection.base as pynamodb_base

RESULTS = Path(__file__).resolve().parent / "results" / "history_costs.json"
SIZES = tuple(int(s) for s in os.environ.get("BENCH_HISTORY_SIZES", "100,10000").split(","))
NOW = dt.datetime(2026, 1, 15, 12, 0, tzinfo=dt.UTC)


class Meter:
    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self.items = 0

    def install(self) -> None:
        make_session = pynamodb_base.get_session

        def session() -> Any:
            s = make_session()
            s.register("after-call.dynamodb", self._count)
            return s
        pynamodb_base.get_session = session

    def _count(self, parsed: dict[str, Any], model: Any, **_: Any) -> None:
        self.calls[model.name] += 1
        if model.name in ("Query", "Scan"):
            self.items += int(parsed.get("ScannedCount", 0))
        elif model.name == "GetItem":
            self.items += 1 if parsed.get("Item") else 0
        elif model.name == "BatchGetItem":
            self.items += sum(len(v) for v in parsed.get("Responses", {}).values())

    def measure(self, work: Callable[[], Any]) -> dict[str, Any]:
        calls, items = Counter(self.calls), self.items
        started = time.perf_counter()
        answer = work()
        seconds = time.perf_counter() - started
        spent = self.calls - calls
        returned = {"rows_returned": len(answer["tenants"])} if isinstance(answer, dict) and "tenants" in answer else {}
        return {"dynamodb_calls": sum(spent.values()), "items_read": self.items - items, **returned,
                "by_operation": dict(sorted(spent.items())), "seconds": round(seconds, 3)}


def batch_save(model: Any, items: list[Any]) -> None:
    def write(part: list[Any]) -> None:
        with model.batch_write() as batch:
            for item in part:
                batch.save(item)
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(write, [items[i::8] for i in range(8)]))


def main() -> int:
    from chalicelib.quickbooks.audit import Audit
    from chalicelib.store.models import build_models  # installs the shared-loader sessions first
    from chalicelib.store.tenants import DynamoTenants
    from chalicelib.support.audit import Reader, SupportAudit
    from chalicelib.support.filters import TenantFilter
    from chalicelib.support.service import SupportService
    from chalicelib.webhooks.events import EntityChange
    from chalicelib.webhooks.service import WebhookService
    from devstack.stack import LocalStack

    meter = Meter()
    meter.install()
    stack = LocalStack.start()
    rows: list[dict[str, Any]] = []
    try:
        for size in SIZES:
            m = build_models(stack.provision(f"hist{size}"))
            tenant, realm = f"studio-{size}", str(9130000 + size)  # a QuickBooks company id is decimal
            m.RealmClaim(realm, tenant_id=tenant, claimed_at=NOW).save()
            batch_save(m.Posting, [m.Posting(tenant, f"doc-{n:06d}", task_id=f"task-{n // 3}", doc_number=f"CB{n}",
                                             txn_date="2026-01-01", document={"key": n}, status="posted",
                                             qbo_id=str(1000 + n), posted_at=NOW) for n in range(size)])
            batch_save(m.AuditEvent, [m.AuditEvent(subject=f"tenant#{tenant}", sk=f"{NOW.isoformat()}#{n:08d}",
                                                   actor="u", role="admin", action="settings", at=NOW)
                                      for n in range(size)])
            batch_save(m.Tenant, [m.Tenant(f"t{n:06d}", name=f"T{n}", timezone="America/Chicago",
                                           connection_status="needs_reauth" if n % 100 == 7 else
                                           "disconnected" if n == 42 else "connected",
                                           run_attention="failing" if n % 100 == 13 else None,
                                           plan="QuickBooks Online Plus", schedule="daily") for n in range(size)])
            batch_save(m.Run, [m.Run(f"t{n:06d}", "20260115T053100Z-daily", trigger="daily", status="failed",
                                     created_at=NOW, scheduled_for=NOW, started_at=NOW, finished_at=NOW,
                                     error="QuickBooks refused a document") for n in range(13, size, 100)])
            change = EntityChange(realm, "JournalEntry", str(1000 + size // 2), "Update", NOW)
            support = SupportService(DynamoTenants(m.Tenant), m, SupportAudit(m, lambda: NOW), lambda: NOW)
            reader = Reader("support-1", "support")
            measured = {
                "webhook_notification": meter.measure(lambda: WebhookService(m).handle([change])),
                "audit_history": meter.measure(lambda: Audit(m, lambda: NOW).history(tenant)),
                "support_list_needs_reauth": meter.measure(
                    lambda: support.tenants(reader, TenantFilter(statuses=frozenset({"needs_reauth"})), 50, None)),
                "support_list_disconnected": meter.measure(
                    lambda: support.tenants(reader, TenantFilter(statuses=frozenset({"disconnected"})), 50, None)),
                "support_list_failing": meter.measure(
                    lambda: support.tenants(reader, TenantFilter(statuses=frozenset({"failing"})), 50, None)),
                "support_list_first_page": meter.measure(lambda: support.tenants(reader, TenantFilter(), 50, None)),
            }
            for cost, row in measured.items():
                rows.append({"cost": cost, "rows": size, **row})
                print(json.dumps(rows[-1]), flush=True)
    finally:
        stack.stop()
    growth = {}
    for cost in dict.fromkeys(r["cost"] for r in rows):
        small, large = (next(r for r in rows if r["cost"] == cost and r["rows"] == s) for s in SIZES)
        growth[cost] = round(large["items_read"] / max(small["items_read"], 1), 2)
    RESULTS.write_text(json.dumps({"benchmark": "history_costs", "sizes": SIZES, "runs": rows,
                                   "items_read_ratio_100x_to_1x": growth}, indent=2) + "\n")
    print(json.dumps(growth))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
