"""The runner's reading of EventBridge Scheduler expressions, time zones and DST included."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from devstack.runner.cron import UnsupportedExpression, fires_between

UTC = dt.UTC
NIGHTLY = "cron(31 23 * * ? *)"


def local(tz: str, text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(tz))


def test_the_nightly_cron_fires_at_2331_local_every_night_of_a_week() -> None:
    tz = "America/Chicago"
    fires = fires_between(NIGHTLY, tz, local(tz, "2026-11-23T00:00"), local(tz, "2026-11-30T00:00"))
    assert [f.astimezone(ZoneInfo(tz)).strftime("%a %H:%M") for f in fires] == [
        "Mon 23:31", "Tue 23:31", "Wed 23:31", "Thu 23:31", "Fri 23:31", "Sat 23:31", "Sun 23:31"]


@pytest.mark.parametrize("tz,night,hours", [
    ("America/Chicago", "2026-03-07", 23), ("America/Chicago", "2026-10-31", 25),
    ("Europe/London", "2026-03-28", 23), ("Europe/London", "2026-10-24", 25),
    ("Australia/Sydney", "2026-10-03", 23), ("Australia/Sydney", "2026-04-04", 25),
    ("Asia/Kolkata", "2026-03-07", 24),
])
def test_the_nightly_fire_stays_at_2331_local_across_a_dst_change(tz: str, night: str, hours: int) -> None:
    start = local(tz, f"{night}T12:00")
    first, second = fires_between(NIGHTLY, tz, start, start + dt.timedelta(hours=36))
    assert second - first == dt.timedelta(hours=hours)
    assert {f.astimezone(ZoneInfo(tz)).time() for f in (first, second)} == {dt.time(23, 31)}


def test_a_local_time_skipped_by_spring_forward_does_not_fire() -> None:
    tz = "America/Chicago"
    fires = fires_between("cron(30 2 * * ? *)", tz, local(tz, "2026-03-07T00:00"), local(tz, "2026-03-10T00:00"))
    assert [f.astimezone(ZoneInfo(tz)).date().isoformat() for f in fires] == ["2026-03-07", "2026-03-09"]


def test_a_local_time_repeated_by_fall_back_fires_once_at_its_first_occurrence() -> None:
    tz = "America/Chicago"
    fires = fires_between("cron(30 1 * * ? *)", tz, local(tz, "2026-11-01T00:00"), local(tz, "2026-11-01T12:00"))
    assert fires == [dt.datetime(2026, 11, 1, 6, 30, tzinfo=UTC)]  # 01:30 CDT, not 01:30 CST


def test_the_window_excludes_its_start_and_includes_its_end() -> None:
    fire = dt.datetime(2026, 6, 1, 18, 1, tzinfo=UTC)  # 23:31 IST
    assert fires_between(NIGHTLY, "Asia/Kolkata", fire, fire + dt.timedelta(hours=1)) == []
    assert fires_between(NIGHTLY, "Asia/Kolkata", fire - dt.timedelta(seconds=1), fire) == [fire]


def test_day_of_week_uses_aws_numbering_and_names() -> None:
    start = dt.datetime(2026, 6, 1, tzinfo=UTC)  # a Monday
    by_name = fires_between("cron(0 9 ? * MON-FRI *)", "UTC", start, start + dt.timedelta(days=7))
    by_number = fires_between("cron(0 9 ? * 2-6 *)", "UTC", start, start + dt.timedelta(days=7))
    assert by_name == by_number and [f.strftime("%a") for f in by_name] == ["Mon", "Tue", "Wed", "Thu", "Fri"]
    sundays = fires_between("cron(0 9 ? * 1 *)", "UTC", start, start + dt.timedelta(days=7))
    assert [f.strftime("%a %d") for f in sundays] == ["Sun 07"]


def test_lists_ranges_and_steps_select_the_minutes_they_name() -> None:
    start = dt.datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
    fires = fires_between("cron(0/20,45 10 * * ? *)", "UTC", start - dt.timedelta(seconds=1),
                          start + dt.timedelta(hours=1))
    assert [f.minute for f in fires] == [0, 20, 40, 45]


def test_a_one_time_schedule_fires_once_in_its_zone() -> None:
    expression = "at(2026-11-25T23:31:00)"
    fires = fires_between(expression, "America/Chicago", dt.datetime(2026, 11, 25, tzinfo=UTC),
                          dt.datetime(2026, 11, 27, tzinfo=UTC))
    assert fires == [dt.datetime(2026, 11, 26, 5, 31, tzinfo=UTC)]


@pytest.mark.parametrize("expression", [
    "rate(1 day)", "cron(31 23 L * ? *)", "cron(31 23 ? * 6#3 *)", "cron(31 23 * * * *)", "cron(31 23 * *)",
    "cron(61 23 * * ? *)",
])
def test_expressions_outside_the_supported_subset_are_refused(expression: str) -> None:
    with pytest.raises(UnsupportedExpression):
        fires_between(expression, "UTC", dt.datetime(2026, 1, 1, tzinfo=UTC), dt.datetime(2026, 1, 2, tzinfo=UTC))
