"""The Merchant Settlement clearing report: QBO's balance against the ledger's figures.

Figures come from what the sync has posted (ledger rows and payouts up to the tenant's cursor);
QBO's balance from one TrialBalance read, made only when someone opens the report. The
difference must be 0.00; anything else means a document was edited, deleted or added by hand
in QuickBooks, or the admin routed refunds elsewhere.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from chalicelib.domain.accounts import AccountKey, AccountRole, default_name
from chalicelib.domain.clearing import clearing
from chalicelib.domain.money import format_amount
from chalicelib.domain.payout_record import Payout
from chalicelib.domain.specs import account_specs
from chalicelib.errors import Conflict, NotFound
from chalicelib.ledger.payout_store import DynamoPayouts
from chalicelib.ledger.ports import LedgerReader
from chalicelib.payouts.qbo import PayoutQuickBooks
from chalicelib.sync.qbo.references import account_cache_key
from chalicelib.tenants.repository import TenantRepository

EXTERNAL_NOTE = ("Payments taken by an external processor land in Merchant Settlement too, but the platform "
                 "reports a payout for them only if that processor tells it; until one arrives, these stay in "
                 "Merchant Settlement and only the accountant can clear them (a bank deposit from Merchant "
                 "Settlement in QuickBooks).")


def _payout_view(p: Payout) -> dict[str, Any]:
    return {"id": p.id, "processor": p.processor.value, "date": p.date.isoformat(), "bank_account": p.bank_account,
            "gross": format_amount(p.gross), "net": format_amount(p.net), "payments": len(p.payments)}


class ClearingReport:
    def __init__(self, ledger: LedgerReader, payouts: DynamoPayouts, qbo: PayoutQuickBooks,
                 tenants: TenantRepository, clock: Callable[[], dt.datetime], brand: str = "Classbooks") -> None:
        self.ledger, self.payouts, self.qbo, self.tenants, self.clock, self.brand = (
            ledger, payouts, qbo, tenants, clock, brand)

    def report(self, tenant_id: str) -> dict[str, Any]:
        tenant = self.tenants.get(tenant_id)
        if tenant is None:
            raise NotFound(f"tenant {tenant_id} is unknown")
        if tenant.go_live_date is None:
            raise Conflict("the Go Live Date is not set yet: nothing has been posted to clear", code="not_configured")
        cursor = tenant.cursor_seq
        every = self.payouts.every(tenant_id)
        posted = [p for p in every if p.seq <= cursor]
        figures = clearing(self.ledger.history(tenant_id, cursor), posted, tenant.go_live_date)
        today = tenant.local_date(self.clock())
        view: dict[str, Any] = {
            "as_of": today.isoformat(), "ledger_through_seq": cursor,
            "expected_balance": format_amount(figures.expected_balance),
            "unpaid_payments": [{"processor": proc, "date": day.isoformat(), "amount": format_amount(amount)}
                                for (proc, day), amount in figures.unpaid.items()],
            "unpaid_total": format_amount(figures.unpaid_total),
            "unattributed_payout_gross": {k: format_amount(v) for k, v in figures.unattributed.items()},
            "refunds_and_returns_not_yet_withheld": format_amount(figures.returns_pending),
            "payouts_posted": [_payout_view(p) for p in figures.payouts],
            "payouts_waiting_for_the_next_sync": [_payout_view(p) for p in every if p.seq > cursor],
            "external_never_covered": [{"id": t.id, "date": t.date.isoformat(), "amount": format_amount(t.amount)}
                                       for t in figures.external_uncovered],
            "external_note": EXTERNAL_NOTE, "qbo_balance": None, "difference": None, "ties_out": None}
        if not tenant.connected:
            view["message"] = "QuickBooks is not connected: only the ledger's figures are shown."
            return view
        key = AccountKey(AccountRole.MERCHANT_SETTLEMENT)
        spec = account_specs([key], self.brand, tenant.name or tenant_id)[0]
        latest = max([today] + [p.date for p in posted])
        balance = self.qbo.balance(tenant_id, tenant.qbo_refs.get(account_cache_key(spec)),
                                   default_name(key, self.brand, tenant.name or tenant_id), latest)
        difference = balance - figures.expected_balance
        view.update(qbo_balance=format_amount(balance), difference=format_amount(difference),
                    ties_out=difference == 0)
        return view
