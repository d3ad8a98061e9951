"""In-memory `TaskStore` and `PlanStore`: the same conditions as `chalicelib/sync/tasks.py` and
`chalicelib/sync/plans.py`, no I/O.

Checked against the DynamoDB adapters by `tests/contract/test_tasks.py` and `test_plans.py`.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import Any

from pynamodb.exceptions import UpdateError

from chalicelib.domain.journal import JournalDocument, PostingPlan
from chalicelib.domain.schedule import Trigger
from chalicelib.sync import tasks as st
from chalicelib.sync.plans import SavedPlan, document_dict, join, split, with_documents
from chalicelib.sync.ports import PostedDocument


class FakeTasks:
    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], st.Task] = {}

    def create(self, tenant_id: str, task_id: str, trigger: Trigger, now: dt.datetime,
               scheduled_for: dt.datetime | None = None) -> bool:
        if (tenant_id, task_id) in self.rows:
            return False
        self.rows[(tenant_id, task_id)] = st.Task(tenant_id, task_id, trigger.value, st.QUEUED, now,
                                                  scheduled_for, documents=[])  # as the table reads it
        return True

    def get(self, tenant_id: str, task_id: str) -> st.Task | None:
        return self.rows.get((tenant_id, task_id))

    def update(self, tenant_id: str, task_id: str, status: str, **fields: Any) -> bool:
        task = self.rows.get((tenant_id, task_id))
        if task is None or task.terminal:
            return False
        self.rows[(tenant_id, task_id)] = dataclasses.replace(task, status=status, **fields)
        return True

    def page(self, tenant_id: str, limit: int, token: str | None) -> tuple[list[st.Task], str | None]:
        """Newest first, as a DynamoDB Query reads them: the token is the last key read, given
        whenever the page is full (even if nothing follows), and a page starts after it."""
        key = st.decode_token(token)
        after = key["task_id"]["S"] if key else None
        ids = sorted((k[1] for k in self.rows if k[0] == tenant_id and (after is None or k[1] < after)),
                     reverse=True)
        chosen = ids[:limit]
        last = {"tenant_id": {"S": tenant_id}, "task_id": {"S": chosen[-1]}} if len(chosen) == limit else None
        return [self.rows[(tenant_id, i)] for i in chosen], st.encode_token(last)


class FakePlans:
    """Stores plans the way the DynamoDB store does: split into header and document rows.

    Given the `FakeTasks` it shares the runs table with, it also keeps the adapter's conditions
    on the task (a plan's header is written on its task, with the task's ledger range).
    """

    def __init__(self, tasks: FakeTasks | None = None) -> None:
        self.headers: dict[tuple[str, str], dict[str, Any]] = {}
        self.rows: dict[tuple[str, str], dict[str, Any]] = {}
        self.qbo_ids: dict[tuple[str, str], str] = {}
        self.realms: dict[tuple[str, str], str | None] = {}  # the company each row was planned for
        self.tasks_of: dict[tuple[str, str], str] = {}  # each row's task
        self.started: set[tuple[str, str]] = set()
        self.tasks = tasks

    def _on_task(self, tenant_id: str, task_id: str, **fields: Any) -> None:
        """The header's conditional write on the task: it must exist (as `Run.task_id.exists()`)."""
        if self.tasks is None:
            return
        task = self.tasks.rows.get((tenant_id, task_id))
        if task is None:
            raise UpdateError(f"no task {task_id}: the plan's header has nowhere to go")
        self.tasks.rows[(tenant_id, task_id)] = dataclasses.replace(task, **fields)

    def write(self, task_id: str, plan: PostingPlan, realm_id: str | None = None) -> None:
        header, documents = split(plan)
        for doc in documents:
            self.rows[(plan.tenant_id, doc["key"])] = doc
            self.realms[(plan.tenant_id, doc["key"])] = realm_id
            self.tasks_of[(plan.tenant_id, doc["key"])] = task_id
        self._on_task(plan.tenant_id, task_id, range_from=plan.cursor, range_to=plan.upto,
                      first_sync=plan.first_sync, business_date=plan.sync_date.isoformat())
        self.headers[(plan.tenant_id, task_id)] = header

    def load(self, tenant_id: str, task_id: str) -> SavedPlan | None:
        header = self.headers.get((tenant_id, task_id))
        if header is None:
            return None
        docs = {k: self.rows[(tenant_id, k)] for k in header["keys"]}
        posted = {k: self.qbo_ids[(tenant_id, k)] for k in header["keys"] if (tenant_id, k) in self.qbo_ids}
        return SavedPlan(task_id, join(header, docs), posted, posting_started=(tenant_id, task_id) in self.started)

    def mark_posting(self, saved: SavedPlan, now: dt.datetime) -> None:
        self._on_task(saved.plan.tenant_id, saved.task_id)
        self.headers[(saved.plan.tenant_id, saved.task_id)] = split(saved.plan)[0]  # set whole, as the adapter does
        self.started.add((saved.plan.tenant_id, saved.task_id))

    def redate(self, saved: SavedPlan, documents: Sequence[JournalDocument]) -> SavedPlan:
        tenant_id = saved.plan.tenant_id
        for doc in documents:
            if doc.key in saved.posted:
                raise ValueError(f"document {doc.key} is posted: it is never edited")
            if (tenant_id, doc.key) not in self.rows or (tenant_id, doc.key) in self.qbo_ids:
                raise UpdateError(f"document {doc.key} is not planned, or was posted meanwhile")
            self.rows[(tenant_id, doc.key)] = document_dict(doc)
        return with_documents(saved, documents)

    def record(self, tenant_id: str, task_id: str, posted: Sequence[PostedDocument], now: dt.datetime) -> None:
        for doc in posted:
            if (tenant_id, doc.key) not in self.rows:
                raise RuntimeError(f"posted document {doc.key} has no plan row")
            self.qbo_ids[(tenant_id, doc.key)] = doc.qbo_id
