"""What the alert service needs from the outside world (adapters in `eventbridge`, `adapters`)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from chalicelib.alerts.events import Alert


class AlertSink(Protocol):
    def put(self, alerts: Sequence[Alert]) -> None:
        """Deliver every alert or raise (the caller logs; a run never fails for an alert)."""


class AlertLog(Protocol):
    def record(self, alert: Alert) -> None:
        """Keep the alert where support reads the tenant's history."""


class TenantFacts(Protocol):
    def connection_status(self, tenant_id: str) -> str | None: ...

    def refresh_expires_at(self, tenant_id: str) -> dt.datetime | None: ...

    def recent_runs(self, tenant_id: str, limit: int) -> Sequence[Mapping[str, Any]]:
        """The tenant's newest runs first (trigger, status, task_id, sync_date)."""


class SchedulePause(Protocol):
    def pause(self, tenant_id: str) -> bool:
        """Disable the tenant's nightly schedule; False when it was already paused or absent."""


class MeteredReads(Protocol):
    def add(self, month: str, reads: int) -> tuple[int, int]:
        """Count `reads` against `month` (the app's, all tenants); (total before, total after)."""
