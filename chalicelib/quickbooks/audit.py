"""The audit trail of the connection: who connected, configured, reset, disconnected, overrode.

Rows live in the `audit` table under `subject = "tenant#<id>"`, sorted by time, so support reads
one tenant's history with one query. Details never hold a token (callers pass plain facts).
"""
from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from chalicelib.store.models import Models

SYSTEM = ("classbooks", "system")
INTUIT = ("intuit", "intuit")
HISTORY_LIMIT = 100


def subject(tenant_id: str) -> str:
    return f"tenant#{tenant_id}"


class Audit:
    def __init__(self, models: Models, clock: Callable[[], dt.datetime]) -> None:
        self._AuditEvent, self._clock = models.AuditEvent, clock

    def record(self, tenant_id: str, actor: tuple[str, str], action: str, **detail: Any) -> None:
        """Append one event; `actor` is (user id, role)."""
        at = self._clock()
        self._AuditEvent(subject=subject(tenant_id), sk=f"{at.isoformat()}#{uuid.uuid4().hex[:8]}",
                         actor=actor[0], role=actor[1], action=action, at=at,
                         detail=detail or None).save()

    def history(self, tenant_id: str, limit: int = HISTORY_LIMIT) -> list[dict[str, Any]]:
        """The newest `limit` events, newest first: one bounded Query however long the trail
        (support pages further back with `chalicelib/support/audit.py`)."""
        rows = self._AuditEvent.query(subject(tenant_id), scan_index_forward=False, limit=limit)
        return [{"at": e.at.isoformat(), "actor": e.actor, "role": e.role, "action": e.action,
                 "detail": e.detail or {}} for e in rows]
