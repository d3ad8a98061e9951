"""Gift cards outstanding and sales tax collected as JSON and CSV (the same figures in both)."""
from __future__ import annotations

import csv
import io
from typing import Any

from chalicelib.domain.gift_cards import GiftCardsReport
from chalicelib.domain.money import format_amount
from chalicelib.domain.tax import TaxReport


def gift_cards_json(tenant_id: str, report: GiftCardsReport) -> dict[str, Any]:
    return {
        "report": "gift-cards-outstanding",
        "title": "Gift Cards Outstanding",
        "tenant_id": tenant_id,
        "as_of": report.as_of.isoformat(),
        "families": [{"family_id": f.family_id, "sold": format_amount(f.sold),
                      "redeemed": format_amount(f.redeemed), "net": format_amount(f.net)}
                     for f in report.families],
        "count": len(report.families),
        "sold": format_amount(report.sold),
        "redeemed": format_amount(report.redeemed),
        "outstanding": format_amount(report.outstanding),
    }


def gift_cards_csv(report: GiftCardsReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["family_id", "sold", "redeemed", "net"])
    for f in report.families:
        writer.writerow([f.family_id, format_amount(f.sold), format_amount(f.redeemed), format_amount(f.net)])
    writer.writerow(["TOTAL", format_amount(report.sold), format_amount(report.redeemed),
                     format_amount(report.outstanding)])
    return out.getvalue()


def tax_json(tenant_id: str, report: TaxReport) -> dict[str, Any]:
    return {
        "report": "sales-tax-collected",
        "title": "Sales Tax Collected",
        "tenant_id": tenant_id,
        "from": report.start.isoformat(), "to": report.end.isoformat(), "period": report.period.value,
        "rows": [{"period": r.period, "tax_name": r.name, "taxable_sales": format_amount(r.taxable_sales),
                  "tax": format_amount(r.tax)} for r in report.rows],
        "total": format_amount(report.total),
    }


def tax_csv(report: TaxReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["period", "tax_name", "taxable_sales", "tax"])
    for r in report.rows:
        writer.writerow([r.period, r.name, format_amount(r.taxable_sales), format_amount(r.tax)])
    writer.writerow(["TOTAL", "", "", format_amount(report.total)])
    return out.getvalue()
