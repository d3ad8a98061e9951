"""The part of EventBridge Scheduler moto leaves out: firing schedules and delivering targets.

moto stores schedules but never fires them. `Firer` reads them back (ListSchedules +
GetSchedule), works out each fire in a time window from its expression and time zone, and
delivers the target Input to the target SQS queue with Scheduler's context placeholders filled
in. Deliveries can be made late or early within a bound and duplicated (at-least-once), both
deterministically from a seed, so a test that fails can be replayed exactly.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from devstack.runner.cron import fires_between

SCHEDULED_TIME = "%Y-%m-%dT%H:%M:%SZ"  # AWS's documented example: 2022-03-22T18:59:43Z


@dataclass(frozen=True)
class FireOptions:
    """How faithfully (or unkindly) to deliver: jitter bounds, duplicates, and the RNG seed."""

    early_seconds: float = 0.0
    late_seconds: float = 0.0
    duplicate_rate: float = 0.0
    duplicate_after_seconds: float = 5.0
    duplicate_new_execution_id: bool = False  # a retried attempt rather than a repeated delivery
    seed: int = 0


@dataclass(frozen=True)
class Delivery:
    """One delivery of one fire: `copy` 1 is the at-least-once duplicate of copy 0."""

    schedule_name: str
    schedule_arn: str
    target: dict[str, Any]
    scheduled_time: dt.datetime
    deliver_at: dt.datetime
    execution_id: str
    copy: int = 0


@dataclass(frozen=True)
class Fired:
    """What a delivery did: the body sent and where it ended (target queue or dead letters)."""

    delivery: Delivery
    body: str
    message_id: str | None
    dead_lettered: bool = False
    error: str | None = None


def substitute(text: str, *, scheduled_time: dt.datetime, execution_id: str, schedule_arn: str,
               attempt: int) -> str:
    """Scheduler's context attributes, replaced the way the service replaces them in Input."""
    return (text.replace("<aws.scheduler.scheduled-time>", scheduled_time.astimezone(dt.UTC).strftime(SCHEDULED_TIME))
                .replace("<aws.scheduler.execution-id>", execution_id)
                .replace("<aws.scheduler.schedule-arn>", schedule_arn)
                .replace("<aws.scheduler.attempt-number>", str(attempt)))


class Firer:
    def __init__(self, scheduler: Any, sqs: Any, group: str, options: FireOptions = FireOptions()) -> None:
        self._scheduler, self._sqs, self._group, self.options = scheduler, sqs, group, options
        self._queue_urls: dict[str, str] = {}

    def schedules(self) -> list[dict[str, Any]]:
        """Every schedule of the group, in full (ListSchedules omits expression and Input)."""
        found, token = [], None
        while True:
            page = self._scheduler.list_schedules(GroupName=self._group, **({"NextToken": token} if token else {}))
            found += [self._scheduler.get_schedule(Name=s["Name"], GroupName=self._group)
                      for s in page.get("Schedules", [])]
            token = page.get("NextToken")
            if not token:
                return found

    def plan(self, after: dt.datetime, until: dt.datetime) -> list[Delivery]:
        """Deliveries landing in (after, until], in delivery order."""
        o = self.options
        lead = dt.timedelta(seconds=o.late_seconds + (o.duplicate_after_seconds if o.duplicate_rate else 0))
        deliveries = []
        for schedule in self.schedules():
            if schedule.get("State", "ENABLED") != "ENABLED":
                continue
            times = fires_between(schedule["ScheduleExpression"], schedule.get("ScheduleExpressionTimezone"),
                                  after - lead, until + dt.timedelta(seconds=o.early_seconds))
            for scheduled in times:
                if _within(schedule, scheduled):
                    deliveries += self._copies(schedule, scheduled)
        return sorted((d for d in deliveries if after < d.deliver_at <= until),
                      key=lambda d: (d.deliver_at, d.schedule_name, d.copy))

    def _copies(self, schedule: dict[str, Any], scheduled: dt.datetime) -> list[Delivery]:
        o = self.options
        # seeded by the schedule's name, not its ARN: the ARN's group is per test
        rng = random.Random(f"{o.seed}|{schedule['Name']}|{scheduled.isoformat()}")
        execution_id = f"{rng.getrandbits(64):016x}"
        deliver_at = scheduled + dt.timedelta(seconds=round(rng.uniform(-o.early_seconds, o.late_seconds), 3))
        first = Delivery(schedule["Name"], schedule["Arn"], schedule["Target"], scheduled, deliver_at, execution_id)
        if rng.random() >= o.duplicate_rate:
            return [first]
        again = deliver_at + dt.timedelta(seconds=o.duplicate_after_seconds)
        second_id = f"{rng.getrandbits(64):016x}" if o.duplicate_new_execution_id else execution_id
        return [first, Delivery(first.schedule_name, first.schedule_arn, first.target, scheduled, again, second_id, 1)]

    def deliver(self, d: Delivery) -> Fired:
        """Send to the target queue; after the retry policy is spent, to the schedule's DLQ."""
        target = d.target
        attempts = 1 + int(target.get("RetryPolicy", {}).get("MaximumRetryAttempts", 185))
        error = ""
        for attempt in range(1, min(attempts, 3) + 1):  # local failures are not transient: try thrice
            body = substitute(target.get("Input", ""), scheduled_time=d.scheduled_time, execution_id=d.execution_id,
                              schedule_arn=d.schedule_arn, attempt=attempt)
            try:
                return Fired(d, body, self._send(target["Arn"], body, target.get("SqsParameters", {})))
            except ClientError as exc:
                error = f"{exc.response['Error'].get('Code')}: {exc.response['Error'].get('Message')}"
        dlq = target.get("DeadLetterConfig", {}).get("Arn")
        if dlq:
            self._send(dlq, body, {}, attributes={
                "ERROR_CODE": error.split(":")[0], "ERROR_MESSAGE": error, "RETRY_ATTEMPTS": str(attempt - 1),
                "EXHAUSTED_RETRY_CONDITION": "MaximumRetryAttempts", "SCHEDULE_ARN": d.schedule_arn,
                "TARGET_ARN": target["Arn"]})
        return Fired(d, body, None, dead_lettered=bool(dlq), error=error)

    def _send(self, arn: str, body: str, sqs_parameters: dict[str, Any],
              attributes: dict[str, str] | None = None) -> str:
        extra: dict[str, Any] = {}
        if sqs_parameters.get("MessageGroupId"):
            extra["MessageGroupId"] = sqs_parameters["MessageGroupId"]
        if attributes:
            extra["MessageAttributes"] = {k: {"DataType": "String", "StringValue": v} for k, v in attributes.items()}
        return self._sqs.send_message(QueueUrl=self._queue_url(arn), MessageBody=body, **extra)["MessageId"]

    def _queue_url(self, arn: str) -> str:
        if arn not in self._queue_urls:
            parts = arn.split(":")
            if len(parts) != 6 or parts[2] != "sqs":
                raise ValueError(f"the local runner delivers to SQS queues only, not {arn}")
            found = self._sqs.get_queue_url(QueueName=parts[5], QueueOwnerAWSAccountId=parts[4])
            self._queue_urls[arn] = found["QueueUrl"]
        return self._queue_urls[arn]


def _within(schedule: dict[str, Any], instant: dt.datetime) -> bool:
    start, end = schedule.get("StartDate"), schedule.get("EndDate")
    return (start is None or instant >= start) and (end is None or instant <= end)
