"""All sandbox state, in memory, behind one lock.

One ``threading.RLock`` guards every mutation; handlers take it for the short time they touch
state. Hangs injected by the fault API sleep *outside* the lock, so the number of requests in
flight per realm stays measurable (the 10-concurrent limit counts them).
"""
from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .clock import Clock
from .webhooks.state import WebhookState

Doc = dict[str, Any]


@dataclass
class AppClient:
    client_id: str
    client_secret: str
    redirect_uris: list[str]
    name: str = "Sandbox app"
    # "every_refresh": each refresh returns a new refresh token and retires the old one.
    # "every_24h": the same refresh token is returned until it is 24 hours old (Intuit's cadence).
    refresh_rotation: str = "every_refresh"


@dataclass
class User:
    email: str
    password: str
    realm_ids: list[str]
    given_name: str = "Sandbox"
    family_name: str = "User"
    sub: str = ""


@dataclass
class Grant:
    """One user's consent for one app on one company; revoking it kills every token."""
    grant_id: str
    client_id: str
    email: str
    realm_id: str
    scopes: list[str]
    created_at: float
    hard_expires_at: float
    revoked: bool = False


@dataclass
class LoginTicket:
    """A user who signed in and has yet to pick a company: the authorize request, until it expires."""
    params: dict[str, str]
    email: str
    expires_at: float


@dataclass
class AuthCode:
    code: str
    client_id: str
    redirect_uri: str
    email: str
    realm_id: str
    scopes: list[str]
    expires_at: float
    used: bool = False
    grant_id: str | None = None


@dataclass
class RefreshToken:
    token: str
    grant_id: str
    issued_at: float
    expires_at: float
    superseded: bool = False


@dataclass
class AccessToken:
    token: str
    grant_id: str
    expires_at: float


@dataclass
class Limits:
    """Intuit's documented per-realm limits; tests may lower them per company."""
    requests_per_minute: int = 500
    requests_per_second: int = 10
    concurrent: int = 10
    batch_items: int = 30
    batch_per_minute: int = 40
    throttle_format: str = "json"  # "xml" reproduces the XML body Intuit has been seen to send


@dataclass
class Counters:
    """Per-realm call counts; metered reads are what Intuit's App Partner Program bills."""
    requests: int = 0
    reads: int = 0
    writes: int = 0
    throttled: int = 0
    max_in_flight: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, metered: str, n: int = 1) -> None:
        if metered == "read":
            self.reads += n
        elif metered == "write":
            self.writes += n
        self.by_kind[kind] = self.by_kind.get(kind, 0) + n

    def as_dict(self, in_flight: int) -> dict[str, Any]:
        return {"requests": self.requests, "metered_reads": self.reads, "writes": self.writes,
                "throttled": self.throttled, "in_flight": in_flight,
                "max_in_flight": self.max_in_flight, "by_kind": dict(self.by_kind)}


@dataclass
class Change:
    """One entry of the change log CDC reads from."""
    at: float
    entity: str
    obj_id: str
    deleted: bool
    operation: str = ""  # Create | Update | Delete | Void: what a webhook reports


@dataclass
class Company:
    realm_id: str
    name: str
    plan: str
    fiscal_year_start_month: int
    book_close_date: date | None
    class_tracking: str  # "none" | "per_txn" | "per_line"
    track_departments: bool
    created_at: float
    docs: dict[str, dict[str, Doc]] = field(default_factory=dict)
    next_id: int = 1
    changes: list[Change] = field(default_factory=list)
    limits: Limits = field(default_factory=Limits)
    counters: Counters = field(default_factory=Counters)
    idempotency: dict[str, tuple[int, Any]] = field(default_factory=dict)
    window_minute: deque = field(default_factory=deque)
    window_second: deque = field(default_factory=deque)
    window_batch: deque = field(default_factory=deque)
    in_flight: int = 0
    warn_duplicate_journal_number: bool = True  # QBO: Settings > Advanced > Other preferences
    # Intuit documents 6210 for a closed period; QBO has been recorded answering 5010.
    closed_period_code: str = "5010"

    def new_id(self) -> str:
        value = str(self.next_id)
        self.next_id += 1
        return value

    def table(self, entity: str) -> dict[str, Doc]:
        return self.docs.setdefault(entity, {})


class SandboxState:
    """The whole sandbox: apps, users, companies, OAuth artefacts, faults; plus the clock."""

    def __init__(self, clock: Clock | None = None) -> None:
        self.lock = threading.RLock()
        self.clock = clock or Clock()
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.apps: dict[str, AppClient] = {}
            self.users: dict[str, User] = {}
            self.companies: dict[str, Company] = {}
            self.codes: dict[str, AuthCode] = {}
            self.grants: dict[str, Grant] = {}
            self.refresh_tokens: dict[str, RefreshToken] = {}
            self.access_tokens: dict[str, AccessToken] = {}
            self.login_tickets: dict[str, LoginTicket] = {}
            self.fault_rules: list[dict[str, Any]] = []
            self.next_realm = 9130350000000001
            self.next_fault = 1
            self.webhooks = WebhookState()

    def now(self) -> float:
        return self.clock.timestamp()

    def new_realm_id(self) -> str:
        with self.lock:
            value = str(self.next_realm)
            self.next_realm += 7
            return value
