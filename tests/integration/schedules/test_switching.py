"""The 23-hour rule across schedule switches (the seed's "Choosing a Synchronization Schedule").

"If you manually synchronize at 5:00 PM and then enable Daily, the automated job will not run
until the next day": the night's fire still arrives, and becomes a skipped background task that
says why and when the next run is.
"""
from __future__ import annotations

import datetime as dt
import json

from tests.integration.schedules.studio import at, open_studio

CHICAGO = "America/Chicago"
LONDON = "Europe/London"


def manual_studio(world, tz: str, start: dt.datetime):
    return open_studio(world, tz, start, "manual")


def sync_now(world, studio) -> str:
    answer = studio.sync_now()
    assert answer.status_code == 202, answer.body
    world.runner.drain()
    return json.loads(answer.body)["task_id"]


def daily_after_a_5pm_sync(world):
    """The seed's example: a Manual studio in Chicago syncs at 5:00 PM, then chooses Daily at 5:05."""
    studio = manual_studio(world, CHICAGO, at(CHICAGO, "2026-01-14T09:00"))
    world.at(at(CHICAGO, "2026-01-14T17:00"))
    sync_now(world, studio)
    world.at(at(CHICAGO, "2026-01-14T17:05"))
    studio.choose("daily")
    return studio


def test_a_manual_sync_at_5pm_then_daily_means_no_run_that_night_and_a_run_the_next(world) -> None:
    studio = daily_after_a_5pm_sync(world)
    world.at(at(CHICAGO, "2026-01-16T12:00"))
    assert studio.runs() == [("succeeded", "manual", "Wed 14 17:00"), ("skipped", "daily", "Wed 14 23:31"),
                             ("succeeded", "daily", "Thu 15 23:31")]


def test_the_skipped_night_says_why_and_when_the_next_run_is(world) -> None:
    studio = daily_after_a_5pm_sync(world)
    world.at(at(CHICAGO, "2026-01-15T00:00"))
    skipped = studio.tasks()[-1]
    assert skipped["status"] == "skipped" and skipped["next_run_at"] == "2026-01-16T05:31:00Z"
    assert skipped["reason"] == (
        "Daily sync skipped: only 6 h 26 min since the schedule was changed at 5:05 PM CST (changing the "
        "schedule resets the 23-hour timer); the minimum is 23 hours. Next run tomorrow at 11:31 PM CST.")


def test_status_shows_the_next_sync_in_local_time_for_daily_and_sync_now_only_for_manual(world) -> None:
    studio = manual_studio(world, CHICAGO, at(CHICAGO, "2026-11-24T09:00"))
    manual = studio.status()
    assert (manual["next_sync_at"], manual["next_sync_local"], manual["sync_now_available"]) == (None, None, True)
    world.at(at(CHICAGO, "2026-11-25T10:00"))
    studio.choose("daily")
    daily = studio.status()
    assert daily["next_sync_at"] == "2026-11-27T05:31:00+00:00"  # tonight is within 23 h of the switch
    assert daily["next_sync_local"] == "Thu, Nov 26, 11:31 PM CST"
    assert daily["sync_now_available"] is False


def test_switching_between_daily_and_manual_repeatedly_keeps_every_rule(world) -> None:
    """Night 1 runs; Manual on day 2 (Sync Now runs, no fire that night); Daily again at 8 PM on
    day 3 (too soon: skipped); Manual and back to Daily on day 4 (too soon again: skipped);
    night 5 runs."""
    studio = open_studio(world, LONDON, at(LONDON, "2026-06-01T09:00"), "daily")  # not a switch: tonight runs
    world.at(at(LONDON, "2026-06-02T09:00"))
    studio.choose("manual")
    world.at(at(LONDON, "2026-06-02T12:00"))
    sync_now(world, studio)
    world.at(at(LONDON, "2026-06-03T20:00"))
    studio.choose("daily")
    world.at(at(LONDON, "2026-06-04T10:00"))
    studio.choose("manual")
    world.at(at(LONDON, "2026-06-04T11:00"))
    studio.choose("daily")
    world.at(at(LONDON, "2026-06-06T12:00"))
    assert studio.runs() == [
        ("succeeded", "daily", "Mon 01 23:31"), ("succeeded", "manual", "Tue 02 12:00"),
        ("skipped", "daily", "Wed 03 23:31"), ("skipped", "daily", "Thu 04 23:31"),
        ("succeeded", "daily", "Fri 05 23:31")]
    reasons = [t["reason"] for t in studio.tasks() if t["status"] == "skipped"]
    assert "only 3 h 31 min since the schedule was changed at 8:00 PM BST" in reasons[0]
    assert "only 12 h 31 min since the schedule was changed at 11:00 AM BST" in reasons[1]


def test_a_manual_schedule_has_no_nightly_fire_at_all(world) -> None:
    studio = manual_studio(world, LONDON, at(LONDON, "2026-06-01T09:00"))
    world.at(at(LONDON, "2026-06-08T09:00"))
    assert world.runner.fired == [] and studio.tasks() == []
