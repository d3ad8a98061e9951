"""`POST /v1/tenants/{tenant_id}/transactions`: the platform sends up to 500 transactions."""
from __future__ import annotations

from chalice import Blueprint, Response

from chalicelib.api.responses import handles_errors, platform_body
from chalicelib.bootstrap import container

ledger = Blueprint(__name__)


@ledger.route("/v1/tenants/{tenant_id}/transactions", methods=["POST"])
@handles_errors
def post_transactions(tenant_id: str) -> Response:
    from chalicelib.ledger.schemas import parse_batch

    batch = platform_body(ledger.current_request, tenant_id, parse_batch)
    outcome = container().ledger_ingest().ingest(tenant_id, batch)
    return Response(outcome.body(), status_code=200)
