"""The tenant item as one frozen value: profile, QuickBooks connection, settings and sync state.

Pure: no I/O. Built by the repository adapter from the stored item, read by every use case.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from chalicelib.domain.plans import QboPlan, plan_from_sku
from chalicelib.domain.schedule import Schedule, zone


class ConnectionStatus(StrEnum):
    NOT_CONNECTED = "not_connected"
    CONNECTED = "connected"
    NEEDS_REAUTH = "needs_reauth"
    DISCONNECTED = "disconnected"


LIVE = frozenset({ConnectionStatus.CONNECTED, ConnectionStatus.NEEDS_REAUTH})


@dataclass(frozen=True)
class Location:
    """One of the studio's locations (the platform's id and name; the class name under Plus)."""

    id: str
    name: str


@dataclass(frozen=True)
class EligibilityOverride:
    """Support let a young or onboarding studio connect anyway (who, why, when)."""

    by: str
    reason: str
    at: dt.datetime

    def to_dict(self) -> dict[str, str]:
        return {"by": self.by, "reason": self.reason, "at": self.at.isoformat()}


@dataclass(frozen=True)
class Profile:
    """What the platform sends about a studio (`PUT /v1/tenants/{id}`)."""

    name: str
    timezone: str
    created_at: dt.datetime
    onboarding: bool = False
    last_import_at: dt.datetime | None = None
    locations: tuple[Location, ...] = ()


@dataclass(frozen=True)
class Connection:
    """What connecting a QuickBooks company records on the tenant."""

    realm_id: str
    company_name: str
    plan: str
    fiscal_year_start_month: int
    book_close_date: dt.date | None
    class_tracking: bool
    connected_at: dt.datetime
    connected_by: str


@dataclass(frozen=True)
class Tenant:
    """One studio. Defaults are what a tenant item without the attribute means."""

    tenant_id: str
    # the platform's profile
    name: str | None = None
    timezone: str | None = None
    created_at: dt.datetime | None = None
    onboarding: bool = False
    last_import_at: dt.datetime | None = None
    locations: tuple[Location, ...] = ()
    profile_updated_at: dt.datetime | None = None
    # the ledger's sequence (allocated by ingest) and the sync's cursor (last posted seq)
    next_seq: int = 0
    ledger_alloc_at: dt.datetime | None = None
    cursor_seq: int = 0
    # the QuickBooks connection
    connection_status: ConnectionStatus = ConnectionStatus.NOT_CONNECTED
    realm_id: str | None = None
    company_name: str | None = None
    plan: str | None = None
    fiscal_year_start_month: int | None = None
    book_close_date: dt.date | None = None
    class_tracking: bool = False
    connected_at: dt.datetime | None = None
    connected_by: str | None = None
    # settings; `generation` goes up on every reset so a new integration's keys never collide
    generation: int = 0
    go_live_date: dt.date | None = None
    schedule: Schedule | None = None
    schedule_changed_at: dt.datetime | None = None
    # sync state
    first_sync_done: bool = False
    last_run_task_id: str | None = None
    last_run_started_at: dt.datetime | None = None
    lease_task_id: str | None = None
    lease_expires_at: dt.datetime | None = None
    open_plan_task_id: str | None = None  # a plan is written and its cursor not yet moved
    pending_task_id: str | None = None  # a Sync Now task is queued or running
    qbo_refs: Mapping[str, str] = field(default_factory=dict)  # QBO ids the sync found or made
    eligibility_override: EligibilityOverride | None = None
    # account name → the total Classbooks posted to it ("12.50", debit positive); None: no
    # baseline yet (the next read-back takes QuickBooks' balances as it)
    posted_balances: Mapping[str, str] | None = None
    posting_map: Mapping[str, Any] = field(default_factory=dict)  # the admin's account mapping, as stored
    run_attention: str | None = None  # support's index of failing / skipped tenants (tenants/attention.py)
    last_daily_skip: str | None = None  # `skipped#<UTC date>` of the newest skipped daily run

    def __post_init__(self) -> None:
        object.__setattr__(self, "qbo_refs", MappingProxyType(dict(self.qbo_refs)))

    @property
    def tz(self) -> str:
        """The studio's IANA zone ("UTC" before the platform sent one)."""
        return self.timezone or "UTC"

    @property
    def has_profile(self) -> bool:
        return self.profile_updated_at is not None

    @property
    def configured(self) -> bool:
        return self.go_live_date is not None and self.schedule is not None

    @property
    def connected(self) -> bool:
        return self.connection_status is ConnectionStatus.CONNECTED

    @property
    def qbo_plan(self) -> QboPlan:
        return plan_from_sku(self.plan or "")

    @property
    def location_names(self) -> dict[str, str]:
        return {loc.id: loc.name for loc in self.locations}

    def lease_held(self, now: dt.datetime) -> bool:
        return self.lease_task_id is not None and self.lease_expires_at is not None and self.lease_expires_at > now

    def local_date(self, instant: dt.datetime) -> dt.date:
        return instant.astimezone(zone(self.tz)).date()


def locations_from(raw: Any) -> tuple[Location, ...]:
    """Stored locations ([{"id", "name"}]) as values; a missing name reads as the id."""
    return tuple(Location(str(x["id"]), str(x.get("name") or x["id"])) for x in (raw or []))
