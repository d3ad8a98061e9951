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
    from chalicelib.services.correction import CorrectionService

correction = Blueprint(__name__)
PATH = "/v1/tenants/{tenant_id}/quickbooks/tasks/{task_id}/correction"


def service(c: Any) -> CorrectionService:
    from chalicelib.page.links import journal_link_template
    from chalicelib.quickbooks.wiring import audit
    from chalicelib.services.correction import CorrectionService
    from chalicelib.store.tenants import DynamoTenants
    from chalicelib.sync.standing_store import DynamoStandingDocuments

    template = journal_link_template(c.config)
    return CorrectionService(DynamoTenants(c.models.Tenant), c.sync_tasks, DynamoStandingDocuments(c.models),
                             c.qbo_posters, audit(c), c.clock,
                             lambda realm, qbo_id: template.format(realm=realm, id=qbo_id), c.config.brand)


@correction.route(PATH, methods=["GET"])
@handles_errors
def correction_offer(tenant_id: str, task_id: str) -> dict[str, Any]:
    return studio_read(correction.current_request, tenant_id, "correction",
                       lambda: service(container()).offer(tenant_id, task_id))


@correction.route(PATH, methods=["POST"])
@handles_errors
def post_correction(tenant_id: str, task_id: str) -> dict[str, Any]:
    who = principal(correction.current_request).require(tenant_id, "admin")
    body = json_object(correction.current_request)
    return service(container()).post(tenant_id, task_id, (who.user_id, who.role), body)
