"""Steps the e2e tests repeat: press Sync Now, let the queue deliver, read the task back."""
from __future__ import annotations

import json
from typing import Any

from chalicelib.bootstrap import Container
from tests.integration.sync.support import bearer, deliver


def sync_now(api: Any, c: Container, tenant_id: str = "t1", max_deliveries: int = 12,
             between: Any = None) -> dict[str, Any]:
    """Sync Now, then poll the queue until the task is final; returns the task as the API shows it."""
    answer = api.http.post(f"/v1/tenants/{tenant_id}/quickbooks/sync", headers=bearer(c, "admin", tenant_id))
    assert answer.status_code == 202, answer.body
    task_id = json.loads(answer.body)["task_id"]
    for _ in range(max_deliveries):
        deliver(c)
        task = task_view(api, c, task_id, tenant_id)
        if task["status"] in ("succeeded", "failed", "skipped"):
            return task
        if between:
            between()
    raise AssertionError(f"task {task_id} never finished: {task}")


def task_view(api: Any, c: Container, task_id: str, tenant_id: str = "t1") -> dict[str, Any]:
    answer = api.http.get(f"/v1/tenants/{tenant_id}/quickbooks/tasks/{task_id}", headers=bearer(c, "staff", tenant_id))
    return json.loads(answer.body)
