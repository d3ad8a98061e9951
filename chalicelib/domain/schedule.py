"""Schedule arithmetic: the nightly 23:31 fire and the 23-hour rule. "now" is always passed in.

Tolerance: a daily run is allowed when at least 23 h minus `TOLERANCE` (5 min) have passed.
Runs are measured between reference instants: a daily run's reference is its scheduled time
(EventBridge's `<aws.scheduler.scheduled-time>`), a manual run's is its start. So consecutive
nightly runs are 24 h apart (23 h on the spring-forward night, allowed since 23 ≥ 23; 25 h on
the fall-back night), a late retry of last night's fire does not push tonight's out, and the
tolerance absorbs a fire landing anywhere in its minute or a little early when the scheduled
time is unknown.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from chalicelib.domain.errors import ScheduleError
from chalicelib.domain.skips import SkipFacts, skip_cause

DAILY_AT = dt.time(23, 31)
MIN_GAP = dt.timedelta(hours=23)
TOLERANCE = dt.timedelta(minutes=5)
UTC = dt.UTC


class Schedule(str, Enum):
    DAILY = "daily"
    MANUAL = "manual"


class Trigger(str, Enum):
    DAILY = "daily"
    MANUAL = "manual"


def zone(name: str) -> ZoneInfo:
    """The IANA zone `name`, or a ScheduleError saying it is unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ScheduleError(f"{name!r} is not an IANA time zone") from None


def utc(instant: dt.datetime) -> dt.datetime:
    """`instant` in UTC; naive datetimes are refused (they mean nothing across zones)."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ScheduleError("times must be timezone-aware")
    return instant.astimezone(UTC)


def daily_fire_on(day: dt.date, tz: str) -> dt.datetime:
    """The nightly fire on local date `day`, as a UTC instant."""
    return dt.datetime.combine(day, DAILY_AT, tzinfo=zone(tz)).astimezone(UTC)


def next_daily_fire(after: dt.datetime, tz: str) -> dt.datetime:
    """The first 23:31 local time strictly after `after` (UTC result)."""
    after = utc(after)
    day = after.astimezone(zone(tz)).date()
    fire = daily_fire_on(day, tz)
    return fire if fire > after else daily_fire_on(day + dt.timedelta(days=1), tz)


@dataclass(frozen=True)
class LastRun:
    """The previous run: when it started, what triggered it, and (daily) its scheduled time."""

    started_at: dt.datetime
    trigger: Trigger
    scheduled_for: dt.datetime | None = None

    @property
    def reference(self) -> dt.datetime:
        if self.trigger is Trigger.DAILY and self.scheduled_for is not None:
            return utc(self.scheduled_for)
        return utc(self.started_at)


def skip_message(facts: SkipFacts, now: dt.datetime, tz: str) -> str:
    """The skipped task's reason, as the admin reads it on the page, worded from `facts` at `now`."""
    if facts.too_soon and facts.since is not None and facts.elapsed is not None:
        since = say_when(facts.since, now, tz, past=True)
        what = (f"the {facts.after} sync {since}" if facts.after is not None else
                f"the schedule was changed {since} (changing the schedule resets the 23-hour timer)")
        return (f"Daily sync skipped: only {say_duration(facts.elapsed)} since {what}; the minimum is "
                f"23 hours. Next run {say_when(facts.next_run_at, now, tz)}.")
    if facts.code == "schedule_is_manual":
        return "Daily sync skipped: the schedule is Manual, so syncs run only when an admin selects Sync Now."
    return f"Sync skipped: {skip_cause(facts)}."


@dataclass(frozen=True)
class RunDecision:
    """Allowed or refused, with a code, a plain message, and the next run when there is one;
    a refused daily run also carries the facts of its skip (the message is worded from them)."""

    allowed: bool
    code: str
    message: str
    next_run_at: dt.datetime | None = None
    elapsed: dt.timedelta | None = None
    since: dt.datetime | None = None
    facts: SkipFacts | None = None


def _fits(instant: dt.datetime, last_run: LastRun | None, changed_at: dt.datetime | None) -> bool:
    marks = [m for m in (last_run.reference if last_run else None, changed_at) if m is not None]
    return all(instant - utc(m) >= MIN_GAP - TOLERANCE for m in marks)


def next_sync_at(schedule: Schedule, now: dt.datetime, tz: str, last_run: LastRun | None,
                 schedule_changed_at: dt.datetime | None) -> dt.datetime | None:
    """When the next daily run will actually happen (None on a Manual schedule)."""
    if schedule is not Schedule.DAILY:
        return None
    fire = next_daily_fire(now, tz)
    while not _fits(fire, last_run, schedule_changed_at):
        fire = next_daily_fire(fire, tz)
    return fire


def decide_run(*, trigger: Trigger, schedule: Schedule, now: dt.datetime, tz: str,
               last_run: LastRun | None, schedule_changed_at: dt.datetime | None,
               scheduled_for: dt.datetime | None = None) -> RunDecision:
    """May this trigger run now? Manual needs a Manual schedule; daily needs Daily and 23 h."""
    now = utc(now)
    upcoming = next_sync_at(schedule, now, tz, last_run, schedule_changed_at)
    if trigger is Trigger.MANUAL:
        if schedule is Schedule.MANUAL:
            return RunDecision(True, "ok", "Manual sync to QuickBooks started")
        return RunDecision(False, "schedule_is_daily",
                           "Sync Now is not available while the schedule is Daily; the next "
                           f"sync runs {say_when(upcoming, now, tz)}.", upcoming)
    if schedule is not Schedule.DAILY:
        manual = SkipFacts("schedule_is_manual")
        return RunDecision(False, manual.code, skip_message(manual, now, tz), facts=manual)
    ref = min(utc(scheduled_for), now) if scheduled_for is not None else now
    blockers = [(utc(last_run.reference), "too_soon_after_run") if last_run else None,
                (utc(schedule_changed_at), "too_soon_after_schedule_change") if schedule_changed_at else None]
    failing = [b for b in blockers if b and ref - b[0] < MIN_GAP - TOLERANCE]
    if not failing:
        return RunDecision(True, "ok", "Daily sync to QuickBooks started", upcoming)
    since, code = max(failing)
    elapsed = ref - since
    after = last_run.trigger.value if code == "too_soon_after_run" and last_run is not None else None
    facts = SkipFacts(code, upcoming, elapsed, since, after)
    return RunDecision(False, code, skip_message(facts, now, tz), upcoming, elapsed, since, facts)


def say_duration(span: dt.timedelta) -> str:
    """"6 h 26 min" (whole minutes, rounded down)."""
    minutes = max(int(span.total_seconds() // 60), 0)
    return f"{minutes // 60} h {minutes % 60} min" if minutes >= 60 else f"{minutes} min"


def say_clock(instant: dt.datetime, tz: str) -> str:
    """"11:31 PM CST": local wall time with the zone's abbreviation."""
    local = utc(instant).astimezone(zone(tz))
    hour = local.hour % 12 or 12
    return f"{hour}:{local.minute:02d} {'AM' if local.hour < 12 else 'PM'} {local.tzname()}"


def say_when(instant: dt.datetime | None, now: dt.datetime, tz: str, past: bool = False) -> str:
    """"tonight at 11:31 PM CST", "tomorrow at …", "at 5:05 PM CST", "yesterday at …"."""
    if instant is None:
        return "when an admin selects Sync Now"
    days = (utc(instant).astimezone(zone(tz)).date() - utc(now).astimezone(zone(tz)).date()).days
    clock = say_clock(instant, tz)
    if days == 0:
        evening = utc(instant).astimezone(zone(tz)).hour >= 18
        return f"at {clock}" if past else f"{'tonight' if evening else 'today'} at {clock}"
    if days == 1:
        return f"tomorrow at {clock}"
    if days == -1:
        return f"yesterday at {clock}"
    local = utc(instant).astimezone(zone(tz))
    return f"on {local:%a %b} {local.day} at {clock}"
