"""Builds the sync's services from the container (called by `bootstrap.Container`)."""
from __future__ import annotations

from typing import Any

from chalicelib.ledger.payout_store import DynamoPayouts
from chalicelib.ledger.snapshots import DynamoBalanceSnapshots
from chalicelib.store.tenants import DynamoTenants
from chalicelib.sync.plans import DynamoPlanStore
from chalicelib.sync.ports import QuickBooksPoster
from chalicelib.sync.preview import Preview
from chalicelib.sync.run import SyncRun
from chalicelib.sync.sync_now import SyncNow, sqs_enqueue
from chalicelib.tenants.model import Tenant


def qbo_poster_factory(c: Any) -> Any:
    """A QBO poster per tenant, on the tenant's fresh access token (refreshed when QBO says 401)."""
    from chalicelib.quickbooks.wiring import access_tokens
    from chalicelib.sync.qbo import build_poster

    tokens = access_tokens(c)

    def poster_for(tenant: Tenant) -> QuickBooksPoster:
        def provider(*, force_refresh: bool = False) -> Any:
            return (tokens.refresh if force_refresh else tokens.fresh)(tenant.tenant_id)
        return build_poster(c.config, provider, plan_tier=tenant.qbo_plan)
    return poster_for


def sync_run(c: Any) -> SyncRun:
    return SyncRun(DynamoTenants(c.models.Tenant), c.sync_tasks, DynamoPlanStore(c.models),
                   c.ledger, c.qbo_posters, c.clock, c.config.brand, DynamoBalanceSnapshots(c.models),
                   DynamoPayouts(c.ledger))


def sync_now(c: Any) -> SyncNow:
    return SyncNow(DynamoTenants(c.models.Tenant), c.sync_tasks,
                   sqs_enqueue(c.sqs, c.config.sync_queue_url), c.clock)


def preview(c: Any) -> Preview:
    return Preview(DynamoTenants(c.models.Tenant), DynamoPlanStore(c.models), c.ledger, c.clock, c.config.brand,
                   DynamoBalanceSnapshots(c.models), DynamoPayouts(c.ledger))
