"""Classbooks: the Chalice app. Thin on purpose: it wires blueprints and event handlers."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalice import Chalice

from chalicelib.api.correction import correction
from chalicelib.api.headers import security_headers
from chalicelib.api.health import health
from chalicelib.api.ledger import ledger
from chalicelib.api.mapping import mapping
from chalicelib.api.page import page
from chalicelib.api.payouts import payouts
from chalicelib.api.quickbooks import quickbooks
from chalicelib.api.reports import reports
from chalicelib.api.support import support
from chalicelib.api.support_override import support_override
from chalicelib.api.sync import sync
from chalicelib.api.tenants import tenants
from chalicelib.observability import get_logger, traced
from chalicelib.sync.queue import configured_queue_arn

app = Chalice(app_name="classbooks")

app.register_blueprint(security_headers)  # nosniff everywhere; CSP and frame denial on HTML
app.register_blueprint(health)
app.register_blueprint(tenants)
app.register_blueprint(ledger)
app.register_blueprint(reports)
app.register_blueprint(quickbooks)
app.register_blueprint(mapping)
app.register_blueprint(support)
app.register_blueprint(support_override)
app.register_blueprint(sync)
app.register_blueprint(correction)
app.register_blueprint(page)
app.register_blueprint(payouts)

from chalicelib.api.webhooks import webhooks  # noqa: E402 - Intuit change notifications (HMAC)

app.register_blueprint(webhooks)


@app.middleware("http")
def observe_request(event: Any, get_response: Callable[[Any], Any]) -> Any:
    """Every log line of a request carries its id and tenant; the request is traced."""
    uri = event.uri_params or {}
    logger = get_logger()
    logger.set_correlation_id((event.context or {}).get("requestId"))
    logger.append_keys(tenant_id=uri.get("tenant_id"), route=(event.context or {}).get("resourcePath"))
    try:
        return _traced_response(event, get_response)
    finally:
        logger.remove_keys(["tenant_id", "route"])


@traced
def _traced_response(event: Any, get_response: Callable[[Any], Any]) -> Any:
    return get_response(event)


@app.on_sqs_message(queue_arn=configured_queue_arn(), batch_size=10, name="sync_worker")
@traced
def sync_worker(event: object) -> dict:
    """Sync runs from the queue; returns partial batch failures (see chalicelib/sync/worker.py),
    on the container's run and dead-letter queue. The worker is imported on the first event:
    the API's functions never load it."""
    from chalicelib.bootstrap import handle_sync_event

    return handle_sync_event(event.to_dict())  # type: ignore[attr-defined]
