"""`GET|PUT /v1/tenants/{tenant_id}/quickbooks/mapping`: the account mapping (admin writes;
admin, staff and support read). See `chalicelib/services/mapping.py` for what is refused."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalice import Blueprint

from chalicelib.api.responses import handles_errors, json_body, principal, studio_read
from chalicelib.bootstrap import container

if TYPE_CHECKING:
    pass

mapping = Blueprint(__name__)
PATH = "/v1/tenants/{tenant_id}/quickbooks/mapping"



@mapping.route(PATH, methods=["GET"])
@handles_errors
def get_mapping(tenant_id: str) -> dict[str, Any]:
    return studio_read(mapping.current_request, tenant_id, "mapping", lambda: container().mapping_service().get(tenant_id))


@mapping.route(PATH, methods=["PUT"])
@handles_errors
def put_mapping(tenant_id: str) -> dict[str, Any]:
    who = principal(mapping.current_request).require(tenant_id, "admin")
    # any JSON: the mapping's own parser names a body that is not an object as a field error
    return container().mapping_service().put(tenant_id, (who.user_id, who.role), json_body(mapping.current_request))
