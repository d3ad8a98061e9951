"""`PUT /v1/tenants/{tenant_id}`: the platform stores a studio's profile."""
from __future__ import annotations

from chalice import Blueprint, Response

from chalicelib.api.responses import handles_errors, platform_body
from chalicelib.bootstrap import container

tenants = Blueprint(__name__)


@tenants.route("/v1/tenants/{tenant_id}", methods=["PUT"])
@handles_errors
def put_tenant(tenant_id: str) -> Response:
    from chalicelib.ledger.schemas import parse_profile
    from chalicelib.services.schedule_zone import follow_time_zone

    c = container()
    profile = platform_body(tenants.current_request, tenant_id, lambda body: parse_profile(body, c.now()))
    created, stored = c.tenant_profiles().put(tenant_id, profile)
    follow_time_zone(c.schedules(), tenant_id, profile.timezone)
    return Response(stored, status_code=201 if created else 200)
