"""What the webhook side of the sandbox remembers: subscriptions, pending events, deliveries.

Plain data (no imports from the rest of the sandbox) so `store.SandboxState` can hold one and
reset it with everything else. Every mutation happens under the sandbox's state lock.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FORMATS = ("classic", "cloudevents")


@dataclass
class Subscription:
    """One app's webhook settings, as entered on Intuit's developer portal."""
    client_id: str
    url: str
    verifier_token: str
    format: str = "classic"
    entities: list[str] | None = None  # None: every entity the sandbox has
    timeout_seconds: float = 3.0  # Intuit wants a 200 within 3 s

    def describe(self) -> dict[str, Any]:
        return {"client_id": self.client_id, "url": self.url, "format": self.format,
                "verifier_token": self.verifier_token, "entities": self.entities,
                "timeout_seconds": self.timeout_seconds}


@dataclass(frozen=True)
class Event:
    """One entity change, as a notification names it."""
    realm_id: str
    entity: str
    obj_id: str
    operation: str
    at: float


@dataclass
class Attempt:
    at: float
    status: int | None  # None: no HTTP answer (refused, timed out)
    error: str = ""


@dataclass
class Delivery:
    """One signed POST: its body is fixed when built; retries resend it byte for byte."""
    delivery_id: str
    client_id: str
    url: str
    body: bytes
    signature: str
    events: int
    created_at: float
    next_attempt_at: float
    status: str = "pending"  # pending | delivered
    attempts: list[Attempt] = field(default_factory=list)

    def describe(self) -> dict[str, Any]:
        return {"id": self.delivery_id, "client_id": self.client_id, "url": self.url,
                "status": self.status, "events": self.events, "created_at": self.created_at,
                "next_attempt_at": self.next_attempt_at if self.status == "pending" else None,
                "attempts": [{"at": a.at, "status": a.status, "error": a.error}
                             for a in self.attempts],
                "headers": {"intuit-signature": self.signature,
                            "Content-Type": "application/json"},
                "body": self.body.decode()}


@dataclass
class WebhookState:
    subscriptions: dict[str, Subscription] = field(default_factory=dict)
    pending: dict[str, list[Event]] = field(default_factory=dict)  # client_id -> events
    deliveries: list[Delivery] = field(default_factory=list)
    cursors: dict[str, int] = field(default_factory=dict)  # realm -> change-log index seen
    next_id: int = 1
