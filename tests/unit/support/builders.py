"""Snapshots for the support rules: a Chicago studio, and runs placed on its local clock."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any
from zoneinfo import ZoneInfo

from chalicelib.support.snapshot import RunFacts, Snapshot, TenantFacts

CHICAGO = "America/Chicago"
UTC = dt.UTC


def at(text: str, tz: str = CHICAGO) -> dt.datetime:
    """A local wall time ("2026-01-14 17:05") in `tz`, as a UTC instant."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(tz)).astimezone(UTC)


def tenant(**changes: Any) -> TenantFacts:
    """A healthy, configured, Daily studio on QBO Plus with classes, a year old."""
    base = TenantFacts(
        tenant_id="lakeside-swim", name="Lakeside Swim", timezone=CHICAGO, created_at=at("2025-01-02 09:00"),
        connection_status="connected", realm_id="9130", company_name="Lakeside Swim LLC",
        plan="QuickBooks Online Plus", class_tracking=True, go_live_date="2026-01-01", schedule="daily",
        first_sync_done=True)
    return replace(base, **changes)


def manual_run(start: str, status: str = "succeeded", **changes: Any) -> RunFacts:
    started = at(start)
    return RunFacts(task_id=f"{started:%Y%m%dT%H%M%SZ}-manual-0001", trigger="manual", status=status,
                    created_at=started, started_at=started, finished_at=started + dt.timedelta(minutes=2),
                    **changes)


def daily_run(fire: str, status: str = "succeeded", **changes: Any) -> RunFacts:
    scheduled = at(fire)
    ran = status != "skipped"
    return RunFacts(task_id=f"{scheduled:%Y%m%dT%H%M%SZ}-daily-exec", trigger="daily", status=status,
                    created_at=scheduled + dt.timedelta(seconds=12), scheduled_for=scheduled,
                    started_at=scheduled + dt.timedelta(seconds=12) if ran else None,
                    finished_at=scheduled + dt.timedelta(minutes=3), **changes)


def snapshot(t: TenantFacts, *runs: RunFacts) -> Snapshot:
    """Runs newest first (as the runs table lists them); the tenant's last run is the newest that ran."""
    ordered = tuple(sorted(runs, key=lambda r: r.task_id, reverse=True))
    ran = next((r for r in ordered if r.ran), None)
    if ran is not None and t.last_run_task_id is None:
        t = replace(t, last_run_task_id=ran.task_id, last_run_started_at=ran.started_at)
    return Snapshot(t, ordered)
