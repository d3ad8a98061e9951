"""Builds the payout services from the container (per request: all cheap)."""
from __future__ import annotations

from typing import Any

from chalicelib.ledger.payout_store import DynamoPayouts
from chalicelib.ledger.payouts import PayoutIngest
from chalicelib.payouts.clearing_report import ClearingReport
from chalicelib.payouts.mapping import PayoutMapping
from chalicelib.payouts.qbo import QboPayoutReads
from chalicelib.quickbooks.wiring import access_tokens
from chalicelib.store.tenants import DynamoTenants


def ingest(c: Any) -> PayoutIngest:
    return PayoutIngest(DynamoPayouts(c.ledger))


def reads(c: Any) -> Any:
    """The QBO reads (a test may set `c.payout_reads`, as it sets `c.qbo_posters`)."""
    return getattr(c, "payout_reads", None) or QboPayoutReads(c.config, access_tokens(c))


def mapping(c: Any) -> PayoutMapping:
    return PayoutMapping(DynamoPayouts(c.ledger), reads(c), DynamoTenants(c.models.Tenant), c.clock)


def clearing_report(c: Any) -> ClearingReport:
    return ClearingReport(c.ledger, DynamoPayouts(c.ledger), reads(c), DynamoTenants(c.models.Tenant), c.clock,
                          c.config.brand)
