"""Alerts reach the platform over EventBridge: moto's server over HTTP stands in for AWS.

The platform's side is a rule on the alert bus (`source = classbooks`) sending to an SQS queue,
which the tests read: what arrives is exactly what a subscriber would get.
"""
from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import pytest
from botocore.exceptions import ClientError

from chalicelib import bootstrap
from chalicelib.alerts import events as ev
from chalicelib.alerts.eventbridge import AlertNotDelivered, EventBridgeSink
from chalicelib.aws.clients import client
from chalicelib.config import Config

NOW = dt.datetime(2026, 12, 2, 5, 40, tzinfo=dt.UTC)


def subscribe(config: Config) -> Any:
    """A platform-side subscriber: a rule on the bus to a queue; returns a function reading it."""
    events, sqs = client(config, "events"), client(config, "sqs")
    queue_url = sqs.create_queue(QueueName=f"platform-{uuid.uuid4().hex[:8]}")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    rule = f"platform-{uuid.uuid4().hex[:8]}"
    events.put_rule(Name=rule, EventBusName=config.alert_bus_name,
                    EventPattern=json.dumps({"source": [ev.SOURCE]}))
    events.put_targets(Rule=rule, EventBusName=config.alert_bus_name, Targets=[{"Id": "q", "Arn": queue_arn}])

    def received() -> list[dict[str, Any]]:
        got = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", [])
        return [json.loads(m["Body"]) for m in got]
    return received


def test_an_alert_arrives_with_its_source_detail_type_and_id(config: Config) -> None:
    received = subscribe(config)
    alert = ev.sync_failed("t1", "20261202T053100Z-daily", "QuickBooks refused a document", NOW)
    EventBridgeSink(client(config, "events"), config.alert_bus_name).put([alert])
    (event,) = received()
    assert event["source"] == "classbooks" and event["detail-type"] == "Sync failed"
    assert event["detail"]["alert_id"] == alert.alert_id
    assert event["detail"]["tenant_id"] == "t1" and event["detail"]["reason"] == "QuickBooks refused a document"


def test_more_alerts_than_one_put_takes_are_all_delivered(config: Config) -> None:
    received = subscribe(config)
    alerts = [ev.sync_skipped(f"t{i}", f"task-{i}", "Sync skipped", NOW) for i in range(12)]
    EventBridgeSink(client(config, "events"), config.alert_bus_name).put(alerts)
    ids = set()
    for _ in range(5):
        ids |= {e["detail"]["alert_id"] for e in received()}
    assert ids == {a.alert_id for a in alerts}


def test_a_bus_that_does_not_exist_is_an_error_not_silence(config: Config) -> None:
    sink = EventBridgeSink(client(config, "events"), "no-such-bus")
    with pytest.raises((AlertNotDelivered, ClientError)):
        sink.put([ev.sync_failed("t1", "k", "x", NOW)])


def test_the_worker_alerts_the_platform_when_a_run_is_skipped(config: Config) -> None:
    received = subscribe(config)
    bootstrap.install(bootstrap.Container(config))
    try:
        body = json.dumps({"tenant_id": "ghost-studio", "trigger": "manual", "task_id": "m-1", "scheduled_for": None})
        result = bootstrap.handle_sync_event({"Records": [{
            "messageId": "a", "receiptHandle": "rh", "body": body, "attributes": {"ApproximateReceiveCount": "1"},
            "messageAttributes": {}, "md5OfBody": "", "eventSource": "aws:sqs",
            "eventSourceARN": config.sync_queue_arn, "awsRegion": "us-east-1"}]})
        history = bootstrap.container().models.AuditEvent.query("tenant#ghost-studio")
        logged = [e.detail for e in history if e.action == "alert"]
    finally:
        bootstrap.install(None)
    assert result == {"batchItemFailures": []}
    (event,) = received()
    assert event["detail-type"] == "Sync skipped"
    assert event["detail"]["alert_id"] == ev.alert_id(ev.SYNC_SKIPPED, "ghost-studio", "m-1")
    assert "unknown" in event["detail"]["reason"]
    # the support view's audit history lists the same alert
    assert [d["alert_id"] for d in logged] == [event["detail"]["alert_id"]]


def test_the_monthly_metered_read_counter_adds_up_on_dynamodb_local(config) -> None:
    from chalicelib.alerts.adapters import DynamoMeteredReads
    from chalicelib.aws.clients import client

    counter = DynamoMeteredReads(client(config, "dynamodb"), config)
    assert counter.add("2026-12", 3) == (0, 3)
    assert counter.add("2026-12", 2) == (3, 5)
