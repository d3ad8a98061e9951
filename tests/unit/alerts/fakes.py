"""In-memory stand-ins for the alert service's ports (chalicelib/alerts/ports.py)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from chalicelib.alerts.events import Alert
from chalicelib.alerts.service import Alerts

NOW = dt.datetime(2026, 12, 2, 5, 40, tzinfo=dt.UTC)


@dataclass
class Sink:
    put_calls: list[list[Alert]] = field(default_factory=list)
    broken: bool = False

    def put(self, alerts: Sequence[Alert]) -> None:
        if self.broken:
            raise RuntimeError("EventBridge is down")
        self.put_calls.append(list(alerts))

    @property
    def types(self) -> list[str]:
        return [a.detail_type for batch in self.put_calls for a in batch]


@dataclass
class Log:
    recorded: list[Alert] = field(default_factory=list)

    def record(self, alert: Alert) -> None:
        self.recorded.append(alert)


@dataclass
class Facts:
    status: str | None = "connected"
    expires: dt.datetime | None = NOW + dt.timedelta(days=100)
    runs: list[Mapping[str, Any]] = field(default_factory=list)

    def connection_status(self, tenant_id: str) -> str | None:
        return self.status

    def refresh_expires_at(self, tenant_id: str) -> dt.datetime | None:
        return self.expires

    def recent_runs(self, tenant_id: str, limit: int) -> Sequence[Mapping[str, Any]]:
        return self.runs[:limit]


@dataclass
class Schedules:
    paused: list[str] = field(default_factory=list)

    def pause(self, tenant_id: str) -> bool:
        if tenant_id in self.paused:
            return False
        self.paused.append(tenant_id)
        return True


@dataclass
class Metered:
    totals: dict[str, int] = field(default_factory=dict)

    def add(self, month: str, reads: int) -> tuple[int, int]:
        before = self.totals.get(month, 0)
        self.totals[month] = before + reads
        return before, before + reads


def build(**overrides: Any) -> Alerts:
    parts: dict[str, Any] = {"sink": Sink(), "log": Log(), "facts": Facts(), "schedules": Schedules(),
                             "metered": Metered(), "clock": lambda: NOW}
    parts.update(overrides)
    return Alerts(**parts)


def nights(count: int, status: str = "failed") -> list[dict[str, Any]]:
    """`count` nightly runs, newest first, one per night."""
    return [{"task_id": f"202612{2 - i:02d}T053100Z-daily" if i < 2 else f"2026110{i}T053100Z-daily",
             "trigger": "daily", "status": status, "sync_date": None} for i in range(count)]
