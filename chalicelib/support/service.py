"""Support's use cases: list tenants by status, plan and time zone; show one; show its audit.

Reads the tenants through `TenantRepository` (a scan, or an index and one batch read per page)
and one `runs` query per tenant shown, never the tokens table, and records every read in the
audit trail before answering.

The list with a status filter reads index partitions (`sources`), in order, each in tenant-id
order, with plan and time zone filtered by the query (both indexes project them): a stored
connection status (`not_connected`, `disconnected`, `needs_reauth`) is its `by_connection_status`
partition; `failing` is the `by_run_attention` partition the sync's failed runs write, and
`skipped_last_night` the partitions of the UTC dates of the last 27 hours the skipped daily runs
write (chalicelib/tenants/attention.py); `never_synced` and `healthy` have no such mark, so they
read the `connected` partition, which holds every derived status (asked for with them, failing
and skipped come from there too). It then reads each page's tenant items with one BatchGetItem,
classifies them with their recent runs and keeps a tenant only under the status its partition
stands for: an index entry is a candidate, never the answer, so a stale one (a success whose
write was lost) is examined and dropped. A stored status and `failing` / `skipped_last_night` cost
what their partitions hold, however many tenants there are; `never_synced` and `healthy` examine
`connected` tenants until the page is full. Without a status filter the list scans `tenants`
(plan and time zone as a filter expression): every tenant is a candidate, so there is no smaller
set to read, the first page reads one scan page however many tenants there are, and rows written
before every item carried a status are still listed.

Paging: `next` is an opaque token for the key of the last tenant returned (or, when a request has
examined `EXAMINE_BUDGET` tenants without filling its page, the last one examined), so each
request's work is bounded; an empty page with a `next` token means "keep going". A scan token
holds a tenant id, an index token its partition's key (a stored status, or a run attention) and a
tenant id; a token of the other kind, or naming a partition the filter does not read, is a 400.
Order: by partition (`sources`) then tenant id with a status filter, DynamoDB's scan order without.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from chalicelib.domain.skips import SkipFacts
from chalicelib.errors import InvalidRequest, NotFound
from chalicelib.store.models import Models
from chalicelib.support import paging, views
from chalicelib.support.audit import Reader, SupportAudit
from chalicelib.support.filters import TenantFilter
from chalicelib.support.snapshot import RunFacts, Snapshot, TenantFacts
from chalicelib.support.status import (
    CONNECTION_STATUSES,
    FAILING,
    HEALTHY,
    NEVER_SYNCED,
    SKIPPED_LAST_NIGHT,
    classify,
)
from chalicelib.tenants import attention
from chalicelib.tenants.model import Tenant
from chalicelib.tenants.repository import TenantRepository, TenantScan

RUNS_SHOWN = 10
EXAMINE_BUDGET = 200
SCAN_KEY = ("tenant_id",)
STATUS_INDEX, ATTENTION_INDEX = "connection_status", "run_attention"  # the two index hash keys
INDEX_KEY = (STATUS_INDEX, "tenant_id")
ATTENTION_KEY = (ATTENTION_INDEX, "tenant_id")
# last night's fire is at most 25 h ago (a DST change), its task from an hour before it: an hour to spare
SKIP_LOOKBACK = dt.timedelta(hours=27)
Key = dict[str, dict[str, str]]


@dataclass(frozen=True)
class Source:
    """One index partition the list reads, and the statuses a tenant found there is listed under
    (a tenant in `failing` that now needs re-authorisation is listed from `needs_reauth` only)."""

    index: str  # the index's hash key: STATUS_INDEX or ATTENTION_INDEX
    value: str
    keeps: frozenset[str]

    def key(self, tenant_id: str) -> Key:
        return {self.index: {"S": self.value}, "tenant_id": {"S": tenant_id}}

    def matches(self, start: Key) -> bool:
        return start.get(self.index, {}).get("S") == self.value


def sources(statuses: frozenset[str], now: dt.datetime) -> list[Source]:
    """The partitions whose tenants can hold `statuses`, in the list's order: stored connection
    statuses (alphabetically); then `connected` when never_synced or healthy is asked for (every
    derived status is there), else `failing` and last night's skip dates (oldest first)."""
    found = [Source(STATUS_INDEX, s, frozenset({s})) for s in sorted(statuses & set(CONNECTION_STATUSES))]
    derived = statuses - set(CONNECTION_STATUSES)
    if derived & {HEALTHY, NEVER_SYNCED}:
        return [*found, Source(STATUS_INDEX, "connected", frozenset(derived))]
    if FAILING in derived:
        found.append(Source(ATTENTION_INDEX, attention.FAILING, frozenset({FAILING})))
    if SKIPPED_LAST_NIGHT in derived:
        found += [Source(ATTENTION_INDEX, attention.skipped_on(day), frozenset({SKIPPED_LAST_NIGHT}))
                  for day in attention.skip_days(now - SKIP_LOOKBACK, now)]
    return found


def decode_index_token(token: str | None) -> Key | None:
    """An index token: a connection-status key or a run-attention key (a 400 otherwise)."""
    try:
        return paging.decode(token, INDEX_KEY)
    except InvalidRequest:
        return paging.decode(token, ATTENTION_KEY)


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
        now = self._clock()
        partitions = sources(filters.statuses, now)
        start = decode_index_token(token)
        if start is not None:
            at = next((i for i, p in enumerate(partitions) if p.matches(start)), None)
            if at is None:  # not a token this filter handed out
                raise InvalidRequest(paging.BAD_TOKEN, code="invalid_page_token")
            partitions = partitions[at:]
        rows: list[dict[str, Any]] = []
        examined, last = 0, None
        for source in partitions:
            after = start["tenant_id"]["S"] if start and source.matches(start) else None
            ids = self._ids(source, filters, min(limit + 1, EXAMINE_BUDGET), after)
            while chunk := list(islice(ids, min(limit + 1 - len(rows), EXAMINE_BUDGET - examined))):
                items = self._tenants.get_many(chunk)
                for tenant_id in chunk:
                    examined += 1
                    item = items.get(tenant_id)  # gone since the index was read: nothing to show
                    snapshot = self.snapshot(item) if item is not None else None
                    if snapshot is not None and classify(snapshot, now) in source.keeps & filters.statuses:
                        if len(rows) == limit:  # one more exists: the page ends at the previous row
                            return rows, last
                        rows.append(views.list_row(snapshot, now))
                        last = source.key(tenant_id)
                    if examined >= EXAMINE_BUDGET:
                        return rows, source.key(tenant_id)
        return rows, None

    def _ids(self, source: Source, filters: TenantFilter, page_size: int, after: str | None) -> Iterator[str]:
        if source.index == ATTENTION_INDEX:
            return self._tenants.ids_by_attention(source.value, self._where(filters), after, page_size)
        return self._tenants.ids_by_status(source.value, self._where(filters), after, page_size)

    def tenant(self, reader: Reader, tenant_id: str) -> dict[str, Any]:
        found = self._get(tenant_id)  # a 404 stores nothing, not even its audit row
        self._audit.tenant_read(reader, tenant_id, "tenant")
        return views.detail(self.snapshot(found), self._clock(), self._brand)

    def audit(self, reader: Reader, tenant_id: str, limit: int, token: str | None) -> dict[str, Any]:
        self._get(tenant_id)
        paging.decode(token, ("subject", "sk"))  # a malformed `next` is refused before the read is audited
        self._audit.tenant_read(reader, tenant_id, "audit")  # audited first: the page lists this read too
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
