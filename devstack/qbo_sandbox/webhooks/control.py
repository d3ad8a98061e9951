"""Control API for webhooks (`/_sandbox`): an app's endpoint + verifier token, deliveries, flush.

`PUT /_sandbox/apps/<client_id>/webhooks` is what an Intuit developer does on the portal's
Webhooks page (endpoint URL, entities, and the verifier token shown there).
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, request

from ..faults import json_response
from ..store import SandboxState
from . import delivery
from .state import FORMATS, Subscription

bp = Blueprint("webhooks_control", __name__, url_prefix="/_sandbox")


def _state() -> SandboxState:
    return current_app.config["SANDBOX_STATE"]


def _bad(message: str, status: int = 400) -> Response:
    return json_response({"error": "invalid" if status == 400 else "not_found",
                          "message": message}, status)


def _subscription(client_id: str, body: dict[str, Any]) -> Subscription:
    url, token = body.get("url"), body.get("verifier_token")
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise ValueError("url must be an http(s) URL")
    if not isinstance(token, str) or not token:
        raise ValueError("verifier_token is required")
    fmt = body.get("format", "classic")
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}")
    entities = body.get("entities")
    if entities is not None and not (isinstance(entities, list)
                                     and all(isinstance(e, str) for e in entities)):
        raise ValueError("entities must be a list of entity names")
    return Subscription(client_id, url, token, fmt, entities,
                        float(body.get("timeout_seconds", 3.0)))


@bp.route("/apps/<client_id>/webhooks", methods=["GET", "PUT", "DELETE"])
def app_webhooks(client_id: str) -> Response:
    st = _state()
    if client_id not in st.apps:
        return _bad("no such app", 404)
    with st.lock:
        if request.method == "PUT":
            try:
                st.webhooks.subscriptions[client_id] = _subscription(
                    client_id, request.get_json(silent=True) or {})
            except (ValueError, TypeError) as exc:
                return _bad(str(exc))
        elif request.method == "DELETE":
            st.webhooks.subscriptions.pop(client_id, None)
            st.webhooks.pending.pop(client_id, None)
        sub = st.webhooks.subscriptions.get(client_id)
        return json_response({"webhooks": sub.describe() if sub else None})


@bp.get("/webhooks/deliveries")
def deliveries() -> Response:
    """Every delivery with its attempts (retry bookkeeping), plus events not yet delivered."""
    st, client_id = _state(), request.args.get("client_id")
    wanted = request.args.get("status")
    with st.lock:
        rows = [d.describe() for d in st.webhooks.deliveries
                if (not client_id or d.client_id == client_id)
                and (not wanted or d.status == wanted)]
        pending = sum(len(v) for k, v in st.webhooks.pending.items()
                      if not client_id or k == client_id)
    return json_response({"deliveries": rows, "pending_events": pending})


@bp.post("/webhooks/flush")
def flush() -> Response:
    return json_response(delivery.flush(_state()))
