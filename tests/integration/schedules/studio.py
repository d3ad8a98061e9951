"""A studio driven the way its admin and the platform drive it: the HTTP API, on a steerable clock."""
from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from chalicelib.api.auth import issue_token
from chalicelib.bootstrap import Container

BASE = "/v1/tenants/{tenant}/quickbooks"


@dataclass
class Studio:
    api: Any
    c: Container
    tenant_id: str
    tz: str

    def seed(self, go_live: str = "2026-01-01") -> Studio:
        """Connected, Go Live Date chosen, no schedule yet (as the connect flow leaves it)."""
        now = self.c.clock()
        self.c.models.Tenant(self.tenant_id, name=f"Studio {self.tenant_id}", timezone=self.tz, created_at=now,
                             profile_updated_at=now, locations=[{"id": "L1", "name": "Main"}],
                             connection_status="connected", realm_id=f"realm-{self.tenant_id}", plan="Plus",
                             class_tracking=False, go_live_date=go_live).save()
        return self

    def _headers(self, role: str = "admin") -> dict[str, str]:
        token = issue_token(self.c.config, sub=f"{role}-user", role=role, tenant_id=self.tenant_id,
                            now=int(time.time()))
        return {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def _path(self, tail: str) -> str:
        return BASE.format(tenant=self.tenant_id) + tail

    def choose(self, schedule: str) -> dict[str, Any]:
        answer = self.api.http.put(self._path("/settings"), headers=self._headers(),
                                   body=json.dumps({"schedule": schedule}))
        assert answer.status_code == 200, answer.body
        return json.loads(answer.body)

    def move_to(self, tz: str) -> None:
        """The platform reports a new time zone in the studio's profile."""
        profile = {"name": f"Studio {self.tenant_id}", "timezone": tz, "created_at": "2025-01-01T00:00:00Z",
                   "locations": [{"id": "L1", "name": "Main"}]}
        answer = self.api.http.put(f"/v1/tenants/{self.tenant_id}", headers=self._headers("platform"),
                                   body=json.dumps(profile))
        assert answer.status_code in (200, 201), answer.body
        self.tz = tz

    def sync_now(self) -> Any:
        return self.api.http.post(self._path("/sync"), headers=self._headers())

    def status(self) -> dict[str, Any]:
        answer = self.api.http.get(self._path("/status"), headers=self._headers("staff"))
        assert answer.status_code == 200, answer.body
        return json.loads(answer.body)

    def tasks(self) -> list[dict[str, Any]]:
        """Every background task, oldest first (the API pages them newest first)."""
        found, token = [], None
        while True:
            query = f"?limit=100&next={token}" if token else "?limit=100"
            answer = json.loads(self.api.http.get(self._path("/tasks") + query, headers=self._headers("staff")).body)
            found += answer["tasks"]
            token = answer["next"]
            if not token:
                return list(reversed(found))

    def runs(self) -> list[tuple[str, str, str]]:
        """(status, trigger, local time it was for) of each task: what a test states about a week."""
        def when(task: dict[str, Any]) -> str:
            instant = dt.datetime.fromisoformat((task["scheduled_for"] or task["created_at"]).replace("Z", "+00:00"))
            return instant.astimezone(_zone(self.tz)).strftime("%a %d %H:%M")
        return [(t["status"], t["trigger"], when(t)) for t in self.tasks()]


def _zone(tz: str) -> Any:
    return ZoneInfo(tz)


def at(tz: str, text: str) -> dt.datetime:
    """`text` (ISO, no offset) as a wall-clock time in `tz`: how the tests name instants."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(tz))


def open_studio(world: Any, tz: str, start: dt.datetime, schedule: str, **runner_options: Any) -> Studio:
    """How every world test opens: at `start`, a connected studio in `tz`, the runner started
    (with `runner_options`), and `schedule` chosen through the API."""
    world.clock.set(start)
    studio = world.studio("studio", tz)
    world.start(**runner_options)
    studio.choose(schedule)
    return studio
