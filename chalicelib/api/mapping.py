"""`GET|PUT /v1/tenants/{tenant_id}/quickbooks/mapping`: the account mapping (admin writes;
admin, staff and support read). See `chalicelib/services/mapping.py` for what is refused."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalice import Blueprint

from chalicelib.api.responses import handles_errors, json_body, principal, studio_read
from chalicelib.bootstrap import container

if TYPE_CHECKING:
    from chalicelib.services.mapping import MappingService

mapping = Blueprint(__name__)
PATH = "/v1/tenants/{tenant_id}/quickbooks/mapping"


def service(c: Any) -> MappingService:
    from chalicelib.quickbooks.gateway import QboGateway
    from chalicelib.quickbooks.wiring import access_tokens, audit
    from chalicelib.services.mapping import MappingService
    from chalicelib.store.tenants import DynamoTenants
    from chalicelib.sync.qbo.directory import Directory

    tokens = access_tokens(c)

    def chart(tenant_id: str) -> list[Any]:
        def provider(*, force_refresh: bool = False) -> Any:
            return (tokens.refresh if force_refresh else tokens.fresh)(tenant_id)
        client = QboGateway(provider, api_base=c.config.qbo_api_base, minor_version=c.config.qbo_minor_version,
                            gives_up="nothing was saved, try again")
        return Directory(client).accounts()
    return MappingService(DynamoTenants(c.models.Tenant), chart, audit(c), c.clock, c.config.brand)


@mapping.route(PATH, methods=["GET"])
@handles_errors
def get_mapping(tenant_id: str) -> dict[str, Any]:
    return studio_read(mapping.current_request, tenant_id, "mapping", lambda: service(container()).get(tenant_id))


@mapping.route(PATH, methods=["PUT"])
@handles_errors
def put_mapping(tenant_id: str) -> dict[str, Any]:
    who = principal(mapping.current_request).require(tenant_id, "admin")
    # any JSON: the mapping's own parser names a body that is not an object as a field error
    return service(container()).put(tenant_id, (who.user_id, who.role), json_body(mapping.current_request))
