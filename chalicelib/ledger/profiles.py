"""The platform's tenant profile: stored on the tenant item without touching anything else on it
(except that an item with no connection status gets `not_connected`, so every tenant item carries
one and support's `by_connection_status` index lists it)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from pynamodb.exceptions import UpdateError
from pynamodb.expressions.update import Action

from chalicelib.ledger.schemas import TenantProfileIn
from chalicelib.store.models import Models


class TenantProfiles:
    def __init__(self, models: Models, clock: Callable[[], dt.datetime]) -> None:
        self.Tenant = models.Tenant
        self.clock = clock

    def put(self, tenant_id: str, profile: TenantProfileIn) -> tuple[bool, dict[str, Any]]:
        """Store `profile` (replacing the previous one); returns (created, the stored profile)."""
        T = self.Tenant
        now = self.clock()
        actions: list[Action] = [
            T.name.set(profile.name),
            T.timezone.set(profile.timezone),
            T.created_at.set(profile.created_at),
            T.onboarding.set(profile.onboarding),
            T.locations.set([loc.model_dump() for loc in profile.locations]),
            T.profile_updated_at.set(now),
            T.cursor_seq.set(T.cursor_seq | 0),  # counters stored from the start, never reset here
            T.next_seq.set(T.next_seq | 0),
            T.connection_status.set(T.connection_status | "not_connected"),  # listed by status from the start
            T.last_import_at.set(profile.last_import_at) if profile.last_import_at else T.last_import_at.remove(),
        ]
        tenant = T(tenant_id)
        try:
            tenant.update(actions=actions, condition=T.profile_updated_at.exists())
            created = False
        except UpdateError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise
            tenant.update(actions=actions)
            created = True
        return created, render(tenant_id, profile, now)


def render(tenant_id: str, profile: TenantProfileIn, updated_at: dt.datetime) -> dict[str, Any]:
    def iso(instant: dt.datetime | None) -> str | None:
        return None if instant is None else instant.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")

    return {
        "tenant_id": tenant_id,
        "name": profile.name,
        "timezone": profile.timezone,
        "created_at": iso(profile.created_at),
        "onboarding": profile.onboarding,
        "last_import_at": iso(profile.last_import_at),
        "locations": [loc.model_dump() for loc in profile.locations],
        "profile_updated_at": iso(updated_at),
    }
