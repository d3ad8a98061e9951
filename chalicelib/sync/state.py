"""What the sync reads of a tenant, as a frozen snapshot, and the posting settings it implies.

The lease's conditional write pins the values the admission decision was made on, so the
snapshot is also the "expected" side of that compare-and-set.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Mapping

from chalicelib.domain.mapping import AccountMapping
from chalicelib.domain.plans import QboPlan, plan_from_sku
from chalicelib.domain.schedule import Schedule, zone
from chalicelib.domain.settings import PostingSettings

CONNECTED = "connected"


@dataclass(frozen=True)
class TenantSnapshot:
    tenant_id: str
    name: str | None = None
    timezone: str = "UTC"
    locations: tuple[tuple[str, str], ...] = ()
    connection_status: str = "not_connected"
    realm_id: str | None = None
    plan: str | None = None
    class_tracking: bool = False
    book_close_date: dt.date | None = None
    go_live_date: dt.date | None = None
    generation: int = 0
    schedule: Schedule | None = None
    schedule_changed_at: dt.datetime | None = None
    cursor_seq: int = 0
    first_sync_done: bool = False
    last_run_task_id: str | None = None
    last_run_started_at: dt.datetime | None = None
    lease_task_id: str | None = None
    lease_expires_at: dt.datetime | None = None
    open_plan_task_id: str | None = None
    pending_task_id: str | None = None
    qbo_refs: Mapping[str, Any] = field(default_factory=dict)
    mapping: Mapping[str, Any] = field(default_factory=dict)  # the admin's account mapping, as stored

    def lease_held(self, now: dt.datetime) -> bool:
        return self.lease_task_id is not None and self.lease_expires_at is not None and self.lease_expires_at > now

    def local_date(self, instant: dt.datetime) -> dt.date:
        return instant.astimezone(zone(self.timezone)).date()

    @property
    def qbo_plan(self) -> QboPlan:
        return plan_from_sku(self.plan or "")


def posting_settings(t: TenantSnapshot, brand: str) -> PostingSettings:
    """The planner's view of the tenant: classes only on Plus or higher with tracking on, and
    the admin's account mapping (the plan freezes the names it gives)."""
    assert t.go_live_date is not None
    tracking = t.class_tracking and t.qbo_plan >= QboPlan.PLUS
    mapping = AccountMapping.from_stored(t.mapping)
    return PostingSettings(
        tenant_id=t.tenant_id, studio_name=t.name or t.tenant_id, go_live_date=t.go_live_date,
        brand=mapping.brand or brand, class_tracking=tracking, location_classes=dict(t.locations),
        book_close_date=t.book_close_date, generation=t.generation,
        revenue_accounts=mapping.revenue_accounts, credit_accounts=mapping.credit_accounts,
        refund_accounts=mapping.refund_accounts, tax_accounts=mapping.tax_accounts,
        opening_offset_account=mapping.opening_offset,
    )


def snapshot_from_model(m: Any) -> TenantSnapshot:
    """Read a pynamodb Tenant item (attributes other engineers add are read defensively)."""
    def opt(name: str) -> Any:
        return getattr(m, name, None)

    def day(value: str | None) -> dt.date | None:
        return dt.date.fromisoformat(value) if value else None

    locations = tuple((str(x["id"]), str(x.get("name") or x["id"])) for x in (m.locations or []))
    return TenantSnapshot(
        tenant_id=m.tenant_id, name=m.name, timezone=m.timezone or "UTC", locations=locations,
        connection_status=m.connection_status or "not_connected", realm_id=m.realm_id, plan=m.plan,
        class_tracking=bool(m.class_tracking), book_close_date=day(m.book_close_date),
        go_live_date=day(m.go_live_date), generation=int(opt("generation") or 0),
        schedule=Schedule(m.schedule) if m.schedule else None,
        schedule_changed_at=m.schedule_changed_at, cursor_seq=int(m.cursor_seq or 0),
        first_sync_done=bool(m.first_sync_done), last_run_task_id=m.last_run_task_id,
        last_run_started_at=m.last_run_started_at, lease_task_id=m.lease_task_id,
        lease_expires_at=m.lease_expires_at, open_plan_task_id=opt("open_plan_task_id"),
        pending_task_id=opt("pending_task_id"), qbo_refs=dict(m.qbo_refs or {}),
        mapping=dict(opt("posting_map") or {}),
    )
