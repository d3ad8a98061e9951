"""When the platform moves a studio to another time zone, its nightly fire moves with it."""
from __future__ import annotations

from chalicelib.aws.schedules import schedule_name
from tests.integration.schedules.studio import at, open_studio


def daily_studio(world, tz: str, day: str):
    return open_studio(world, tz, at(tz, f"{day}T09:00"), "daily")


def zone_of_schedule(world) -> str | None:
    c = world.container
    found = c.scheduler.get_schedule(Name=schedule_name("studio"), GroupName=c.config.scheduler_group)
    return found["ScheduleExpressionTimezone"]


def test_a_new_time_zone_in_the_profile_updates_the_daily_schedule(world) -> None:
    studio = daily_studio(world, "America/Chicago", "2026-06-01")
    studio.move_to("America/New_York")
    assert zone_of_schedule(world) == "America/New_York"


def test_after_moving_east_by_an_hour_the_next_night_runs_at_2331_in_the_new_zone(world) -> None:
    studio = daily_studio(world, "America/Chicago", "2026-06-01")
    world.at(at("America/Chicago", "2026-06-02T09:00"))
    studio.move_to("America/New_York")
    world.at(at("America/New_York", "2026-06-03T09:00"))
    # times read in the new zone: Chicago's 23:31 on the 1st is 00:31 on the 2nd in New York
    assert studio.runs() == [("succeeded", "daily", "Tue 02 00:31"), ("succeeded", "daily", "Tue 02 23:31")]


def test_after_moving_far_east_the_first_night_is_too_soon_and_is_skipped(world) -> None:
    studio = daily_studio(world, "America/Chicago", "2026-06-01")
    world.at(at("America/Chicago", "2026-06-02T09:00"))
    studio.move_to("Europe/London")
    world.at(at("Europe/London", "2026-06-04T09:00"))
    # times read in London: Chicago's 23:31 on the 1st is 05:31 on the 2nd there, 18 h before London's night
    assert studio.runs() == [("succeeded", "daily", "Tue 02 05:31"), ("skipped", "daily", "Tue 02 23:31"),
                             ("succeeded", "daily", "Wed 03 23:31")]


def test_a_manual_studio_that_moves_gets_no_schedule(world) -> None:
    world.clock.set(at("Asia/Kolkata", "2026-06-01T09:00"))
    studio = world.studio("studio", "Asia/Kolkata")
    studio.choose("manual")
    studio.move_to("Australia/Sydney")
    c = world.container
    assert c.scheduler.list_schedules(GroupName=c.config.scheduler_group)["Schedules"] == []
