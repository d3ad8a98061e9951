"""What the support diagnosis reads of a tenant and its recent runs, as plain frozen values.

The service builds a `Snapshot` from the tables; the status and diagnosis rules take it (and
"now") and nothing else, so they are tested with fixed clocks and no database. Tokens are never
part of a snapshot: the support side does not read the tokens table at all.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from chalicelib.domain.schedule import LastRun, Trigger
from chalicelib.domain.skips import SkipFacts

RAN = frozenset({"running", "succeeded", "failed"})


@dataclass(frozen=True)
class RunFacts:
    """One background task (sync run)."""

    task_id: str
    trigger: str
    status: str
    created_at: dt.datetime
    scheduled_for: dt.datetime | None = None
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    error: str | None = None
    reason: str | None = None
    next_run_at: dt.datetime | None = None
    skip: SkipFacts | None = None  # a skip's stored facts (None on runs stored before they were kept)

    @property
    def reference(self) -> dt.datetime:
        """The instant the 23-hour rule measures from (a daily run's scheduled time, else its start)."""
        if self.trigger == "daily" and self.scheduled_for is not None:
            return self.scheduled_for
        return self.started_at or self.created_at

    @property
    def ran(self) -> bool:
        """It took the lease (so it counts as "the previous run" for the 23-hour rule)."""
        return self.status in RAN or (self.started_at is not None and self.status != "skipped")

    def as_last_run(self) -> LastRun:
        return LastRun(self.started_at or self.created_at, Trigger(self.trigger), self.scheduled_for)


@dataclass(frozen=True)
class TenantFacts:
    """The tenant item, minus anything secret."""

    tenant_id: str
    name: str | None = None
    timezone: str | None = None
    created_at: dt.datetime | None = None
    onboarding: bool = False
    connection_status: str = "not_connected"
    realm_id: str | None = None
    company_name: str | None = None
    plan: str | None = None
    class_tracking: bool = False
    connected_at: dt.datetime | None = None
    connected_by: str | None = None
    go_live_date: str | None = None
    schedule: str | None = None
    schedule_changed_at: dt.datetime | None = None
    first_sync_done: bool = False
    last_run_task_id: str | None = None
    last_run_started_at: dt.datetime | None = None
    eligibility_override: Mapping[str, Any] | None = None
    qbo_refs: Mapping[str, Any] = field(default_factory=dict)

    @property
    def tz(self) -> str:
        return self.timezone or "UTC"

    @property
    def configured(self) -> bool:
        return bool(self.go_live_date and self.schedule)


@dataclass(frozen=True)
class Snapshot:
    """A tenant and its most recent runs, newest first."""

    tenant: TenantFacts
    runs: tuple[RunFacts, ...] = ()

    def last_admitted(self) -> LastRun | None:
        """The previous run as the scheduler sees it (the tenant's last run that took the lease)."""
        t = self.tenant
        if t.last_run_started_at is None:
            return None
        run = next((r for r in self.runs if r.task_id == t.last_run_task_id), None)
        if run is None:
            return LastRun(t.last_run_started_at, Trigger.MANUAL)
        return LastRun(run.started_at or t.last_run_started_at, Trigger(run.trigger), run.scheduled_for)

    def last_outcome(self) -> RunFacts | None:
        """The newest run that finished by running (succeeded or failed)."""
        return next((r for r in self.runs if r.status in ("succeeded", "failed")), None)

    def ever_synced(self) -> bool:
        return self.tenant.first_sync_done or any(r.status == "succeeded" for r in self.runs)
