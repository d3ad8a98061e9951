"""A Daily tenant's nightly schedule follows the studio's time zone (23:31 where the studio is).

The platform owns the time zone (`PUT /v1/tenants/{id}`); the schedule is created by the
settings service in the zone known then. When the profile changes the zone, an existing
schedule is re-pointed; a tenant without one (Manual, not configured, disconnected) stays
without one. The 23-hour rule still applies to the first night in the new zone.
"""
from __future__ import annotations

from chalicelib.aws.schedules import SchedulePort


def follow_time_zone(schedules: SchedulePort, tenant_id: str, timezone: str) -> bool:
    """Re-point the tenant's schedule to `timezone` if it has one in another zone; True if it did."""
    current = schedules.describe(tenant_id)
    if current is None or current.get("ScheduleExpressionTimezone") == timezone:
        return False
    schedules.ensure(tenant_id, timezone)
    return True
