"""Sync Now: queue a manual run (Manual schedule only; one queued or running sync at a time).

The "one at a time" guard is the tenant's `pending_task_id`, set by a conditional write that also
requires the Manual schedule and no live lease; two presses at once cannot both win. A pending
task that is final, or stuck for longer than every redelivery could take, no longer blocks.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from chalicelib.domain.schedule import Schedule, Trigger, decide_run
from chalicelib.errors import Conflict, NotFound
from chalicelib.sync import tasks as st
from chalicelib.sync.lease import LeaseLost
from chalicelib.sync.messages import SyncMessage, new_manual_task_id
from chalicelib.sync.state import CONNECTED
from chalicelib.tenants.model import Tenant
from chalicelib.tenants.repository import TenantRepository

STARTED = "Manual sync to QuickBooks started"
STUCK_AFTER = dt.timedelta(hours=2)  # > 5 receives × the queue's 16-minute visibility timeout


class SyncInProgress(Conflict):
    """409 naming the queued or running task."""

    code = "sync_in_progress"

    def __init__(self, task_id: str) -> None:
        super().__init__(f"A sync is already queued or running (task {task_id}).", [{"task_id": task_id}])
        self.task_id = task_id

    def body(self) -> dict[str, Any]:
        return {**super().body(), "task_id": self.task_id}


@dataclass
class SyncNow:
    tenants: TenantRepository
    tasks: st.TaskStore
    enqueue: Callable[[SyncMessage], None]
    clock: Callable[[], dt.datetime]

    def start(self, tenant_id: str) -> str:
        """Queue a manual run; returns its task id."""
        now = self.clock()
        t = self.tenants.get(tenant_id)
        if t is None:
            raise NotFound("no such studio")
        self._check(t, now)
        task_id = new_manual_task_id(now)
        try:
            self.tenants.request_sync(tenant_id, task_id, now, t.pending_task_id)
        except LeaseLost:
            latest = self.tenants.get(tenant_id)
            if latest is not None:
                self._check(latest, now)
            raise Conflict("The studio's sync state changed meanwhile; try again.") from None
        self.tasks.create(tenant_id, task_id, Trigger.MANUAL, now)
        try:
            self.enqueue(SyncMessage(tenant_id, Trigger.MANUAL, task_id, None))
        except Exception:
            self.tasks.update(tenant_id, task_id, st.FAILED, finished_at=now,
                              error="The sync could not be queued; press Sync Now again.")
            self.tenants.clear_pending(tenant_id, task_id)
            raise
        return task_id

    def _check(self, t: Tenant, now: dt.datetime) -> None:
        if t.connection_status != CONNECTED:
            raise Conflict("QuickBooks is not connected." if t.connection_status != "needs_reauth"
                           else "QuickBooks needs to be reconnected before syncing.", code="not_connected")
        if t.go_live_date is None or t.schedule is None:
            raise Conflict("Choose a Go Live Date and a schedule first.", code="not_configured")
        if t.schedule is not Schedule.MANUAL:
            decision = decide_run(trigger=Trigger.MANUAL, schedule=t.schedule, now=now, tz=t.tz,
                                  last_run=None, schedule_changed_at=t.schedule_changed_at)
            raise Conflict(decision.message, code="schedule_is_daily")
        busy = self.busy_with(t, now)
        if busy:
            raise SyncInProgress(busy)

    def busy_with(self, t: Tenant, now: dt.datetime) -> str | None:
        """The queued or running sync's task id, if any."""
        if t.lease_held(now):
            return t.lease_task_id
        if t.pending_task_id:
            task = self.tasks.get(t.tenant_id, t.pending_task_id)
            if task is not None and not task.terminal and now - task.created_at < STUCK_AFTER:
                return task.task_id
        return None


def sqs_enqueue(sqs: Any, queue_url: str) -> Callable[[SyncMessage], None]:
    def send(msg: SyncMessage) -> None:
        sqs.send_message(QueueUrl=queue_url, MessageBody=msg.to_json())
    return send
