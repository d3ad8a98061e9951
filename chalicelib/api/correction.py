"""`GET|POST /v1/tenants/{tenant_id}/quickbooks/tasks/{task_id}/correction`: the correcting entry
for drift a task's read-back found (chalicelib/services/correction.py).

GET (admin, staff, support; support audited) lists the accounts that may take the offset, from
the company's chart (one QuickBooks read), and the correction already posted; POST (admin only)
posts it with the offset account the admin chose: `{"offset_account": "<name>"}`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalice import Blueprint

from chalicelib.api.responses import handles_errors, json_object, principal, studio_read
from chalicelib.bootstrap import container

if TYPE_CHECKING:
    pass

correction = Blueprint(__name__)
PATH = "/v1/tenants/{tenant_id}/quickbooks/tasks/{task_id}/correction"



@correction.route(PATH, methods=["GET"])
@handles_errors
def correction_offer(tenant_id: str, task_id: str) -> dict[str, Any]:
    return studio_read(correction.current_request, tenant_id, "correction",
                       lambda: container().correction_service().offer(tenant_id, task_id))


@correction.route(PATH, methods=["POST"])
@handles_errors
def post_correction(tenant_id: str, task_id: str) -> dict[str, Any]:
    who = principal(correction.current_request).require(tenant_id, "admin")
    body = json_object(correction.current_request)
    return container().correction_service().post(tenant_id, task_id, (who.user_id, who.role), body)
