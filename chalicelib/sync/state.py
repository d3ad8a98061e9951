"""What the sync reads of a tenant: the posting settings a `Tenant` implies."""
from __future__ import annotations

from chalicelib.domain.plans import QboPlan
from chalicelib.domain.settings import PostingSettings
from chalicelib.tenants.model import ConnectionStatus, Tenant

CONNECTED = ConnectionStatus.CONNECTED


def posting_settings(t: Tenant, brand: str) -> PostingSettings:
    """The planner's view of the tenant: classes only on Plus or higher with tracking on."""
    assert t.go_live_date is not None
    tracking = t.class_tracking and t.qbo_plan >= QboPlan.PLUS
    return PostingSettings(
        tenant_id=t.tenant_id, studio_name=t.name or t.tenant_id, go_live_date=t.go_live_date,
        brand=brand, class_tracking=tracking, location_classes=t.location_names,
        book_close_date=t.book_close_date, generation=t.generation,
    )
