"""Each tenant's nightly EventBridge Scheduler schedule: 23:31 in the tenant's own time zone.

One schedule per tenant in `config.scheduler_group`, named from the tenant id. It sends the sync
queue the same message a manual sync does, with Scheduler's placeholders for the task id (the
execution id, so a retried delivery keeps its id) and the scheduled time. `ensure` is
idempotent (create, or update on conflict); `delete` ignores a schedule that is already gone.
"""
from __future__ import annotations

import hashlib
import json
import re
from typing import Any, Protocol

from chalicelib.config import Config

CRON = "cron(31 23 * * ? *)"
MAX_RETRY_SECONDS = 6 * 3600
MAX_RETRY_ATTEMPTS = 10
_NAME_SAFE = re.compile(r"[^0-9A-Za-z_.-]")


class SchedulePort(Protocol):
    def ensure(self, tenant_id: str, timezone: str) -> None: ...
    def delete(self, tenant_id: str) -> None: ...
    def describe(self, tenant_id: str) -> dict[str, Any] | None: ...


def schedule_name(tenant_id: str) -> str:
    """A Scheduler-safe name (≤ 64 chars of [0-9A-Za-z_.-]) that stays unique per tenant."""
    safe = _NAME_SAFE.sub("_", tenant_id)
    if safe == tenant_id and len(safe) <= 56:
        return f"sync-{safe}"
    digest = hashlib.sha256(tenant_id.encode()).hexdigest()[:12]
    return f"sync-{safe[:40]}-{digest}"


def queue_message(tenant_id: str) -> str:
    """The queue message (DESIGN.md), with Scheduler's context placeholders left in."""
    return json.dumps({
        "tenant_id": tenant_id,
        "trigger": "daily",
        "task_id": "<aws.scheduler.execution-id>",
        "scheduled_for": "<aws.scheduler.scheduled-time>",
    })


def schedule_request(config: Config, tenant_id: str, timezone: str) -> dict[str, Any]:
    """The CreateSchedule/UpdateSchedule arguments for one tenant (pure, for tests and infra)."""
    return {
        "Name": schedule_name(tenant_id),
        "GroupName": config.scheduler_group,
        "ScheduleExpression": CRON,
        "ScheduleExpressionTimezone": timezone,
        "FlexibleTimeWindow": {"Mode": "OFF"},
        "State": "ENABLED",
        "Description": f"Nightly QuickBooks sync for tenant {tenant_id}",
        "Target": {
            "Arn": config.sync_queue_arn,
            "RoleArn": config.scheduler_role_arn,
            "Input": queue_message(tenant_id),
            "RetryPolicy": {"MaximumEventAgeInSeconds": MAX_RETRY_SECONDS,
                            "MaximumRetryAttempts": MAX_RETRY_ATTEMPTS},
            "DeadLetterConfig": {"Arn": config.sync_dlq_arn},
        },
    }


class TenantSchedules:
    """The adapter over boto3's `scheduler` client."""

    def __init__(self, scheduler: Any, config: Config) -> None:
        self._scheduler, self._config = scheduler, config

    def ensure(self, tenant_id: str, timezone: str) -> None:
        request = schedule_request(self._config, tenant_id, timezone)
        try:
            self._scheduler.create_schedule(**request)
        except self._scheduler.exceptions.ConflictException:
            self._scheduler.update_schedule(**request)

    def delete(self, tenant_id: str) -> None:
        try:
            self._scheduler.delete_schedule(Name=schedule_name(tenant_id), GroupName=self._config.scheduler_group)
        except self._scheduler.exceptions.ResourceNotFoundException:
            pass

    def describe(self, tenant_id: str) -> dict[str, Any] | None:
        try:
            found = self._scheduler.get_schedule(Name=schedule_name(tenant_id), GroupName=self._config.scheduler_group)
        except self._scheduler.exceptions.ResourceNotFoundException:
            return None
        return {k: v for k, v in found.items() if k != "ResponseMetadata"}
