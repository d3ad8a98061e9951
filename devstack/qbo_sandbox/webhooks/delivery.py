"""Deliver pending notifications now: build one signed POST per app, send what is due, retry.

Delivery is explicit (`POST /_sandbox/webhooks/flush`) so tests decide when it happens. Events
queued since the last flush become one delivery per app, batched per realm. A 2xx answer within
the subscription's timeout (Intuit: 3 s) is delivered; anything else is an attempt that failed,
and the delivery is due again on Intuit's retry schedule, measured on the sandbox clock.
HTTP happens outside the state lock, so the receiver may call the sandbox back.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import requests

from ..store import SandboxState
from .payloads import body_for, sign
from .state import Attempt, Delivery

# Retry after 10 s, 20 s, 30 s, 5 min, 20 min, 2 h, 4 h, 6 h, then every 6 h (QBO_FACTS.md).
RETRY_AFTER = (10, 20, 30, 300, 1200, 7200, 14400, 21600)
Post = Callable[..., Any]


def _build(state: SandboxState, now: float) -> None:
    hub = state.webhooks
    for client_id, events in list(hub.pending.items()):
        sub = hub.subscriptions.get(client_id)
        if sub is not None and events:
            body = body_for(sub.format, events, client_id)
            hub.deliveries.append(Delivery(
                f"wh-{hub.next_id}", client_id, sub.url, body, sign(body, sub.verifier_token),
                len(events), now, now))
            hub.next_id += 1
    hub.pending.clear()


def _send(delivery: Delivery, timeout: float, post: Post) -> tuple[int | None, str]:
    try:
        answer = post(delivery.url, data=delivery.body, timeout=timeout, headers={
            "intuit-signature": delivery.signature, "Content-Type": "application/json"})
        return answer.status_code, ""
    except requests.RequestException as exc:
        return None, type(exc).__name__


def flush(state: SandboxState, post: Post = requests.post) -> dict[str, Any]:
    """Build deliveries from pending events, attempt every due one; report what happened."""
    with state.lock:
        now = state.now()
        _build(state, now)
        due = [d for d in state.webhooks.deliveries
               if d.status == "pending" and d.next_attempt_at <= now]
        for d in due:
            d.status = "sending"  # a concurrent flush leaves it alone
        timeouts = {d.delivery_id: getattr(state.webhooks.subscriptions.get(d.client_id),
                                           "timeout_seconds", 3.0) for d in due}
    results = [(d, *_send(d, timeouts[d.delivery_id], post)) for d in due]
    with state.lock:
        now = state.now()
        for delivery, status, error in results:
            delivery.attempts.append(Attempt(now, status, error))
            if status is not None and 200 <= status < 300:
                delivery.status = "delivered"
            else:
                delivery.status = "pending"
                wait = RETRY_AFTER[min(len(delivery.attempts), len(RETRY_AFTER)) - 1]
                delivery.next_attempt_at = now + wait
        return {"attempted": len(results),
                "delivered": sum(1 for d, *_ in results if d.status == "delivered"),
                "failed": sum(1 for d, *_ in results if d.status != "delivered"),
                "deliveries": [d.describe() for d, *_ in results]}
