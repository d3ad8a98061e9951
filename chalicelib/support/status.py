"""One status per tenant, for support's list and its filters.

Precedence (first that applies): `not_connected`, `disconnected`, `needs_reauth` (the connection
says so); `failing` (the newest run that ran, failed); `skipped_last_night` (last night's daily
run was recorded as skipped); `never_synced` (connected, but no run has ever succeeded);
`healthy` otherwise.

"Last night" is the most recent nightly fire at or before now: 11:31 PM in the tenant's time zone
today if that has passed, else yesterday's. A daily task belongs to that fire when its scheduled
time (or, lacking one, its creation) falls from one hour before the fire to 23 hours after it
(EventBridge Scheduler retries a fire for hours; the fire itself lands anywhere in its minute).
"""
from __future__ import annotations

import datetime as dt

from chalicelib.domain.schedule import Schedule, daily_fire_on, next_sync_at, utc, zone
from chalicelib.support.snapshot import RunFacts, Snapshot

HEALTHY, NEVER_SYNCED, NEEDS_REAUTH, FAILING = "healthy", "never_synced", "needs_reauth", "failing"
SKIPPED_LAST_NIGHT, NOT_CONNECTED, DISCONNECTED = "skipped_last_night", "not_connected", "disconnected"
STATUSES = (HEALTHY, NEVER_SYNCED, NEEDS_REAUTH, FAILING, SKIPPED_LAST_NIGHT, NOT_CONNECTED, DISCONNECTED)
CONNECTION_STATUSES = (NOT_CONNECTED, DISCONNECTED, NEEDS_REAUTH)
FIRE_WINDOW = (dt.timedelta(hours=1), dt.timedelta(hours=23))


def latest_fire(now: dt.datetime, tz: str) -> dt.datetime:
    """The most recent nightly 11:31 PM (local) at or before `now`, as a UTC instant."""
    now = utc(now)
    today = now.astimezone(zone(tz)).date()
    fire = daily_fire_on(today, tz)
    return fire if fire <= now else daily_fire_on(today - dt.timedelta(days=1), tz)


def belongs_to_fire(run: RunFacts, fire: dt.datetime) -> bool:
    """Is `run` the daily task of the nightly fire at `fire`?"""
    before, after = FIRE_WINDOW
    return run.trigger == "daily" and fire - before <= utc(run.reference) < fire + after


def last_night_skip(snapshot: Snapshot, now: dt.datetime) -> RunFacts | None:
    """Last night's daily task, if it was recorded as skipped."""
    fire = latest_fire(now, snapshot.tenant.tz)
    return next((r for r in snapshot.runs if r.status == "skipped" and belongs_to_fire(r, fire)), None)


def next_run_at(snapshot: Snapshot, now: dt.datetime) -> dt.datetime | None:
    """When the next daily sync will run (None unless connected, configured and Daily)."""
    t = snapshot.tenant
    if t.connection_status != "connected" or not t.configured or t.schedule != Schedule.DAILY.value:
        return None
    return next_sync_at(Schedule.DAILY, now, t.tz, snapshot.last_admitted(), t.schedule_changed_at)


def classify(snapshot: Snapshot, now: dt.datetime) -> str:
    """The tenant's one status (see the module doc for the precedence)."""
    connection = snapshot.tenant.connection_status
    if connection in CONNECTION_STATUSES:
        return connection
    outcome = snapshot.last_outcome()
    if outcome is not None and outcome.status == "failed":
        return FAILING
    if last_night_skip(snapshot, now) is not None:
        return SKIPPED_LAST_NIGHT
    if not snapshot.ever_synced():
        return NEVER_SYNCED
    return HEALTHY
