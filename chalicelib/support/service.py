"""Support's use cases: list tenants by status, plan and time zone; show one; show its audit.

Reads the tables directly through the models (the `tenants` scan and one `runs` query per tenant
shown), never the tokens table, and records every read in the audit trail before answering.

The list scans `tenants` with a filter expression for what is stored (connection status, plan,
time zone); the derived statuses (failing, skipped last night, never synced, healthy) need the
tenant's recent runs, so they are classified here and filtered after. Paging: `next` is an
opaque token for the key of the last tenant returned (or, when a request has examined
`EXAMINE_BUDGET` tenants without filling its page, the last one examined), so each request's work
is bounded; an empty page with a `next` token means "keep going". Order is DynamoDB's scan order.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from pynamodb.exceptions import DoesNotExist

from chalicelib.domain.skips import SkipFacts
from chalicelib.errors import NotFound
from chalicelib.store.models import Models
from chalicelib.support import paging, views
from chalicelib.support.audit import Reader, SupportAudit
from chalicelib.support.filters import TenantFilter
from chalicelib.support.snapshot import RunFacts, Snapshot, TenantFacts
from chalicelib.support.status import CONNECTION_STATUSES, classify

RUNS_SHOWN = 10
EXAMINE_BUDGET = 200


class SupportService:
    def __init__(self, models: Models, audit: SupportAudit, clock: Callable[[], dt.datetime],
                 brand: str = "Classbooks") -> None:
        self._m, self._audit, self._clock, self._brand = models, audit, clock, brand

    def tenants(self, reader: Reader, filters: TenantFilter, limit: int, token: str | None) -> dict[str, Any]:
        rows: list[dict[str, Any]] = []
        now, next_key, examined = self._clock(), None, 0
        results = self._m.Tenant.scan(filter_condition=self._condition(filters), page_size=100,
                                      last_evaluated_key=paging.decode(token, ("tenant_id",)))
        for item in results:
            snapshot = self.snapshot(item)
            examined += 1
            if not filters.statuses or classify(snapshot, now) in filters.statuses:
                if len(rows) == limit:  # one more exists: the page ends at the previous row
                    next_key = {"tenant_id": {"S": rows[-1]["tenant_id"]}}
                    break
                rows.append(views.list_row(snapshot, now))
            if examined >= EXAMINE_BUDGET:
                next_key = {"tenant_id": {"S": item.tenant_id}}
                break
        self._audit.list_read(reader, filters.to_dict(), [r["tenant_id"] for r in rows])
        return {"tenants": rows, "next": paging.encode(next_key), "filters": filters.to_dict()}

    def tenant(self, reader: Reader, tenant_id: str) -> dict[str, Any]:
        found = self._get(tenant_id)  # a 404 stores nothing, not even its audit row
        self._audit.tenant_read(reader, tenant_id, "tenant")
        return views.detail(self.snapshot(found), self._clock(), self._brand)

    def audit(self, reader: Reader, tenant_id: str, limit: int, token: str | None) -> dict[str, Any]:
        self._get(tenant_id)
        self._audit.tenant_read(reader, tenant_id, "audit")
        events, next_token = self._audit.history(tenant_id, limit, token)
        return {"tenant_id": tenant_id, "events": events, "next": next_token}

    def snapshot(self, item: Any) -> Snapshot:
        runs = self._m.Run.query(item.tenant_id, scan_index_forward=False, limit=RUNS_SHOWN)
        return Snapshot(tenant_facts(item), tuple(run_facts(r) for r in runs))

    def _get(self, tenant_id: str) -> Any:
        try:
            return self._m.Tenant.get(tenant_id)
        except DoesNotExist:
            raise NotFound(f"no studio {tenant_id!r}") from None

    def _condition(self, filters: TenantFilter) -> Any:
        T = self._m.Tenant
        condition: Any = None
        if filters.statuses:
            wanted = {s if s in CONNECTION_STATUSES else "connected" for s in filters.statuses}
            condition = T.connection_status.is_in(*sorted(wanted))
            if "not_connected" in wanted:  # a profile-only tenant has no connection_status yet
                condition = condition | T.connection_status.does_not_exist()
        for extra in ((T.plan == filters.plan.label) if filters.plan else None,
                      (T.timezone == filters.timezone) if filters.timezone else None):
            if extra is not None:
                condition = extra if condition is None else condition & extra
        return condition


def tenant_facts(m: Any) -> TenantFacts:
    """The tenant item's non-secret attributes."""
    return TenantFacts(
        tenant_id=m.tenant_id, name=m.name, timezone=m.timezone, created_at=m.created_at,
        onboarding=bool(m.onboarding), connection_status=m.connection_status or "not_connected",
        realm_id=m.realm_id, company_name=m.company_name, plan=m.plan, class_tracking=bool(m.class_tracking),
        connected_at=m.connected_at, connected_by=m.connected_by, go_live_date=m.go_live_date,
        schedule=m.schedule, schedule_changed_at=m.schedule_changed_at, first_sync_done=bool(m.first_sync_done),
        last_run_task_id=m.last_run_task_id, last_run_started_at=m.last_run_started_at,
        eligibility_override=m.eligibility_override, qbo_refs=dict(m.qbo_refs or {}))


def run_facts(r: Any) -> RunFacts:
    return RunFacts(task_id=r.task_id, trigger=r.trigger, status=r.status, created_at=r.created_at,
                    scheduled_for=r.scheduled_for, started_at=r.started_at, finished_at=r.finished_at,
                    error=r.error, reason=r.reason, next_run_at=r.next_run_at,
                    skip=SkipFacts.from_dict(r.reason_facts))
