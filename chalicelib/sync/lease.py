"""The run lease: who may run a sync for a tenant now (a pure rule) and the port that takes it.

The rule reads a `Tenant`; the store then takes the lease with ONE conditional write
that pins what the rule read (lease free or expired, schedule, schedule change time, previous
run), so a decision made on stale data fails the write instead of running twice.

- the task that already holds `last_run_task_id` is a retry of an admitted run: it resumes
  without the 23-hour rule (its first attempt counts as the previous run);
- a live lease held by this same task is a duplicate delivery racing the first: retry later;
- a live lease held by another task, no connection, no Go Live Date, or the schedule rule
  refusing the trigger: a skipped task with the reason (and the next run time).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from chalicelib.domain.schedule import LastRun, Schedule, decide_run, next_sync_at, skip_message
from chalicelib.domain.skips import SkipFacts
from chalicelib.sync.messages import SyncMessage
from chalicelib.sync.state import CONNECTED
from chalicelib.tenants.model import Tenant
from chalicelib.tenants.repository import TenantConflict

LEASE_TTL = dt.timedelta(minutes=15)  # ≥ the worker's Lambda timeout; < the queue's visibility timeout


class Verdict(StrEnum):
    RUN = "run"
    RESUME = "resume"
    BUSY = "busy"
    SKIP = "skip"


@dataclass(frozen=True)
class Admission:
    verdict: Verdict
    code: str = "ok"
    message: str = ""
    next_run_at: dt.datetime | None = None
    facts: SkipFacts | None = None  # a skip's facts (stored with the task; `message` is worded from them)


def skipped(facts: SkipFacts, now: dt.datetime, tz: str) -> Admission:
    """A skip, its message worded from its facts."""
    return Admission(Verdict.SKIP, facts.code, skip_message(facts, now, tz), facts.next_run_at, facts)


def admit(t: Tenant, msg: SyncMessage, last_run: LastRun | None, now: dt.datetime) -> Admission:
    """May this message's run take the lease now? (Pure: everything it needs is passed in.)"""
    task_id = msg.record_id
    if t.lease_held(now):
        if t.lease_task_id == task_id:
            return Admission(Verdict.BUSY, "duplicate_delivery", "this run is already in progress")
        return skipped(SkipFacts("another_sync_running", _next(t, now, last_run), task_id=t.lease_task_id),
                       now, t.tz)
    if t.last_run_task_id == task_id:
        return Admission(Verdict.RESUME)
    if t.connection_status != CONNECTED:
        return skipped(SkipFacts(f"connection_{t.connection_status}", _next(t, now, last_run)), now, t.tz)
    if t.go_live_date is None or t.schedule is None:
        return skipped(SkipFacts("not_configured"), now, t.tz)
    decision = decide_run(trigger=msg.trigger, schedule=t.schedule, now=now, tz=t.tz,
                          last_run=last_run, schedule_changed_at=t.schedule_changed_at,
                          scheduled_for=msg.scheduled_for)
    if not decision.allowed:
        return Admission(Verdict.SKIP, decision.code, decision.message, decision.next_run_at, decision.facts)
    return Admission(Verdict.RUN, decision.code, decision.message)


def _next(t: Tenant, now: dt.datetime, last_run: LastRun | None) -> dt.datetime | None:
    if t.schedule is not Schedule.DAILY:
        return None
    return next_sync_at(t.schedule, now, t.tz, last_run, t.schedule_changed_at)


LeaseLost = TenantConflict  # the tenant changed since it was read (or the lease is no longer ours)


class PendingSync(Exception):
    """Sync Now while another sync is queued or running: carries that task's id."""

    def __init__(self, task_id: str) -> None:
        super().__init__(task_id)
        self.task_id = task_id
