"""`PUT /v1/tenants/{tenant_id}`: the platform stores a studio's profile."""
from __future__ import annotations

from chalice import Blueprint, Response

from chalicelib.api.responses import handles_errors, platform_body
from chalicelib.bootstrap import container

tenants = Blueprint(__name__)


@tenants.route("/v1/tenants/{tenant_id}", methods=["PUT"])
@handles_errors
def put_tenant(tenant_id: str) -> Response:
    from chalicelib.ledger.profiles import TenantProfiles
    from chalicelib.ledger.schemas import parse_profile
    from chalicelib.quickbooks.wiring import schedules
    from chalicelib.services.schedule_zone import follow_time_zone
    from chalicelib.store.tenants import DynamoTenants

    profile = platform_body(tenants.current_request, tenant_id, parse_profile)
    profiles = TenantProfiles(DynamoTenants(container().models.Tenant), clock=container().clock)
    created, stored = profiles.put(tenant_id, profile)
    follow_time_zone(schedules(container()), tenant_id, profile.timezone)
    return Response(stored, status_code=201 if created else 200)
