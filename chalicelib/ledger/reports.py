"""The ledger's reports: FIN-12 "Families with Unapplied Credit Balances", gift cards
outstanding, and sales tax collected (each as JSON or CSV, the same figures; rendering of the
last two is in `chalicelib/ledger/renderers.py`)."""
from __future__ import annotations

import datetime as dt
import io
from typing import Any

from chalicelib.domain.balances import UnappliedCreditsReport, unapplied_credits_report
from chalicelib.domain.gift_cards import GiftCardsReport, gift_cards_report
from chalicelib.domain.money import format_amount
from chalicelib.domain.tax import Period, TaxReport, tax_report
from chalicelib.errors import InvalidRequest, NotFound
from chalicelib.ledger.csvsafe import safe_writer
from chalicelib.ledger.store import DynamoLedger


def parse_as_of(raw: str | None, field: str = "as_of") -> dt.date:
    if raw is None:
        raise InvalidRequest(f"{field} is required", [{"field": field, "message": "give a date as YYYY-MM-DD"}])
    try:
        if len(raw) != 10:
            raise ValueError
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise InvalidRequest(f"{field} is not a date",
                             [{"field": field, "message": f"{raw!r} is not a date (YYYY-MM-DD)"}]) from None


def parse_period(raw: str | None) -> Period:
    try:
        return Period(raw or "month")
    except ValueError:
        allowed = " | ".join(p.value for p in Period)
        raise InvalidRequest("period is not one of " + allowed,
                             [{"field": "period", "message": f"{raw!r} is not one of {allowed}"}]) from None


class Reports:
    def __init__(self, ledger: DynamoLedger) -> None:
        self.ledger = ledger

    def unapplied_credits(self, tenant_id: str, as_of: dt.date) -> UnappliedCreditsReport:
        """FIN-12 over every stored transaction dated on or before `as_of`."""
        if not self.ledger.has_tenant(tenant_id):
            raise NotFound(f"tenant {tenant_id} is unknown")
        return unapplied_credits_report(self.ledger.history(tenant_id, None), as_of)

    def gift_cards(self, tenant_id: str, as_of: dt.date) -> GiftCardsReport:
        """Gift cards sold and not yet redeemed as of `as_of` (what the liability account holds)."""
        self._require(tenant_id)
        return gift_cards_report(self.ledger.history(tenant_id, None), as_of)

    def sales_tax(self, tenant_id: str, start: dt.date, end: dt.date, period: Period) -> TaxReport:
        """Tax collected per period and tax name over start..end."""
        self._require(tenant_id)
        if end < start:
            raise InvalidRequest("to is before from", [{"field": "to", "message": f"{end} is before {start}"}])
        if (end - start).days > 3660:
            raise InvalidRequest("the range is too long", [{"field": "to", "message": "ask for ten years at most"}])
        return tax_report(self.ledger.history(tenant_id, None), start, end, period)

    def _require(self, tenant_id: str) -> None:
        if not self.ledger.has_tenant(tenant_id):
            raise NotFound(f"tenant {tenant_id} is unknown")


def to_json(tenant_id: str, report: UnappliedCreditsReport) -> dict[str, Any]:
    return {
        "report": "FIN-12",
        "title": "Families with Unapplied Credit Balances",
        "tenant_id": tenant_id,
        "as_of": report.as_of.isoformat(),
        "families": [{"family_id": f.family_id, "balance": format_amount(f.balance),
                      "credit": format_amount(f.credit)} for f in report.families],
        "count": len(report.families),
        "total": format_amount(report.total),
    }


def to_csv(report: UnappliedCreditsReport) -> str:
    out = io.StringIO()
    writer = safe_writer(out, lineterminator="\r\n")  # no cell runs as a formula
    writer.writerow(["family_id", "balance", "credit"])
    for f in report.families:
        writer.writerow([f.family_id, format_amount(f.balance), format_amount(f.credit)])
    writer.writerow(["TOTAL", format_amount(-report.total), format_amount(report.total)])
    return out.getvalue()
