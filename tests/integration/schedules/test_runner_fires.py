"""The runner fires what EventBridge Scheduler would fire, when it would, with what it would send."""
from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

from chalicelib.aws.clients import client
from chalicelib.config import Config

UTC = dt.UTC
CHICAGO = ZoneInfo("America/Chicago")


def chicago(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=CHICAGO)


def test_a_tenants_schedule_fires_at_2331_local_with_its_placeholders_filled(
        make_runner, add_schedule, recorder
) -> None:
    add_schedule("studio-1", "America/Chicago")
    runner = make_runner()
    runner.advance_to(chicago("2026-11-25T23:40"))
    [(at, record)] = recorder.seen
    body = json.loads(record["body"])
    assert at == chicago("2026-11-25T23:31")
    assert body["tenant_id"] == "studio-1" and body["trigger"] == "daily"
    assert body["scheduled_for"] == "2026-11-26T05:31:00Z"
    assert len(body["task_id"]) == 16 and int(body["task_id"], 16) >= 0


def test_nothing_fires_before_the_schedule_is_due(make_runner, add_schedule, recorder) -> None:
    add_schedule("studio-1", "America/Chicago")
    make_runner().advance_to(chicago("2026-11-25T23:30:59"))
    assert recorder.seen == []


def test_ticking_in_small_steps_fires_each_night_once(make_runner, add_schedule, recorder, clock) -> None:
    add_schedule("studio-1", "Asia/Kolkata")
    runner = make_runner()
    for _ in range(2 * 24 * 60 // 47):
        runner.advance_to(clock() + dt.timedelta(minutes=47))
    assert len(recorder.seen) == 2
    assert {at.astimezone(ZoneInfo("Asia/Kolkata")).time() for at, _ in recorder.seen} == {dt.time(23, 31)}


def test_each_tenant_fires_in_its_own_time_zone(make_runner, add_schedule, recorder) -> None:
    add_schedule("in-sydney", "Australia/Sydney")
    add_schedule("in-london", "Europe/London")
    add_schedule("in-chicago", "America/Chicago")
    make_runner().advance_to(dt.datetime(2026, 11, 26, 12, 0, tzinfo=UTC))
    assert [(body["tenant_id"], body["scheduled_for"]) for body in recorder.bodies()] == [
        ("in-sydney", "2026-11-25T12:31:00Z"), ("in-london", "2026-11-25T23:31:00Z"),
        ("in-chicago", "2026-11-26T05:31:00Z")]


def test_a_disabled_or_deleted_schedule_does_not_fire(config: Config, make_runner, add_schedule, recorder) -> None:
    add_schedule("paused", "America/Chicago", State="DISABLED")
    request = add_schedule("gone", "America/Chicago")
    client(config, "scheduler").delete_schedule(Name=request["Name"], GroupName=config.scheduler_group)
    make_runner().advance_to(chicago("2026-11-27T00:00"))
    assert recorder.seen == []


def test_jitter_delivers_within_its_bounds_and_the_worker_sees_the_delivery_time(
        make_runner, add_schedule, recorder
) -> None:
    add_schedule("studio-1", "Europe/London")
    runner = make_runner(early_seconds=20, late_seconds=59, seed=7)
    runner.advance_to(dt.datetime(2026, 12, 3, tzinfo=UTC))
    offsets = [(at - d.delivery.scheduled_time).total_seconds()
               for (at, _), d in zip(recorder.seen, runner.fired, strict=False)]
    assert len(offsets) == 8 and all(-20 <= o <= 59 for o in offsets)
    assert any(o < 0 for o in offsets) and any(o > 0 for o in offsets)


def test_jitter_is_the_same_for_the_same_seed(
        make_runner, add_schedule, recorder
) -> None:
    add_schedule("studio-1", "Europe/London")
    window = dt.datetime(2026, 11, 25, tzinfo=UTC), dt.datetime(2026, 12, 1, tzinfo=UTC)
    first = make_runner(late_seconds=59, seed=3).firer.plan(*window)
    again = make_runner(late_seconds=59, seed=3).firer.plan(*window)
    assert [d.deliver_at for d in first] == [d.deliver_at for d in again]


def test_a_duplicate_fire_delivers_the_same_invocation_twice(make_runner, add_schedule, recorder) -> None:
    add_schedule("studio-1", "America/Chicago")
    make_runner(duplicate_rate=1.0, duplicate_after_seconds=3).advance_to(chicago("2026-11-26T00:00"))
    (first_at, first), (second_at, second) = recorder.seen
    assert first["body"] == second["body"] and first["messageId"] != second["messageId"]
    assert second_at - first_at == dt.timedelta(seconds=3)


def test_a_duplicate_that_lands_after_the_window_is_delivered_in_the_next(make_runner, add_schedule, recorder) -> None:
    add_schedule("studio-1", "America/Chicago")
    runner = make_runner(duplicate_rate=1.0, duplicate_after_seconds=30)
    runner.advance_to(chicago("2026-11-25T23:31:10"))
    runner.advance_to(chicago("2026-11-25T23:32"))
    runner.advance_to(chicago("2026-11-25T23:59"))
    assert [at for at, _ in recorder.seen] == [chicago("2026-11-25T23:31"), chicago("2026-11-25T23:31:30")]


def test_a_fire_whose_queue_is_gone_goes_to_the_schedules_dead_letter_queue(
        config: Config, make_runner, add_schedule, recorder
) -> None:
    request = add_schedule("studio-1", "America/Chicago")
    missing = config.sync_queue_arn + "-missing"
    client(config, "scheduler").update_schedule(**{**request, "Target": {**request["Target"], "Arn": missing}})
    [fired] = make_runner().advance_to(chicago("2026-11-26T00:00"))
    assert fired.dead_lettered and recorder.seen == []
    sqs = client(config, "sqs")
    [dead] = sqs.receive_message(QueueUrl=config.sync_dlq_url, MessageAttributeNames=["All"])["Messages"]
    assert json.loads(dead["Body"])["tenant_id"] == "studio-1"
    assert dead["MessageAttributes"]["TARGET_ARN"]["StringValue"] == missing
