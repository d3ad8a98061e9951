"""The ledger's reports, JSON or CSV (`?format=csv` or `Accept: text/csv`):

- `GET /v1/tenants/{tenant_id}/reports/unapplied-credits?as_of=YYYY-MM-DD`: FIN-12;
- `GET /v1/tenants/{tenant_id}/reports/gift-cards?as_of=YYYY-MM-DD`: gift cards outstanding;
- `GET /v1/tenants/{tenant_id}/reports/sales-tax?from=YYYY-MM-DD&to=YYYY-MM-DD&period=month`:
  tax collected by period (day | month | quarter | year) and tax name.
"""
from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response

from chalicelib.api.responses import handles_errors, principal
from chalicelib.bootstrap import container

reports = Blueprint(__name__)
READERS = ("admin", "staff", "platform", "support")


def _params(tenant_id: str) -> dict[str, str]:
    request = reports.current_request
    principal(request).require(tenant_id, *READERS)
    return dict(request.query_params or {})


def _render(params: dict[str, str], body: dict[str, Any], text: str, filename: str) -> Response:
    if params.get("format") == "csv" or "text/csv" in (reports.current_request.headers.get("accept") or ""):
        return Response(text, status_code=200, headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": f'attachment; filename="{filename}"'})
    return Response(body, status_code=200)


@reports.route("/v1/tenants/{tenant_id}/reports/unapplied-credits", methods=["GET"])
@handles_errors
def unapplied_credits(tenant_id: str) -> Response:
    from chalicelib.ledger.reports import parse_as_of, to_csv, to_json

    params = _params(tenant_id)
    as_of = parse_as_of(params.get("as_of"))
    report = container().reports().unapplied_credits(tenant_id, as_of)
    return _render(params, to_json(tenant_id, report), to_csv(report), f"fin-12-{tenant_id}-{as_of.isoformat()}.csv")


@reports.route("/v1/tenants/{tenant_id}/reports/gift-cards", methods=["GET"])
@handles_errors
def gift_cards(tenant_id: str) -> Response:
    from chalicelib.ledger import renderers
    from chalicelib.ledger.reports import parse_as_of

    params = _params(tenant_id)
    as_of = parse_as_of(params.get("as_of"))
    report = container().reports().gift_cards(tenant_id, as_of)
    return _render(params, renderers.gift_cards_json(tenant_id, report), renderers.gift_cards_csv(report),
                   f"gift-cards-{tenant_id}-{as_of.isoformat()}.csv")


@reports.route("/v1/tenants/{tenant_id}/reports/sales-tax", methods=["GET"])
@handles_errors
def sales_tax(tenant_id: str) -> Response:
    from chalicelib.ledger import renderers
    from chalicelib.ledger.reports import parse_as_of, parse_period

    params = _params(tenant_id)
    start, end = parse_as_of(params.get("from"), "from"), parse_as_of(params.get("to"), "to")
    report = container().reports().sales_tax(tenant_id, start, end, parse_period(params.get("period")))
    return _render(params, renderers.tax_json(tenant_id, report), renderers.tax_csv(report),
                   f"sales-tax-{tenant_id}-{start.isoformat()}-{end.isoformat()}.csv")
