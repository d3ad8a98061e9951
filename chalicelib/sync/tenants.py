"""`TenantLease` on DynamoDB: every change to the tenant's sync state is one conditional UpdateItem."""
from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from pynamodb.exceptions import UpdateError

from chalicelib.sync.lease import LEASE_TTL, LeaseLost
from chalicelib.sync.state import CONNECTED, TenantSnapshot, snapshot_from_model

_FAILED = "ConditionalCheckFailedException"


class DynamoTenantLease:
    def __init__(self, models: Any, ttl: dt.timedelta = LEASE_TTL) -> None:
        self.T = models.Tenant
        self.ttl = ttl

    def load(self, tenant_id: str) -> TenantSnapshot | None:
        try:
            return snapshot_from_model(self.T.get(tenant_id, consistent_read=True))
        except self.T.DoesNotExist:
            return None

    def _update(self, tenant_id: str, actions: list[Any], condition: Any, quiet: bool = False) -> None:
        try:
            self.T(tenant_id).update(actions=actions, condition=self.T.tenant_id.exists() & condition)
        except UpdateError as exc:
            if exc.cause_response_code != _FAILED:
                raise
            if not quiet:
                raise LeaseLost(tenant_id) from None

    def _pin(self, attribute: Any, value: Any) -> Any:
        return attribute.does_not_exist() if value is None else attribute == value

    def _free(self, now: dt.datetime) -> Any:
        return self.T.lease_expires_at.does_not_exist() | (self.T.lease_expires_at <= now)

    def acquire(self, t: TenantSnapshot, task_id: str, now: dt.datetime, resume: bool) -> None:
        T = self.T
        actions = [T.lease_task_id.set(task_id), T.lease_expires_at.set(now + self.ttl)]
        if resume:
            condition = self._free(now) & (T.last_run_task_id == task_id)
        else:
            actions += [T.last_run_task_id.set(task_id), T.last_run_started_at.set(now)]
            schedule = t.schedule.value if t.schedule else None
            generation = (T.generation == t.generation) if t.generation else (
                T.generation.does_not_exist() | (T.generation == 0))
            condition = (self._free(now) & self._pin(T.schedule, schedule)
                         & self._pin(T.schedule_changed_at, t.schedule_changed_at)
                         & self._pin(T.last_run_task_id, t.last_run_task_id)
                         & (T.connection_status == CONNECTED) & generation)
        self._update(t.tenant_id, actions, condition)

    def open_plan(self, tenant_id: str, task_id: str) -> None:
        self._update(tenant_id, [self.T.open_plan_task_id.set(task_id)], self.T.lease_task_id == task_id)

    def commit(self, tenant_id: str, task_id: str, cursor: int, upto: int, *, release: bool,
               clear_pending: bool) -> None:
        T = self.T
        actions = [T.cursor_seq.set(upto), T.open_plan_task_id.remove(), T.first_sync_done.set(True)]
        if release:
            actions += [T.lease_task_id.remove(), T.lease_expires_at.remove()]
        if clear_pending:
            actions.append(T.pending_task_id.remove())
        at_cursor = T.cursor_seq == cursor
        if cursor == 0:  # a tenant whose profile was written by update() has no counter stored yet
            at_cursor = at_cursor | T.cursor_seq.does_not_exist()
        self._update(tenant_id, actions, (T.lease_task_id == task_id) & at_cursor)

    def release(self, tenant_id: str, task_id: str, *, clear_pending: bool) -> None:
        T = self.T
        self._update(tenant_id, [T.lease_task_id.remove(), T.lease_expires_at.remove()],
                     T.lease_task_id == task_id, quiet=True)
        if clear_pending:
            self.clear_pending(tenant_id, task_id)

    def clear_pending(self, tenant_id: str, task_id: str) -> None:
        self._update(tenant_id, [self.T.pending_task_id.remove()], self.T.pending_task_id == task_id, quiet=True)

    def request(self, tenant_id: str, task_id: str, now: dt.datetime, stale_pending: str | None) -> None:
        T = self.T
        condition = (self._free(now) & (T.schedule == "manual")
                     & self._pin(T.pending_task_id, stale_pending))
        self._update(tenant_id, [T.pending_task_id.set(task_id)], condition)

    def save_refs(self, tenant_id: str, refs: Mapping[str, Any]) -> None:
        self._update(tenant_id, [self.T.qbo_refs.set(dict(refs))], self.T.tenant_id.exists())

    def needs_reauth(self, tenant_id: str) -> None:
        self._update(tenant_id, [self.T.connection_status.set("needs_reauth")], self.T.tenant_id.exists())
