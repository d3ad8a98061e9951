"""What support sees, as JSON: the list row and the tenant detail. Built from a snapshot only,
so no token (nor anything else from the tokens table) can reach a support view."""
from __future__ import annotations

import datetime as dt
from typing import Any

from chalicelib.domain.schedule import say_when
from chalicelib.support.diagnosis import daily_sync, diagnose
from chalicelib.support.snapshot import RunFacts, Snapshot
from chalicelib.support.status import classify, next_run_at


def iso(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z") if value else None


def run_view(r: RunFacts) -> dict[str, Any]:
    return {"task_id": r.task_id, "trigger": r.trigger, "status": r.status, "created_at": iso(r.created_at),
            "scheduled_for": iso(r.scheduled_for), "started_at": iso(r.started_at),
            "finished_at": iso(r.finished_at), "error": r.error, "reason": r.reason,
            "next_run_at": iso(r.next_run_at)}


def list_row(s: Snapshot, now: dt.datetime) -> dict[str, Any]:
    t, newest = s.tenant, next(iter(s.runs), None)
    return {"tenant_id": t.tenant_id, "name": t.name, "status": classify(s, now), "timezone": t.timezone,
            "connection_status": t.connection_status, "company_name": t.company_name, "plan": t.plan,
            "schedule": t.schedule, "go_live_date": t.go_live_date,
            "last_run": {"task_id": newest.task_id, "trigger": newest.trigger, "status": newest.status,
                         "at": iso(newest.finished_at or newest.reference)} if newest else None,
            "next_run_at": iso(next_run_at(s, now)), "summary": daily_sync(s, now).message}


def last_error(s: Snapshot) -> dict[str, Any] | None:
    failed = s.last_outcome()
    if failed is None or failed.status != "failed":
        return None
    return {"task_id": failed.task_id, "at": iso(failed.finished_at or failed.reference),
            "message": failed.error or "no error was recorded"}


def detail(s: Snapshot, now: dt.datetime, brand: str) -> dict[str, Any]:
    t, upcoming = s.tenant, next_run_at(s, now)
    return {
        "tenant_id": t.tenant_id, "name": t.name, "timezone": t.timezone, "status": classify(s, now),
        "profile": {"created_at": iso(t.created_at), "onboarding": t.onboarding},
        "connection": {"status": t.connection_status, "realm_id": t.realm_id, "company_name": t.company_name,
                       "connected_at": iso(t.connected_at), "connected_by": t.connected_by},
        "company": {"name": t.company_name, "plan": t.plan, "class_tracking": t.class_tracking},
        "eligibility_override": dict(t.eligibility_override) if t.eligibility_override else None,
        "go_live_date": t.go_live_date,
        "schedule": {"schedule": t.schedule, "changed_at": iso(t.schedule_changed_at)},
        "next_run_at": iso(upcoming),
        "next_run": say_when(upcoming, now, t.tz) if upcoming else None,
        "last_runs": [run_view(r) for r in s.runs],
        "last_error": last_error(s),
        "diagnosis": [f.to_dict() for f in diagnose(s, now, brand)],
    }
