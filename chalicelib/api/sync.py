"""Sync Now, background tasks and the preview (DESIGN.md "Studio"): parse, authorise, call, render.

POST needs `admin`; reads allow `admin`, `staff` and `support` (support reads are audited).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalice import Blueprint, Response

from chalicelib.api.limits import MAX_TOKEN_CHARS, check_task_token
from chalicelib.api.responses import handles_errors, principal, query_of, studio_read
from chalicelib.bootstrap import container
from chalicelib.errors import InvalidRequest, NotFound

sync = Blueprint(__name__)
BASE = "/v1/tenants/{tenant_id}/quickbooks"
MAX_PAGE = 100


def _read(tenant_id: str, view: str, answer: Callable[[], dict[str, Any]]) -> Response:
    return Response(studio_read(sync.current_request, tenant_id, view, answer), status_code=200)


@sync.route(BASE + "/sync", methods=["POST"])
@handles_errors
def sync_now(tenant_id: str) -> Response:
    from chalicelib.sync.sync_now import STARTED

    principal(sync.current_request).require(tenant_id, "admin")
    task_id = container().sync_now.start(tenant_id)
    return Response({"message": STARTED, "task_id": task_id}, status_code=202)


@sync.route(BASE + "/tasks", methods=["GET"])
@handles_errors
def list_tasks(tenant_id: str) -> Response:
    def answer() -> dict[str, Any]:
        from chalicelib.sync.tasks import decode_token

        query = query_of(sync.current_request)
        try:
            limit = int(query.get("limit", "20"))
            token = query.get("next")
            if token:
                check_task_token(decode_token(token[:MAX_TOKEN_CHARS]) if len(token) <= MAX_TOKEN_CHARS else None,
                                 tenant_id)
        except ValueError:
            raise InvalidRequest("limit must be a whole number and next a token from a previous page") from None
        if not 1 <= limit <= MAX_PAGE:
            raise InvalidRequest(f"limit must be between 1 and {MAX_PAGE}")
        tasks, next_token = container().sync_tasks.page(tenant_id, limit, token)
        return {"tasks": [t.to_dict() for t in tasks], "next": next_token}
    return _read(tenant_id, "tasks", answer)


@sync.route(BASE + "/tasks/{task_id}", methods=["GET"])
@handles_errors
def get_task(tenant_id: str, task_id: str) -> Response:
    def answer() -> dict[str, Any]:
        from chalicelib.sync.statement import load_statement

        task = container().sync_tasks.get(tenant_id, task_id)
        if task is None:
            raise NotFound("no such background task")
        statement = load_statement(container().plan_store(), container().sync_tasks, task)
        return {**task.to_dict(), "statement": statement, "correction": _correction(tenant_id, task)}
    return _read(tenant_id, "task", answer)


def _correction(tenant_id: str, task: Any) -> dict[str, Any] | None:
    """The correcting entry posted for the task's drift (one read, only for a task with drift)."""
    if not isinstance(task.readback, dict) or task.readback.get("status") != "drift":
        return None
    return container().correction_service().recorded_for(tenant_id, task.task_id)


@sync.route(BASE + "/preview", methods=["GET"])
@handles_errors
def preview(tenant_id: str) -> Response:
    return _read(tenant_id, "preview", lambda: container().sync_preview.next_sync(tenant_id))
