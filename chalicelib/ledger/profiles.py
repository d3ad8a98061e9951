"""The platform's tenant profile: stored on the tenant item without touching anything else on it
(except that an item with no connection status gets `not_connected`, so every tenant item carries
one and support's `by_connection_status` index lists it): `TenantRepository.put_profile`."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from chalicelib.ledger.schemas import TenantProfileIn
from chalicelib.tenants.model import Location, Profile
from chalicelib.tenants.repository import TenantRepository


class TenantProfiles:
    def __init__(self, tenants: TenantRepository, clock: Callable[[], dt.datetime]) -> None:
        self.tenants = tenants
        self.clock = clock

    def put(self, tenant_id: str, profile: TenantProfileIn) -> tuple[bool, dict[str, Any]]:
        """Store `profile` (replacing the previous one); returns (created, the stored profile)."""
        now = self.clock()
        created = self.tenants.put_profile(tenant_id, Profile(
            name=profile.name, timezone=profile.timezone, created_at=profile.created_at,
            onboarding=profile.onboarding, last_import_at=profile.last_import_at,
            locations=tuple(Location(loc.id, loc.name) for loc in profile.locations)), now)
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
