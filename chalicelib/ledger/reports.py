"""FIN-12, "Families with Unapplied Credit Balances", as JSON or CSV (the same figures)."""
from __future__ import annotations

import datetime as dt
import io
from typing import Any

from chalicelib.domain.balances import UnappliedCreditsReport, unapplied_credits_report
from chalicelib.domain.money import format_amount
from chalicelib.errors import InvalidRequest, NotFound
from chalicelib.ledger.csvsafe import safe_writer
from chalicelib.ledger.store import DynamoLedger


def parse_as_of(raw: str | None) -> dt.date:
    if raw is None:
        raise InvalidRequest("as_of is required", [{"field": "as_of", "message": "give a date as YYYY-MM-DD"}])
    try:
        if len(raw) != 10:
            raise ValueError
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise InvalidRequest("as_of is not a date",
                             [{"field": "as_of", "message": f"{raw!r} is not a date (YYYY-MM-DD)"}]) from None


class Reports:
    def __init__(self, ledger: DynamoLedger) -> None:
        self.ledger = ledger

    def unapplied_credits(self, tenant_id: str, as_of: dt.date) -> UnappliedCreditsReport:
        """FIN-12 over every stored transaction dated on or before `as_of`."""
        if not self.ledger.has_tenant(tenant_id):
            raise NotFound(f"tenant {tenant_id} is unknown")
        return unapplied_credits_report(self.ledger.history(tenant_id, None), as_of)


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
