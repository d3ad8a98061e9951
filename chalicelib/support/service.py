"""Support's use cases: list tenants by status, plan and time zone; show one; show its audit.

Reads the tenants through `TenantRepository` (a scan, or the `by_connection_status` index and one
batch read per page) and one `runs` query per tenant shown, never the tokens table, and records every read in the
audit trail before answering.

The list with a status filter queries `by_connection_status`: each status asked for is stored
(`not_connected`, `disconnected`, `needs_reauth`) or derived from the runs of a `connected`
tenant (failing, skipped last night, never synced, healthy), so the request reads those stored
statuses' partitions, in status order and within one in tenant-id order, with plan and time zone
filtered by the query (the index projects them). It then reads each page's tenant items with one
BatchGetItem, classifies them with their recent runs and keeps the statuses asked for. A stored
status costs what its page holds, however many tenants there are; a derived one examines
`connected` tenants until its page is full. Without a status filter the list scans `tenants`
(plan and time zone as a filter expression): every tenant is a candidate, so there is no smaller
set to read, the first page reads one scan page however many tenants there are, and rows written
before every item carried a status are still listed.

Paging: `next` is an opaque token for the key of the last tenant returned (or, when a request has
examined `EXAMINE_BUDGET` tenants without filling its page, the last one examined), so each
request's work is bounded; an empty page with a `next` token means "keep going". A scan token
holds a tenant id, an index token a stored status and a tenant id; a token of the other kind, or
naming a status the filter does not read, is a 400. Order: by status then tenant id with a status
filter, DynamoDB's scan order without.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from itertools import islice
from typing import Any

from chalicelib.domain.skips import SkipFacts
from chalicelib.errors import InvalidRequest, NotFound
from chalicelib.store.models import Models
from chalicelib.support import paging, views
from chalicelib.support.audit import Reader, SupportAudit
from chalicelib.support.filters import TenantFilter
from chalicelib.support.snapshot import RunFacts, Snapshot, TenantFacts
from chalicelib.support.status import CONNECTION_STATUSES, classify
from chalicelib.tenants.model import Tenant
from chalicelib.tenants.repository import TenantRepository, TenantScan

RUNS_SHOWN = 10
EXAMINE_BUDGET = 200
SCAN_KEY = ("tenant_id",)
INDEX_KEY = ("connection_status", "tenant_id")
Key = dict[str, dict[str, str]]


def stored_statuses(statuses: frozenset[str]) -> list[str]:
    """The stored connection statuses whose tenants can hold `statuses`, in the list's order."""
    return sorted({s if s in CONNECTION_STATUSES else "connected" for s in statuses})


class SupportService:
    def __init__(self, tenants: TenantRepository, models: Models, audit: SupportAudit,
                 clock: Callable[[], dt.datetime], brand: str = "Classbooks") -> None:
        self._tenants, self._m, self._audit, self._clock, self._brand = tenants, models, audit, clock, brand

    def tenants(self, reader: Reader, filters: TenantFilter, limit: int, token: str | None) -> dict[str, Any]:
        if filters.statuses:
            rows, next_key = self._indexed(filters, limit, token)
        else:
            rows, next_key = self._scanned(filters, limit, token)
        self._audit.list_read(reader, filters.to_dict(), [r["tenant_id"] for r in rows])
        return {"tenants": rows, "next": paging.encode(next_key), "filters": filters.to_dict()}

    def _scanned(self, filters: TenantFilter, limit: int, token: str | None) -> tuple[list[dict[str, Any]], Key | None]:
        rows: list[dict[str, Any]] = []
        now, examined = self._clock(), 0
        start = paging.decode(token, SCAN_KEY)
        results = self._tenants.scan(self._where(filters), start_after=start["tenant_id"]["S"] if start else None)
        for item in results:
            examined += 1
            if len(rows) == limit:  # one more exists: the page ends at the previous row
                return rows, {"tenant_id": {"S": rows[-1]["tenant_id"]}}
            rows.append(views.list_row(self.snapshot(item), now))
            if examined >= EXAMINE_BUDGET:
                return rows, {"tenant_id": {"S": item.tenant_id}}
        return rows, None

    def _indexed(self, filters: TenantFilter, limit: int, token: str | None) -> tuple[list[dict[str, Any]], Key | None]:
        partitions = stored_statuses(filters.statuses)
        start = paging.decode(token, INDEX_KEY)
        if start is not None:
            if start["connection_status"]["S"] not in partitions:  # not a token this filter handed out
                raise InvalidRequest(paging.BAD_TOKEN, code="invalid_page_token")
            partitions = partitions[partitions.index(start["connection_status"]["S"]):]
        rows: list[dict[str, Any]] = []
        now, examined, last = self._clock(), 0, None
        for status in partitions:
            ids = self._tenants.ids_by_status(
                status, self._where(filters), page_size=min(limit + 1, EXAMINE_BUDGET),
                start_after=start["tenant_id"]["S"] if start and start["connection_status"]["S"] == status else None)
            while chunk := list(islice(ids, min(limit + 1 - len(rows), EXAMINE_BUDGET - examined))):
                items = self._tenants.get_many(chunk)
                for tenant_id in chunk:
                    examined += 1
                    item = items.get(tenant_id)  # gone since the index was read: nothing to show
                    snapshot = self.snapshot(item) if item is not None else None
                    if snapshot is not None and classify(snapshot, now) in filters.statuses:
                        if len(rows) == limit:  # one more exists: the page ends at the previous row
                            return rows, last
                        rows.append(views.list_row(snapshot, now))
                        last = {"connection_status": {"S": status}, "tenant_id": {"S": tenant_id}}
                    if examined >= EXAMINE_BUDGET:
                        return rows, {"connection_status": {"S": status}, "tenant_id": {"S": tenant_id}}
        return rows, None

    def tenant(self, reader: Reader, tenant_id: str) -> dict[str, Any]:
        found = self._get(tenant_id)  # a 404 stores nothing, not even its audit row
        self._audit.tenant_read(reader, tenant_id, "tenant")
        return views.detail(self.snapshot(found), self._clock(), self._brand)

    def audit(self, reader: Reader, tenant_id: str, limit: int, token: str | None) -> dict[str, Any]:
        self._get(tenant_id)
        self._audit.tenant_read(reader, tenant_id, "audit")
        events, next_token = self._audit.history(tenant_id, limit, token)
        return {"tenant_id": tenant_id, "events": events, "next": next_token}

    def snapshot(self, item: Tenant) -> Snapshot:
        runs = self._m.Run.query(item.tenant_id, scan_index_forward=False, limit=RUNS_SHOWN)
        return Snapshot(tenant_facts(item), tuple(run_facts(r) for r in runs))

    def _get(self, tenant_id: str) -> Tenant:
        found = self._tenants.get(tenant_id)
        if found is None:
            raise NotFound(f"no studio {tenant_id!r}")
        return found

    @staticmethod
    def _where(filters: TenantFilter) -> TenantScan:
        """Plan and time zone, applied by the store (the scan's and the index query's; the
        statuses are the index's keys, or classified after)."""
        return TenantScan(plan=filters.plan.label if filters.plan else None, timezone=filters.timezone or None)


def tenant_facts(m: Tenant) -> TenantFacts:
    """The tenant's non-secret attributes."""
    return TenantFacts(
        tenant_id=m.tenant_id, name=m.name, timezone=m.timezone, created_at=m.created_at,
        onboarding=m.onboarding, connection_status=m.connection_status.value,
        realm_id=m.realm_id, company_name=m.company_name, plan=m.plan, class_tracking=m.class_tracking,
        connected_at=m.connected_at, connected_by=m.connected_by,
        go_live_date=m.go_live_date.isoformat() if m.go_live_date else None,
        schedule=m.schedule.value if m.schedule else None, schedule_changed_at=m.schedule_changed_at,
        first_sync_done=m.first_sync_done, last_run_task_id=m.last_run_task_id,
        last_run_started_at=m.last_run_started_at,
        eligibility_override=m.eligibility_override.to_dict() if m.eligibility_override else None,
        qbo_refs=dict(m.qbo_refs))


def run_facts(r: Any) -> RunFacts:
    return RunFacts(task_id=r.task_id, trigger=r.trigger, status=r.status, created_at=r.created_at,
                    scheduled_for=r.scheduled_for, started_at=r.started_at, finished_at=r.finished_at,
                    error=r.error, reason=r.reason, next_run_at=r.next_run_at,
                    skip=SkipFacts.from_dict(r.reason_facts))
