"""What the runner puts in a message and hands the worker: Scheduler's and Lambda's formats."""
from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest

from chalicelib.aws.schedules import queue_message
from chalicelib.sync.messages import SyncMessage
from devstack.clock import ManualClock, ShiftedClock
from devstack.runner.events import sqs_event
from devstack.runner.scheduler import substitute

UTC = dt.UTC


def test_placeholders_are_replaced_in_schedulers_documented_formats() -> None:
    text = ("<aws.scheduler.scheduled-time>|<aws.scheduler.execution-id>|"
            "<aws.scheduler.schedule-arn>|<aws.scheduler.attempt-number>")
    scheduled = dt.datetime(2026, 11, 25, 23, 31, tzinfo=ZoneInfo("America/Chicago"))
    assert substitute(text, scheduled_time=scheduled, execution_id="d32c5kddcf5bb8c3",
                      schedule_arn="arn:aws:scheduler:us-east-1:123456789012:schedule/g/s", attempt=2) == (
        "2026-11-26T05:31:00Z|d32c5kddcf5bb8c3|arn:aws:scheduler:us-east-1:123456789012:schedule/g/s|2")


def test_a_tenants_schedule_input_becomes_a_sync_message_the_worker_parses() -> None:
    body = substitute(queue_message("studio-1"), scheduled_time=dt.datetime(2026, 11, 26, 5, 31, tzinfo=UTC),
                      execution_id="0123456789abcdef", schedule_arn="arn", attempt=1)
    message = SyncMessage.from_json(body)
    assert (message.tenant_id, message.trigger.value, message.task_id) == ("studio-1", "daily", "0123456789abcdef")
    assert message.scheduled_for == dt.datetime(2026, 11, 26, 5, 31, tzinfo=UTC)


def test_the_event_has_lambdas_sqs_record_shape() -> None:
    received = {
        "MessageId": "m-1", "ReceiptHandle": "r-1", "Body": json.dumps({"a": 1}), "MD5OfBody": "md5",
        "Attributes": {"ApproximateReceiveCount": "2", "SentTimestamp": "1", "SenderId": "s",
                       "ApproximateFirstReceiveTimestamp": "2"},
        "MessageAttributes": {"kind": {"DataType": "String", "StringValue": "x"},
                              "blob": {"DataType": "Binary", "BinaryValue": b"\x00\x01"}},
        "MD5OfMessageAttributes": "md5a",
    }
    event = sqs_event([received], "arn:aws:sqs:us-east-1:123456789012:q", "us-east-1")
    assert event == {"Records": [{
        "messageId": "m-1", "receiptHandle": "r-1", "body": '{"a": 1}',
        "attributes": {"ApproximateReceiveCount": "2", "SentTimestamp": "1", "SenderId": "s",
                       "ApproximateFirstReceiveTimestamp": "2"},
        "messageAttributes": {
            "kind": {"stringValue": "x", "stringListValues": [], "binaryListValues": [], "dataType": "String"},
            "blob": {"binaryValue": "AAE=", "stringListValues": [], "binaryListValues": [], "dataType": "Binary"}},
        "md5OfBody": "md5", "md5OfMessageAttributes": "md5a", "eventSource": "aws:sqs",
        "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:q", "awsRegion": "us-east-1"}]}


def test_a_manual_clock_moves_only_forward() -> None:
    clock = ManualClock(dt.datetime(2026, 1, 1, tzinfo=UTC))
    assert clock.advance(dt.timedelta(hours=1)) == dt.datetime(2026, 1, 1, 1, tzinfo=UTC)
    with pytest.raises(ValueError):
        clock.set(dt.datetime(2026, 1, 1, tzinfo=UTC))
    with pytest.raises(ValueError):
        clock.set(dt.datetime(2026, 1, 2))


def test_a_shifted_clock_jumps_then_keeps_ticking_with_the_wall() -> None:
    wall = [1_000_000.0]
    clock = ShiftedClock(lambda: wall[0])
    target = dt.datetime(2026, 11, 26, 5, 30, 55, tzinfo=UTC)
    clock.set(target)
    wall[0] += 10
    assert clock() == target + dt.timedelta(seconds=10)
