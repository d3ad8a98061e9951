"""Support's diagnosis: from a snapshot of a tenant and its last runs, and now, the findings.

Pure: no clock, no I/O. Times are said in the tenant's time zone with the domain's `say_*`
helpers, in the style "Daily sync skipped at 11:31 PM CST: only 6 h 26 min since the manual
sync at 5:05 PM; next run tonight at 11:31 PM CST". A skipped night is worded from the facts its
task stored (`SkipFacts`); a run stored before skips kept their facts is explained by re-deciding
it with the domain's own rule (`decide_run`) at the fire's scheduled time, from the run before it,
and when that cannot be reconstructed its recorded reason is quoted whole (never parsed).
"""
from __future__ import annotations

import datetime as dt

from chalicelib.domain.schedule import Schedule, Trigger, decide_run, say_clock, say_duration, say_when, utc
from chalicelib.support import checks
from chalicelib.support.findings import ERROR, INFO, OK, WARNING, Finding, clock_beside, local, recorded, skip_reason
from chalicelib.support.snapshot import RunFacts, Snapshot
from chalicelib.support.status import belongs_to_fire, latest_fire, next_run_at

TOPIC = "daily_sync"
FINAL = ("succeeded", "failed", "skipped")
RECONNECT = "An admin reconnects from Settings > Integration > Intuit QuickBooks"


def diagnose(snapshot: Snapshot, now: dt.datetime, brand: str = "Classbooks") -> list[Finding]:
    """Every finding for the tenant, the daily-sync answer first."""
    daily = daily_sync(snapshot, now)
    found = [daily]
    error = last_error(snapshot, now)
    if error is not None and daily.code != "last_run_failed":
        found.append(error)
    found += checks.account_checks(snapshot.tenant, now, brand)
    return found


def daily_sync(s: Snapshot, now: dt.datetime) -> Finding:
    """"My daily sync did not run — why?" (or that it runs, and when next)."""
    t, tz = s.tenant, s.tenant.tz
    if t.connection_status == "not_connected":
        return Finding(TOPIC, "not_connected", WARNING, "Daily sync cannot run: QuickBooks is not connected. "
                       "An admin connects it from Settings > Integration > Intuit QuickBooks.")
    if t.connection_status == "disconnected":
        return Finding(TOPIC, "disconnected", ERROR, "Daily sync stopped: QuickBooks was disconnected. "
                       f"{RECONNECT}; nothing is lost, the next sync posts everything since the last one.")
    if t.connection_status == "needs_reauth":
        return Finding(TOPIC, "needs_reauth", ERROR, "Daily sync stopped: QuickBooks needs re-authorisation "
                       f"(Intuit no longer accepts this studio's authorisation). {RECONNECT}; nothing is "
                       "lost, the next sync posts everything since the last one.")
    if not t.configured:
        missing = " and ".join(n for n, v in (("a Go Live Date", t.go_live_date), ("a schedule", t.schedule)) if not v)
        return Finding(TOPIC, "not_configured", WARNING, f"Daily sync cannot run: the integration is not "
                       f"configured (it needs {missing}). An admin finishes Configure QuickBooks Integration.")
    if t.schedule == Schedule.MANUAL.value:
        return Finding(TOPIC, "schedule_manual", INFO, "Daily sync does not run: the schedule is Manual, so "
                       "syncs run only when an admin selects Sync Now.")
    upcoming = say_when(next_run_at(s, now), now, tz)
    newest = next((r for r in s.runs if r.status in FINAL), None)
    if newest is not None and newest.status == "skipped":
        why = skip_reason(newest.skip, newest.reference, tz) if newest.skip else (
            too_soon(s, newest) or recorded(newest.reason))
        return Finding(TOPIC, "skipped", WARNING,
                       f"Daily sync skipped {_at(newest.reference, now, tz)}: {why}; next run {upcoming}")
    if newest is not None and newest.status == "failed":
        return Finding(TOPIC, "last_run_failed", ERROR, f"{_failed(newest, now, tz)}; next run {upcoming}")
    busy = next((r for r in s.runs if r.status in ("queued", "running")), None)
    if busy is not None:
        return Finding(TOPIC, "in_progress", INFO, f"A {busy.trigger} sync is {busy.status} (task {busy.task_id}, "
                       f"since {say_when(busy.started_at or busy.created_at, now, tz, past=True).removeprefix('at ')})")
    if newest is not None and missed_last_night(s, now):
        return Finding(TOPIC, "no_run_recorded", WARNING, f"No daily sync was recorded for last night's fire "
                       f"{_at(latest_fire(now, tz), now, tz)}: the scheduler did not deliver it; the last sync "
                       f"({newest.trigger}) {_succeeded(newest, now, tz)}; next run {upcoming}")
    if newest is not None:
        return Finding(TOPIC, "ok", OK, f"Daily sync is on: the last sync ({newest.trigger}) "
                       f"{_succeeded(newest, now, tz)}; next run {upcoming}")
    return Finding(TOPIC, "scheduled", INFO, f"Daily sync is on and has not run yet; first run {upcoming}")


def missed_last_night(s: Snapshot, now: dt.datetime) -> bool:
    """A Daily studio that synced before last night's fire has no task at all for that fire."""
    fire = latest_fire(now, s.tenant.tz)
    changed = s.tenant.schedule_changed_at
    if changed is not None and utc(changed) >= fire:
        return False
    return (not any(belongs_to_fire(r, fire) for r in s.runs)
            and any(utc(r.reference) < fire - dt.timedelta(hours=1) for r in s.runs))


def _succeeded(run: RunFacts, now: dt.datetime, tz: str) -> str:
    return f"succeeded {say_when(run.finished_at or run.reference, now, tz, past=True)}"


def too_soon(s: Snapshot, skip: RunFacts) -> str | None:
    """"only 6 h 26 min since the manual sync at 5:05 PM", re-decided at the skipped fire."""
    t, tz, at = s.tenant, s.tenant.tz, utc(skip.reference)
    previous = next((r for r in s.runs if r.ran and r.task_id != skip.task_id and utc(r.reference) < at), None)
    last = previous.as_last_run() if previous else s.last_admitted()
    if last is not None and utc(last.reference) >= at:
        last = None
    changed = t.schedule_changed_at if t.schedule_changed_at and utc(t.schedule_changed_at) <= at else None
    decision = decide_run(trigger=Trigger.DAILY, schedule=Schedule.DAILY, now=at, tz=tz, last_run=last,
                          schedule_changed_at=changed, scheduled_for=skip.scheduled_for)
    if decision.allowed or decision.since is None or decision.elapsed is None:
        return None
    since = clock_beside(decision.since, at, tz)
    if decision.code == "too_soon_after_run" and last is not None:
        return f"only {say_duration(decision.elapsed)} since the {last.trigger.value} sync {since}"
    return (f"only {say_duration(decision.elapsed)} since the schedule was changed {since} "
            "(changing the schedule resets the 23-hour timer)")


def last_error(s: Snapshot, now: dt.datetime) -> Finding | None:
    """The last error in plain words: the newest run that ran, if it failed."""
    outcome = s.last_outcome()
    if outcome is None or outcome.status != "failed":
        return None
    return Finding("last_error", "last_run_failed", ERROR, _failed(outcome, now, s.tenant.tz))


def _failed(run: RunFacts, now: dt.datetime, tz: str) -> str:
    when = say_when(run.finished_at or run.reference, now, tz, past=True)
    what = (run.error or "no error was recorded").strip().rstrip(".")
    return f"{run.trigger.capitalize()} sync failed {when}: {what}"


def _at(instant: dt.datetime, now: dt.datetime, tz: str) -> str:
    """"at 11:31 PM CST" for last night's fire; "on Mon Jan 12 at 11:31 PM CST" before that."""
    if utc(instant) >= latest_fire(now, tz) - dt.timedelta(hours=1):
        return f"at {say_clock(instant, tz)}"
    moment = local(instant, tz)
    return f"on {moment:%a %b} {moment.day} at {say_clock(instant, tz)}"
