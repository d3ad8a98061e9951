"""What the sync reads for payouts: the run range's payout records and the admin's mapping.

The mapping is read only when the range holds payouts (one DynamoDB read, no QuickBooks read):
the QBO ids were checked, and seeded into the tenant's reference cache, when the admin saved it.
"""
from __future__ import annotations

from typing import Any, Protocol

from chalicelib.domain.errors import PlanningError
from chalicelib.domain.journal import PostingPlan
from chalicelib.domain.payout_record import Payout
from chalicelib.domain.payouts import PayoutAccounts, with_payouts
from chalicelib.domain.settings import PostingSettings
from chalicelib.tenants.model import Tenant


class PayoutSource(Protocol):
    def read_range(self, tenant_id: str, after: int, upto: int) -> list[Payout]: ...

    def settings(self, tenant_id: str) -> dict[str, Any]: ...


def payout_accounts(settings: dict[str, Any], tenant: Tenant) -> PayoutAccounts:
    """The stored mapping as the planner takes it; a mapping made for another company is refused."""
    if settings.get("realm_id") and settings["realm_id"] != tenant.realm_id:
        raise PlanningError("the payout bank accounts were mapped while another QuickBooks company was "
                            "connected; map them again in the payout settings and sync again")
    banks = {pid: str(m["name"]) for pid, m in (settings.get("banks") or {}).items()}
    return PayoutAccounts(banks, settings.get("fees_account"), settings.get("chargebacks_account"))


def plan_with_payouts(plan: PostingPlan, settings: PostingSettings, source: PayoutSource | None,
                      tenant: Tenant) -> PostingPlan:
    """`plan` plus one document per payout in its ledger range (the run and the preview alike)."""
    payouts = source.read_range(tenant.tenant_id, plan.cursor, plan.upto) if source else []
    if not payouts or source is None:
        return plan
    return with_payouts(plan, settings, payout_accounts(source.settings(tenant.tenant_id), tenant), payouts)
