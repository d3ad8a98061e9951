"""Background tasks (the `runs` table): one record per sync run, newest first.

Status moves queued → running → succeeded | failed, or straight to skipped; a transient fault
puts a running task back to queued with the reason (it will be retried). Terminal states are
final: each transition is a conditional write, so a late or duplicate delivery cannot rewrite a
finished task.
"""
from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from pynamodb.exceptions import PutError, UpdateError
from pynamodb.expressions.update import Action

from chalicelib.domain.schedule import LastRun, Trigger

QUEUED, RUNNING, SUCCEEDED, FAILED, SKIPPED = "queued", "running", "succeeded", "failed", "skipped"
TERMINAL = frozenset({SUCCEEDED, FAILED, SKIPPED})
_FAILED = "ConditionalCheckFailedException"


def _iso(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z") if value else None


@dataclass(frozen=True)
class Task:
    tenant_id: str
    task_id: str
    trigger: str
    status: str
    created_at: dt.datetime
    scheduled_for: dt.datetime | None = None
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    range_from: int | None = None
    range_to: int | None = None
    business_date: str | None = None  # the run's sync date (local)
    first_sync: bool = False
    documents: Sequence[Mapping[str, Any]] = ()
    totals: Mapping[str, Any] | None = None
    error: str | None = None
    reason: str | None = None
    next_run_at: dt.datetime | None = None
    reason_code: str | None = None  # why it was skipped or failed, as a code (the sentence is `reason`/`error`)
    next_step: str | None = None  # a failure's remedy, in words
    readback: Mapping[str, Any] | None = None  # the nightly read-back: ok | drift (accounts) | baseline | not_read
    reason_facts: Mapping[str, Any] | None = None  # a skip's facts (`SkipFacts.to_dict`); the reason is worded from them

    @property
    def terminal(self) -> bool:
        return self.status in TERMINAL

    def to_dict(self) -> dict[str, Any]:
        """The background-task view the API renders."""
        ledger = None if self.range_to is None else {"after_seq": self.range_from, "upto_seq": self.range_to}
        return {"task_id": self.task_id, "trigger": self.trigger, "status": self.status,
                "created_at": _iso(self.created_at), "scheduled_for": _iso(self.scheduled_for),
                "started_at": _iso(self.started_at), "finished_at": _iso(self.finished_at),
                "ledger_range": ledger, "sync_date": self.business_date, "first_sync": self.first_sync,
                "documents": list(self.documents), "totals": self.totals, "error": self.error,
                "reason": self.reason, "next_run_at": _iso(self.next_run_at), "reason_code": self.reason_code,
                "next_step": self.next_step, "readback": self.readback, "skip": self.reason_facts}


class TaskStore(Protocol):
    def create(self, tenant_id: str, task_id: str, trigger: Trigger, now: dt.datetime,
               scheduled_for: dt.datetime | None = None) -> bool:
        """A queued task; False when it already exists (a duplicate)."""

    def get(self, tenant_id: str, task_id: str) -> Task | None: ...

    def update(self, tenant_id: str, task_id: str, status: str, **fields: Any) -> bool:
        """Move a non-terminal task to `status` with `fields`; False if it was already final."""

    def page(self, tenant_id: str, limit: int, token: str | None) -> tuple[list[Task], str | None]: ...


def last_run(task: Task | None, started_at: dt.datetime | None) -> LastRun | None:
    """The previous run, as the schedule rule sees it."""
    if started_at is None:
        return None
    if task is None:
        return LastRun(started_at, Trigger.MANUAL)
    return LastRun(task.started_at or started_at, Trigger(task.trigger), task.scheduled_for)


def encode_token(key: Mapping[str, Any] | None) -> str | None:
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode() if key else None


def decode_token(token: str | None) -> dict[str, Any] | None:
    if not token:
        return None
    try:
        key = json.loads(base64.urlsafe_b64decode(token.encode()))
    except (ValueError, TypeError):
        raise ValueError("the page token is not valid") from None
    if not isinstance(key, dict):
        raise ValueError("the page token is not valid")
    return key


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


class DynamoTaskStore:
    def __init__(self, models: Any) -> None:
        self.Run = models.Run

    def _task(self, r: Any) -> Task:
        return Task(r.tenant_id, r.task_id, r.trigger, r.status, r.created_at, r.scheduled_for,
                    r.started_at, r.finished_at, _int(r.range_from), _int(r.range_to), r.business_date,
                    bool(r.first_sync), r.documents or [], r.totals, r.error, r.reason, r.next_run_at,
                    r.reason_code, r.next_step, r.readback, r.reason_facts)

    def create(self, tenant_id: str, task_id: str, trigger: Trigger, now: dt.datetime,
               scheduled_for: dt.datetime | None = None) -> bool:
        try:
            self.Run(tenant_id, task_id, trigger=trigger.value, status=QUEUED, created_at=now,
                     scheduled_for=scheduled_for).save(condition=self.Run.task_id.does_not_exist())
        except PutError as exc:
            if exc.cause_response_code != _FAILED:
                raise
            return False
        return True

    def get(self, tenant_id: str, task_id: str) -> Task | None:
        try:
            return self._task(self.Run.get(tenant_id, task_id, consistent_read=True))
        except self.Run.DoesNotExist:
            return None

    def update(self, tenant_id: str, task_id: str, status: str, **fields: Any) -> bool:
        run = self.Run
        actions: list[Action] = [run.status.set(status)]
        for name, value in fields.items():
            attribute = getattr(run, name)
            actions.append(attribute.remove() if value is None else attribute.set(value))
        try:
            run(tenant_id, task_id).update(actions=actions,
                                           condition=run.task_id.exists() & run.status.is_in(QUEUED, RUNNING))
        except UpdateError as exc:
            if exc.cause_response_code != _FAILED:
                raise
            return False
        return True

    def page(self, tenant_id: str, limit: int, token: str | None) -> tuple[list[Task], str | None]:
        results = self.Run.query(tenant_id, scan_index_forward=False, limit=limit,
                                 last_evaluated_key=decode_token(token))
        tasks = [self._task(r) for r in results]
        return tasks, encode_token(results.last_evaluated_key)
