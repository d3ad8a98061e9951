"""Support tests: tenants and runs seeded straight into the tables, a fixed clock (Thursday
15 Jan 2026, 9:00 AM in Chicago), and tokens for every role."""
from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from chalicelib import bootstrap
from chalicelib.api.auth import issue_token
from chalicelib.config import DEV_JWT_SECRET, Config
from chalicelib.store.tenants import DynamoTenants
from chalicelib.tenants.attention import RunEnd
from chalicelib.tenants.model import Profile

UTC = dt.UTC
RUN_ENDS = {"succeeded": RunEnd.SUCCEEDED, "failed": RunEnd.FAILED, "daily_skipped": RunEnd.SKIPPED_DAILY}
NOW = dt.datetime(2026, 1, 15, 15, 0, tzinfo=UTC)


def local(text: str, tz: str = "America/Chicago") -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(tz)).astimezone(UTC)


@pytest.fixture
def container(config: Config) -> Iterator[bootstrap.Container]:
    built = bootstrap.Container(config.with_overrides(jwt_secret=config.jwt_secret or DEV_JWT_SECRET))
    built.clock = lambda: NOW  # type: ignore[method-assign]
    bootstrap.install(built)
    yield built
    bootstrap.install(None)


def token(container: bootstrap.Container, role: str = "support", user: str = "support-1",
          tenant_id: str | None = None) -> str:
    return issue_token(container.config, sub=user, role=role, tenant_id=tenant_id, now=int(time.time()))


def headers(container: bootstrap.Container, role: str = "support", user: str = "support-1",
            tenant_id: str | None = None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token(container, role, user, tenant_id)}",
            "Content-Type": "application/json"}


def body(reply: Any) -> Any:
    return json.loads(reply.body)


class Seed:
    """Writes tenants and runs the way the connector and the sync leave them."""

    def __init__(self, container: bootstrap.Container) -> None:
        self.m = container.models

    def profile_only(self, tenant_id: str, tz: str = "America/Chicago") -> None:
        """What the platform's profile PUT leaves: the profile and a `not_connected` status, no
        other connection attribute (the repository's write, the same UpdateItem as the PUT's)."""
        DynamoTenants(self.m.Tenant).put_profile(
            tenant_id, Profile(name=tenant_id.title(), timezone=tz, created_at=local("2025-01-02 09:00", tz)), NOW)

    def tenant(self, tenant_id: str, *, tz: str = "America/Chicago", plan: str = "Plus",
               connection: str = "connected", schedule: str | None = "daily", **extra: Any) -> None:
        attrs: dict[str, Any] = {
            "name": tenant_id.replace("-", " ").title(), "timezone": tz,
            "created_at": local("2025-01-02 09:00", tz),
            "onboarding": False, "connection_status": connection, "realm_id": f"realm-{tenant_id}",
            "company_name": f"{tenant_id.title()} LLC", "plan": f"QuickBooks Online {plan}",
            "class_tracking": plan in ("Plus", "Advanced"), "go_live_date": "2026-01-01", "schedule": schedule}
        attrs.update(extra)
        self.m.Tenant(tenant_id, **attrs).save()

    def run(self, tenant_id: str, trigger: str, status: str, when: str, tz: str = "America/Chicago",
            **extra: Any) -> str:
        """A run at local time `when` (a daily run's scheduled time, a manual run's start)."""
        instant = local(when, tz)
        task_id = f"{instant:%Y%m%dT%H%M%SZ}-{trigger}-{len(extra)}{status[:2]}"
        ran = status != "skipped"
        self.m.Run(tenant_id, task_id, trigger=trigger, status=status, created_at=instant,
                   scheduled_for=instant if trigger == "daily" else None, started_at=instant if ran else None,
                   finished_at=instant + dt.timedelta(minutes=2), **extra).save()
        if ran:
            tenant_model = self.m.Tenant
            done = [tenant_model.first_sync_done.set(True)] if status == "succeeded" else []
            tenant_model(tenant_id).update(actions=[tenant_model.last_run_task_id.set(task_id),
                                                    tenant_model.last_run_started_at.set(instant), *done])
        end = RUN_ENDS.get("daily_skipped" if status == "skipped" and trigger == "daily" else status)
        if end is not None:  # the run's end notes support's attention, as the sync does
            DynamoTenants(self.m.Tenant).note_run_end(tenant_id, end, instant.date())
        return task_id


@pytest.fixture
def seed(container: bootstrap.Container) -> Seed:
    return Seed(container)


@pytest.fixture
def studios(seed: Seed) -> dict[str, str]:
    """One tenant per status, across plans and time zones; tenant id → expected status."""
    seed.tenant("lakeside-swim")
    seed.run("lakeside-swim", "daily", "succeeded", "2026-01-14 23:31")
    seed.tenant("harbor-dance", tz="America/New_York", plan="Essentials")
    seed.run("harbor-dance", "daily", "failed", "2026-01-14 23:31", tz="America/New_York",
             error="QuickBooks refused a document: The account period has closed.")
    seed.tenant("prairie-gym", schedule="manual")
    seed.run("prairie-gym", "manual", "succeeded", "2026-01-14 17:05")
    seed.m.Tenant("prairie-gym").update(actions=[seed.m.Tenant.schedule.set("daily")])
    seed.run("prairie-gym", "daily", "skipped", "2026-01-14 23:31", reason="Daily sync skipped: too soon.")
    seed.tenant("summit-karate", tz="America/Los_Angeles", connection="needs_reauth")
    seed.tenant("river-swim", plan="Essentials")
    seed.profile_only("maple-dance")
    seed.tenant("coast-gym", tz="America/New_York", connection="disconnected")
    return {"lakeside-swim": "healthy", "harbor-dance": "failing", "prairie-gym": "skipped_last_night",
            "summit-karate": "needs_reauth", "river-swim": "never_synced", "maple-dance": "not_connected",
            "coast-gym": "disconnected"}
