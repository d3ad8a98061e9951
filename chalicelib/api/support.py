"""Support's read-only API (role `support` only; every read audited by the service).

`GET /v1/support/tenants?status=&plan=&timezone=&limit=&next=`, `GET /v1/support/tenants/{id}`,
`GET /v1/support/tenants/{id}/audit?limit=&next=`. Admin, staff and platform tokens get 403.
The one support write, the eligibility override, lives in `support_override.py`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalice import Blueprint

from chalicelib.api.responses import handles_errors, principal
from chalicelib.bootstrap import container
from chalicelib.support.filters import parse_filters
from chalicelib.support.paging import page_size

if TYPE_CHECKING:
    from chalicelib.support.audit import Reader
    from chalicelib.support.service import SupportService

support = Blueprint(__name__)
BASE = "/v1/support/tenants"


def _reader(tenant_id: str = "") -> Reader:
    from chalicelib.support.audit import Reader

    who = principal(support.current_request).require(tenant_id, "support")
    return Reader(who.user_id, who.role)


def _service() -> SupportService:
    return container().support_service()


def _params() -> dict[str, str]:
    return dict(support.current_request.query_params or {})


@support.route(BASE, methods=["GET"])
@handles_errors
def list_tenants() -> dict[str, Any]:
    reader, params = _reader(), _params()
    filters = parse_filters(params)
    return _service().tenants(reader, filters, page_size(params.get("limit"), 25, 100), params.get("next"))


@support.route(BASE + "/{tenant_id}", methods=["GET"])
@handles_errors
def show_tenant(tenant_id: str) -> dict[str, Any]:
    return _service().tenant(_reader(tenant_id), tenant_id)


@support.route(BASE + "/{tenant_id}/audit", methods=["GET"])
@handles_errors
def tenant_audit(tenant_id: str) -> dict[str, Any]:
    reader, params = _reader(tenant_id), _params()
    return _service().audit(reader, tenant_id, page_size(params.get("limit"), 50, 200), params.get("next"))
