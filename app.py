"""Classbooks: the Chalice app. Thin on purpose: it wires blueprints and event handlers."""
from __future__ import annotations

from chalice import Chalice

from chalicelib.api.health import health
from chalicelib.api.ledger import ledger
from chalicelib.api.page import page
from chalicelib.api.quickbooks import quickbooks
from chalicelib.api.reports import reports
from chalicelib.api.support import support
from chalicelib.api.support_override import support_override
from chalicelib.api.sync import sync
from chalicelib.api.tenants import tenants
from chalicelib.sync.queue import configured_queue_arn

app = Chalice(app_name="classbooks")  # (no module-level Powertools Logger/Metrics: unused, and import cost)

app.register_blueprint(health)
app.register_blueprint(tenants)
app.register_blueprint(ledger)
app.register_blueprint(reports)
app.register_blueprint(quickbooks)
app.register_blueprint(support)
app.register_blueprint(support_override)
app.register_blueprint(sync)
app.register_blueprint(page)

from chalicelib.api.webhooks import webhooks  # noqa: E402 - Intuit change notifications (HMAC)

app.register_blueprint(webhooks)


@app.on_sqs_message(queue_arn=configured_queue_arn(), batch_size=10, name="sync_worker")
def sync_worker(event: object) -> dict:
    """Sync runs from the queue; returns partial batch failures (see chalicelib/sync/worker.py).
    The worker is imported on the first event: the API's functions never load it."""
    from chalicelib.sync.worker import handle_event

    return handle_event(event.to_dict())  # type: ignore[attr-defined]
