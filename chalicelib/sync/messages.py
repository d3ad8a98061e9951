"""The sync queue's message and the background-task id it maps to.

DESIGN.md: `{"tenant_id", "trigger": "daily"|"manual", "task_id", "scheduled_for"}`. Manual
messages carry the id Sync Now created; daily ones carry EventBridge Scheduler's execution id,
which AWS documents as unique per delivery *attempt*: a retried fire carries a new one. So a daily
task's record id is the scheduled time alone (`20261126T053100Z-daily`): task ids sort by time,
the runs table lists newest first by its range key, and every delivery of one night's fire —
duplicate or retry — maps to the same record, which is what makes them no-ops.
"""
from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any

from chalicelib.domain.schedule import Trigger

STAMP = "%Y%m%dT%H%M%SZ"


class BadMessage(ValueError):
    """A queue message that can never be processed (it goes to the dead-letter queue)."""


@dataclass(frozen=True)
class SyncMessage:
    tenant_id: str
    trigger: Trigger
    task_id: str
    scheduled_for: dt.datetime | None = None

    @property
    def record_id(self) -> str:
        """The background task's id in the runs table (time-ordered; see the module doc)."""
        if self.trigger is Trigger.MANUAL or self.scheduled_for is None:
            return self.task_id
        return f"{self.scheduled_for.astimezone(dt.UTC):{STAMP}}-daily"

    def to_json(self) -> str:
        body: dict[str, Any] = {"tenant_id": self.tenant_id, "trigger": self.trigger.value,
                                "task_id": self.task_id,
                                "scheduled_for": self.scheduled_for.isoformat() if self.scheduled_for else None}
        return json.dumps(body)

    @classmethod
    def from_json(cls, text: str) -> SyncMessage:
        try:
            body = json.loads(text)
            tenant_id, task_id = body["tenant_id"], body["task_id"]
            trigger = Trigger(body["trigger"])
            raw = body.get("scheduled_for")
            scheduled = dt.datetime.fromisoformat(raw.replace("Z", "+00:00")) if raw else None
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise BadMessage(f"not a sync message: {exc}") from None
        if not (isinstance(tenant_id, str) and tenant_id and isinstance(task_id, str) and task_id):
            raise BadMessage("tenant_id and task_id must be non-empty strings")
        if scheduled is not None and scheduled.tzinfo is None:
            raise BadMessage("scheduled_for must carry a UTC offset")
        return cls(tenant_id, trigger, task_id, scheduled)


def new_manual_task_id(now: dt.datetime) -> str:
    """A Sync Now task id: sortable by time, unique by a random suffix."""
    return f"{now.astimezone(dt.UTC):{STAMP}}-manual-{uuid.uuid4().hex[:8]}"
