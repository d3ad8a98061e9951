"""The runner feeds the queue to the worker as Lambda's SQS trigger with ReportBatchItemFailures."""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

from chalicelib.aws.clients import client
from chalicelib.config import Config

UTC = dt.UTC


def send(config: Config, *bodies: str) -> None:
    sqs = client(config, "sqs")
    for body in bodies:
        sqs.send_message(QueueUrl=config.sync_queue_url, MessageBody=body)


def depth(config: Config, url: str) -> int:
    attrs = client(config, "sqs").get_queue_attributes(
        QueueUrl=url,
        AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])["Attributes"]
    return int(attrs["ApproximateNumberOfMessages"]) + int(attrs["ApproximateNumberOfMessagesNotVisible"])


def test_the_worker_gets_lambdas_sqs_event_shape(config: Config, make_runner, recorder) -> None:
    send(config, '{"tenant_id": "a"}')
    make_runner().drain()
    [record] = recorder.events[0]["Records"]
    assert set(record) >= {"messageId", "receiptHandle", "body", "attributes", "messageAttributes", "md5OfBody",
                           "eventSource", "eventSourceARN", "awsRegion"}
    assert (record["eventSource"], record["eventSourceARN"], record["awsRegion"]) == (
        "aws:sqs", config.sync_queue_arn, config.region)
    assert record["attributes"]["ApproximateReceiveCount"] == "1"
    assert {"SentTimestamp", "SenderId", "ApproximateFirstReceiveTimestamp"} <= set(record["attributes"])


def test_succeeded_messages_are_deleted(config: Config, make_runner) -> None:
    send(config, "one", "two")
    make_runner().drain()
    assert depth(config, config.sync_queue_url) == 0


def test_a_reported_failure_stays_and_returns_after_the_visibility_timeout(
        config: Config, make_runner, recorder, clock
) -> None:
    recorder.fail = lambda record: record["body"] == "bad" and record["attributes"]["ApproximateReceiveCount"] == "1"
    send(config, "good", "bad")
    runner = make_runner()
    runner.drain()
    assert depth(config, config.sync_queue_url) == 1
    runner.advance_to(clock() + runner.pump.visibility - dt.timedelta(seconds=1))
    assert [r["body"] for _, r in recorder.seen].count("bad") == 1
    runner.advance_to(clock() + dt.timedelta(seconds=1))
    _last_at, last = recorder.seen[-1]
    assert (last["body"], last["attributes"]["ApproximateReceiveCount"]) == ("bad", "2")
    assert depth(config, config.sync_queue_url) == 0


def test_a_message_that_keeps_failing_moves_to_the_dead_letter_queue(
        config: Config, make_runner, recorder, clock
) -> None:
    recorder.fail = lambda record: True
    send(config, "poison")
    runner = make_runner()
    runner.advance_to(clock() + dt.timedelta(hours=3))
    max_receives = json.loads(client(config, "sqs").get_queue_attributes(
        QueueUrl=config.sync_queue_url,
        AttributeNames=["RedrivePolicy"])["Attributes"]["RedrivePolicy"])["maxReceiveCount"]
    assert len(recorder.seen) == int(max_receives)
    assert depth(config, config.sync_queue_url) == 0 and depth(config, config.sync_dlq_url) == 1


def test_a_handler_that_raises_fails_the_whole_batch(config: Config, make_runner, clock) -> None:
    calls: list[int] = []

    def explode(event: dict[str, Any], context: Any) -> None:
        calls.append(len(event["Records"]))
        if len(calls) == 1:
            raise RuntimeError("boom")

    send(config, "a", "b")
    runner = make_runner(explode)
    runner.drain()
    assert depth(config, config.sync_queue_url) == 2 and runner.invocations[0].error == "RuntimeError: boom"
    runner.advance_to(clock() + runner.pump.visibility)
    assert sum(calls) == 4 and depth(config, config.sync_queue_url) == 0


def test_naming_a_message_outside_the_batch_fails_the_whole_batch(config: Config, make_runner) -> None:
    send(config, "a")
    runner = make_runner(lambda event, context: {"batchItemFailures": [{"itemIdentifier": "not-in-batch"}]})
    runner.drain()
    assert runner.invocations[0].failed == {runner.invocations[0].event["Records"][0]["messageId"]}
    assert depth(config, config.sync_queue_url) == 1


def test_a_message_sent_by_the_app_is_fed_without_moving_the_clock(
        config: Config, make_runner, recorder, clock
) -> None:
    before = clock()
    send(config, json.dumps({"tenant_id": "a", "trigger": "manual", "task_id": "t", "scheduled_for": None}))
    make_runner().drain()
    assert [at for at, _ in recorder.seen] == [before]
