"""The QuickBooks side of a sync run: references, posting, throttling (see docs/sync-qbo.md).

    poster = build_poster(config, tokens, plan_tier=QboPlan.PLUS)
    refs = poster.ensure_references(plan, cached=tenant_cache)   # persist refs.cache
    posted = poster.post(plan.documents, refs)                    # record each qbo_id
"""
from __future__ import annotations

from typing import Any

from chalicelib.config import Config
from chalicelib.domain.plans import QboPlan
from chalicelib.quickbooks.gateway import AccessTokenProvider, CallCounters, Credentials, QboGateway
from chalicelib.quickbooks.throttle import RealmLimits, RealmThrottle, RetryPolicy, throttle_for
from chalicelib.sync.qbo.poster import QboPoster

__all__ = ["AccessTokenProvider", "CallCounters", "Credentials", "QboGateway", "QboPoster",
           "RealmLimits", "RealmThrottle", "RetryPolicy", "build_poster", "throttle_for"]


def build_poster(config: Config, tokens: AccessTokenProvider, *, plan_tier: QboPlan | None = None,
                 **client_options: Any) -> QboPoster:
    """A poster for one tenant; `plan_tier` (from the connection) saves a CompanyInfo read."""
    client = QboGateway(tokens, api_base=config.qbo_api_base,
                        minor_version=config.qbo_minor_version, **client_options)
    return QboPoster(client, plan_tier=plan_tier)
