"""Payout routes: the platform's payout records, the admin's mapping, the clearing report.

- `POST /v1/tenants/{id}/payouts` (platform): up to 500 payouts, all-or-nothing, idempotent by id.
- `GET|PUT /v1/tenants/{id}/quickbooks/payouts/settings` (PUT: admin): bank-account mapping.
- `GET /v1/tenants/{id}/reports/merchant-settlement` (admin, staff, support): the clearing report.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalice import Blueprint, Response

from chalicelib.api.responses import handles_errors, json_object, platform_body, principal, studio_read
from chalicelib.bootstrap import container

payouts = Blueprint(__name__)


def _read(tenant_id: str, view: str, answer: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    return studio_read(payouts.current_request, tenant_id, view, answer)


@payouts.route("/v1/tenants/{tenant_id}/payouts", methods=["POST"])
@handles_errors
def post_payouts(tenant_id: str) -> Response:
    from chalicelib.ledger.payouts import parse_payouts

    batch = platform_body(payouts.current_request, tenant_id, parse_payouts)
    return Response(container().payout_ingest().ingest(tenant_id, batch), status_code=200)


@payouts.route("/v1/tenants/{tenant_id}/quickbooks/payouts/settings", methods=["GET"])
@handles_errors
def get_payout_settings(tenant_id: str) -> dict[str, Any]:
    return _read(tenant_id, "payout_settings", lambda: container().payout_mapping().get(tenant_id))


@payouts.route("/v1/tenants/{tenant_id}/quickbooks/payouts/settings", methods=["PUT"])
@handles_errors
def put_payout_settings(tenant_id: str) -> dict[str, Any]:

    who = principal(payouts.current_request).require(tenant_id, "admin")
    return container().payout_mapping().put(tenant_id, who.user_id, json_object(payouts.current_request))


@payouts.route("/v1/tenants/{tenant_id}/reports/merchant-settlement", methods=["GET"])
@payouts.route("/v1/tenants/{tenant_id}/quickbooks/payouts/clearing", methods=["GET"])  # the hosted page's path
@handles_errors
def merchant_settlement(tenant_id: str) -> dict[str, Any]:
    return _read(tenant_id, "merchant_settlement", lambda: container().clearing_report().report(tenant_id))
