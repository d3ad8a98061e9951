"""The support audit trail: every support read is an `AuditEvent` (who, what, when, filters).

A read of one tenant is stored under that tenant's subject (`tenant#<id>`, beside its connects,
resets and overrides), so the tenant's history shows who from support looked and when. A read of
the tenant list touches many tenants: it is stored under `support#tenants` with the filters and
the tenant ids it returned. The sort key is the time, so histories read newest first.
"""
from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from chalicelib.quickbooks.audit import subject as tenant_subject
from chalicelib.store.models import Models
from chalicelib.support import paging

LIST_SUBJECT = "support#tenants"
READ = "support_read"


@dataclass(frozen=True)
class Reader:
    """Who is reading: the support user's id and role (from the token, never the token)."""

    user_id: str
    role: str


class SupportAudit:
    def __init__(self, models: Models, clock: Callable[[], dt.datetime]) -> None:
        self._AuditEvent, self._clock = models.AuditEvent, clock

    def tenant_read(self, reader: Reader, tenant_id: str, view: str) -> None:
        self._record(tenant_subject(tenant_id), reader, view=view, tenant_id=tenant_id)

    def list_read(self, reader: Reader, filters: dict[str, Any], tenant_ids: list[str]) -> None:
        self._record(LIST_SUBJECT, reader, view="tenants", filters=filters, tenant_ids=tenant_ids)

    def _record(self, subject: str, reader: Reader, **detail: Any) -> None:
        at = self._clock()
        self._AuditEvent(subject=subject, sk=f"{at.isoformat()}#{uuid.uuid4().hex[:8]}", actor=reader.user_id,
                         role=reader.role, action=READ, at=at, detail=detail).save()

    def history(self, tenant_id: str, limit: int, token: str | None) -> tuple[list[dict[str, Any]], str | None]:
        """One tenant's audit events (support reads and everything else), newest first."""
        rows = list(self._AuditEvent.query(tenant_subject(tenant_id), scan_index_forward=False, limit=limit + 1,
                                           last_evaluated_key=paging.decode(token, ("subject", "sk"))))
        more, rows = len(rows) > limit, rows[:limit]
        events = [{"at": e.at.isoformat(), "actor": e.actor, "role": e.role, "action": e.action,
                   "detail": e.detail or {}} for e in rows]
        last = rows[-1] if more else None
        return events, paging.encode({"subject": {"S": last.subject}, "sk": {"S": last.sk}}) if last else None
