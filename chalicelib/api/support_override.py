"""`POST /v1/support/tenants/{id}/eligibility-override`: the one write support may do.

Lets a studio younger than 90 days, or still onboarding, connect QuickBooks; the reason is
required and the override is audited with the rules it set aside.
"""
from __future__ import annotations

import json
from typing import Any

from chalice import Blueprint

from chalicelib.api.responses import handles_errors, principal
from chalicelib.bootstrap import container
from chalicelib.errors import InvalidRequest

support_override = Blueprint(__name__)


@support_override.route("/v1/support/tenants/{tenant_id}/eligibility-override", methods=["POST"])
@handles_errors
def override_eligibility(tenant_id: str) -> dict[str, Any]:

    request = support_override.current_request
    who = principal(request).require(tenant_id, "support")
    try:
        body = json.loads(request.raw_body or b"{}")
    except ValueError:
        raise InvalidRequest("the body must be JSON") from None
    reason = body.get("reason") if isinstance(body, dict) else None
    if not isinstance(reason, str):
        raise InvalidRequest("reason is required (why support allows this studio to connect early)")
    verdict = container().connect_service().override_eligibility(tenant_id, (who.user_id, who.role), reason)
    return {"tenant_id": tenant_id, "eligible": verdict.eligible, "overridden": verdict.overridden,
            "reasons": list(verdict.reasons)}
