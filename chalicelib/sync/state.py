"""What the sync reads of a tenant: the posting settings a `Tenant` implies."""
from __future__ import annotations

from chalicelib.domain.mapping import AccountMapping
from chalicelib.domain.plans import QboPlan
from chalicelib.domain.settings import PostingSettings
from chalicelib.tenants.model import ConnectionStatus, Tenant

CONNECTED = ConnectionStatus.CONNECTED


def posting_settings(t: Tenant, brand: str) -> PostingSettings:
    """The planner's view of the tenant: classes only on Plus or higher with tracking on, and
    the admin's account mapping (the plan freezes the names it gives)."""
    assert t.go_live_date is not None
    tracking = t.class_tracking and t.qbo_plan >= QboPlan.PLUS
    mapping = AccountMapping.from_stored(t.posting_map)
    return PostingSettings(
        tenant_id=t.tenant_id, studio_name=t.name or t.tenant_id, go_live_date=t.go_live_date,
        brand=mapping.brand or brand, class_tracking=tracking, location_classes=t.location_names,
        book_close_date=t.book_close_date, generation=t.generation,
        revenue_accounts=mapping.revenue_accounts, credit_accounts=mapping.credit_accounts,
        refund_accounts=mapping.refund_accounts, tax_accounts=mapping.tax_accounts,
        opening_offset_account=mapping.opening_offset, first_sync_entries=mapping.first_sync_entries,
        fiscal_year_start_month=t.fiscal_year_start_month or 1,
    )
