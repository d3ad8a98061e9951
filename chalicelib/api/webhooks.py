"""`POST /webhooks/intuit`: Intuit's change notifications. No JWT: the HMAC signature is the auth.

A missing or wrong `intuit-signature` is a 401 and nothing is read or stored. A signed body is
parsed and recorded at once (a few DynamoDB calls, well inside Intuit's 3 s) and answered 200
with counts, so Intuit does not retry it.
"""
from __future__ import annotations

from chalice import Blueprint, Response

from chalicelib.api.responses import UNPARSEABLE, body_bytes, error_response
from chalicelib.bootstrap import container
from chalicelib.errors import InvalidRequest, Unauthenticated
from chalicelib.webhooks.verify import is_signed

webhooks = Blueprint(__name__)

CONTENT_TYPES = ["application/json", "application/cloudevents-batch+json",
                 "application/cloudevents+json", "text/plain"]


@webhooks.route("/webhooks/intuit", methods=["POST"], authorizer=None, content_types=CONTENT_TYPES)
def intuit_webhook() -> Response:
    request = webhooks.current_request
    body = body_bytes(request)
    built = container()
    if not is_signed(body, request.headers.get("intuit-signature"),
                     built.config.intuit_webhook_verifier):
        return error_response(Unauthenticated("missing or invalid intuit-signature"))
    from chalicelib.webhooks.events import parse

    try:
        changes = parse(body)
        outcome = built.webhook_service().handle(changes)
    except (ValueError, *UNPARSEABLE) as error:
        return error_response(InvalidRequest(str(error)[:200] or "not an Intuit webhook notification"))
    return Response(outcome.as_dict(), status_code=200)
