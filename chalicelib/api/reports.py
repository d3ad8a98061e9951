"""`GET /v1/tenants/{tenant_id}/reports/unapplied-credits?as_of=YYYY-MM-DD`: FIN-12, JSON or CSV."""
from __future__ import annotations

from chalice import Blueprint, Response

from chalicelib.api.responses import handles_errors, principal
from chalicelib.bootstrap import container
from chalicelib.ledger.reports import Reports, parse_as_of, to_csv, to_json

reports = Blueprint(__name__)


@reports.route("/v1/tenants/{tenant_id}/reports/unapplied-credits", methods=["GET"])
@handles_errors
def unapplied_credits(tenant_id: str) -> Response:
    request = reports.current_request
    principal(request).require(tenant_id, "admin", "staff", "platform", "support")
    params = request.query_params or {}
    as_of = parse_as_of(params.get("as_of"))
    report = Reports(container().ledger).unapplied_credits(tenant_id, as_of)
    if params.get("format") == "csv" or "text/csv" in (request.headers.get("accept") or ""):
        filename = f"fin-12-{tenant_id}-{as_of.isoformat()}.csv"
        return Response(to_csv(report), status_code=200, headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": f'attachment; filename="{filename}"'})
    return Response(to_json(tenant_id, report), status_code=200)
