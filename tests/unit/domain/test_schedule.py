from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from chalicelib.domain.errors import ScheduleError
from chalicelib.domain.schedule import LastRun, Schedule, Trigger, decide_run, next_daily_fire, next_sync_at, say_duration

UTC = dt.UTC
ZONES = ["America/Chicago", "America/New_York", "Europe/London", "Australia/Sydney", "Asia/Kolkata"]
# (zone, local date of the night before the change, hours between that night's fire and the next)
DST_NIGHTS = [
    ("America/Chicago", "2025-03-08", 23), ("America/Chicago", "2025-11-01", 25),
    ("America/New_York", "2025-03-08", 23), ("America/New_York", "2025-11-01", 25),
    ("Europe/London", "2025-03-29", 23), ("Europe/London", "2025-10-25", 25),
    ("Australia/Sydney", "2025-10-04", 23), ("Australia/Sydney", "2025-04-05", 25),
    ("Asia/Kolkata", "2025-03-08", 24),
]


def local(tz: str, text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(tz))


def nightly(tz: str, day: str) -> dt.datetime:
    return local(tz, f"{day}T23:31:00").astimezone(UTC)


def daily(now: dt.datetime, tz: str, last: LastRun | None, changed: dt.datetime | None = None,
          scheduled_for: dt.datetime | None = None):  # type: ignore[no-untyped-def]
    return decide_run(trigger=Trigger.DAILY, schedule=Schedule.DAILY, now=now, tz=tz, last_run=last,
                      schedule_changed_at=changed, scheduled_for=scheduled_for)


def test_next_fire_is_tonight_at_2331_local_in_utc() -> None:
    assert next_daily_fire(local("America/Chicago", "2025-01-14T17:00"), "America/Chicago") == dt.datetime(2025, 1, 15, 5, 31, tzinfo=UTC)  # noqa: E501


def test_next_fire_after_tonights_fire_is_tomorrows() -> None:
    fire = nightly("Asia/Kolkata", "2025-06-01")
    assert next_daily_fire(fire, "Asia/Kolkata") == nightly("Asia/Kolkata", "2025-06-02")
    assert fire == dt.datetime(2025, 6, 1, 18, 1, tzinfo=UTC)


@pytest.mark.parametrize("tz,day,hours", DST_NIGHTS)
def test_nightly_fires_stay_at_2331_local_across_dst(tz: str, day: str, hours: int) -> None:
    fire = nightly(tz, day)
    nxt = next_daily_fire(fire, tz)
    assert nxt - fire == dt.timedelta(hours=hours)
    assert nxt.astimezone(ZoneInfo(tz)).time() == dt.time(23, 31)


@pytest.mark.parametrize("tz,day,hours", DST_NIGHTS)
def test_the_23_hour_rule_never_skips_a_nightly_run_across_dst(tz: str, day: str, hours: int) -> None:
    fire = nightly(tz, day)
    nxt = next_daily_fire(fire, tz)
    assert daily(nxt, tz, LastRun(fire, Trigger.DAILY, fire), scheduled_for=nxt).allowed


@pytest.mark.parametrize("tz,day,hours", DST_NIGHTS)
def test_a_fire_late_in_its_minute_last_night_and_early_tonight_still_runs(tz: str, day: str, hours: int) -> None:
    fire = nightly(tz, day)
    started = fire + dt.timedelta(seconds=59)  # no scheduled time known: measured from the start
    early = next_daily_fire(fire, tz) - dt.timedelta(minutes=2)
    assert daily(early, tz, LastRun(started, Trigger.DAILY)).allowed


@pytest.mark.parametrize("tz", ZONES)
def test_a_year_of_nightly_runs_is_never_refused(tz: str) -> None:
    fire = nightly(tz, "2025-01-01")
    last = LastRun(fire + dt.timedelta(seconds=40), Trigger.DAILY, fire)
    for _ in range(366):
        fire = next_daily_fire(fire, tz)
        assert daily(fire + dt.timedelta(seconds=30), tz, last, scheduled_for=fire).allowed
        last = LastRun(fire + dt.timedelta(seconds=30), Trigger.DAILY, fire)


def test_manual_sync_at_5pm_then_enabling_daily_waits_until_the_next_day() -> None:
    tz = "America/Chicago"
    manual = LastRun(local(tz, "2025-01-14T17:00"), Trigger.MANUAL)
    changed = local(tz, "2025-01-14T17:05")
    tonight = nightly(tz, "2025-01-14")
    refused = daily(tonight, tz, manual, changed, scheduled_for=tonight)
    assert not refused.allowed and refused.code == "too_soon_after_schedule_change"
    assert refused.message.startswith("Daily sync skipped: only 6 h 26 min since the schedule was changed at 5:05 PM CST")
    assert "Next run tomorrow at 11:31 PM CST." in refused.message
    assert refused.next_run_at == nightly(tz, "2025-01-15")
    assert daily(refused.next_run_at, tz, manual, changed, scheduled_for=refused.next_run_at).allowed


def test_a_recent_manual_run_blocks_the_daily_run_with_its_time() -> None:
    tz = "America/Chicago"
    manual = LastRun(local(tz, "2025-01-14T17:05"), Trigger.MANUAL)
    decision = daily(nightly(tz, "2025-01-14"), tz, manual, local(tz, "2025-01-01T09:00"))
    assert decision.code == "too_soon_after_run" and decision.elapsed == dt.timedelta(hours=6, minutes=26)
    assert "only 6 h 26 min since the manual sync at 5:05 PM CST" in decision.message


def test_a_late_retry_of_last_nights_fire_does_not_push_tonights_out() -> None:
    tz = "Europe/London"
    last_night = nightly(tz, "2025-06-01")
    retried = LastRun(local(tz, "2025-06-02T10:00"), Trigger.DAILY, last_night)
    tonight = nightly(tz, "2025-06-02")
    assert daily(tonight, tz, retried, scheduled_for=tonight).allowed


def test_a_duplicate_delivery_of_the_same_fire_is_refused() -> None:
    tz = "Australia/Sydney"
    fire = nightly(tz, "2025-06-01")
    decision = daily(fire + dt.timedelta(seconds=50), tz, LastRun(fire, Trigger.DAILY, fire), scheduled_for=fire)
    assert not decision.allowed and decision.code == "too_soon_after_run"


def test_sync_now_is_refused_while_the_schedule_is_daily() -> None:
    now = local("America/New_York", "2025-05-05T12:00")
    decision = decide_run(trigger=Trigger.MANUAL, schedule=Schedule.DAILY, now=now, tz="America/New_York",
                          last_run=None, schedule_changed_at=None)
    assert (decision.allowed, decision.code) == (False, "schedule_is_daily")
    assert "tonight at 11:31 PM EDT" in decision.message


def test_sync_now_runs_on_a_manual_schedule() -> None:
    now = local("America/New_York", "2025-05-05T12:00")
    decision = decide_run(trigger=Trigger.MANUAL, schedule=Schedule.MANUAL, now=now, tz="America/New_York",
                          last_run=LastRun(now - dt.timedelta(minutes=5), Trigger.MANUAL), schedule_changed_at=None)
    assert decision.allowed and decision.message == "Manual sync to QuickBooks started"


def test_a_daily_trigger_on_a_manual_schedule_is_refused() -> None:
    now = nightly("Asia/Kolkata", "2025-05-05")
    decision = decide_run(trigger=Trigger.DAILY, schedule=Schedule.MANUAL, now=now, tz="Asia/Kolkata",
                          last_run=None, schedule_changed_at=None)
    assert (decision.allowed, decision.code, decision.next_run_at) == (False, "schedule_is_manual", None)


def test_next_sync_is_none_on_a_manual_schedule() -> None:
    assert next_sync_at(Schedule.MANUAL, dt.datetime(2025, 1, 1, tzinfo=UTC), "Europe/London", None, None) is None


def test_next_sync_skips_tonight_when_tonight_would_break_the_23_hour_rule() -> None:
    tz = "Europe/London"
    changed = local(tz, "2025-06-02T01:00")
    assert next_sync_at(Schedule.DAILY, changed, tz, None, changed) == nightly(tz, "2025-06-03")


def test_naive_times_and_unknown_zones_are_refused() -> None:
    with pytest.raises(ScheduleError):
        next_daily_fire(dt.datetime(2025, 1, 1), "UTC")
    with pytest.raises(ScheduleError):
        next_daily_fire(dt.datetime(2025, 1, 1, tzinfo=UTC), "Mars/Olympus")


def test_durations_read_in_hours_and_minutes() -> None:
    assert say_duration(dt.timedelta(hours=6, minutes=26, seconds=59)) == "6 h 26 min"
    assert say_duration(dt.timedelta(minutes=7)) == "7 min"
