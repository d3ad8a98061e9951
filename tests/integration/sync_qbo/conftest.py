"""The session's QBO sandbox (`qbo_sandbox`, tests/conftest.py), reset per test; posters at it.

Tokens come from the sandbox's own OAuth flow through intuit-oauth; backoff sleeps are recorded
instead of slept, and each test gets its own throttles, so nothing waits and nothing leaks.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import pytest
from intuitlib.client import AuthClient
from intuitlib.exceptions import AuthClientError

from chalicelib.domain.plans import QboPlan
from chalicelib.quickbooks.errors import NeedsReauthorization
from chalicelib.sync.qbo import Credentials, QboGateway, QboPoster, RealmThrottle, RetryPolicy
from devstack.qbo_sandbox.seed import Seeded, seed
from tests.sandbox.helpers import Control, connect


class SandboxTokens:
    """An AccessTokenProvider over intuit-oauth's AuthClient (the connect side's store stands in)."""

    def __init__(self, auth: AuthClient, realm_id: str) -> None:
        self.auth, self.realm_id, self.refreshes = auth, realm_id, 0

    def __call__(self, *, force_refresh: bool = False) -> Credentials:
        if force_refresh:
            self.refreshes += 1
            try:
                self.auth.refresh()
            except AuthClientError as error:
                if b"invalid_grant" in (error.content or b""):
                    raise NeedsReauthorization("the QuickBooks grant is gone") from None
                raise
        return Credentials(self.auth.access_token, self.realm_id)


@dataclass
class Harness:
    """What a test drives: posters for the seeded companies, the sandbox's control API."""

    seeded: Seeded
    control: Control
    sleeps: list[float] = field(default_factory=list)
    throttles: dict[str, RealmThrottle] = field(default_factory=dict)
    tokens: dict[str, SandboxTokens] = field(default_factory=dict)

    def poster(self, realm: str, *, tier: QboPlan | None = None, attempts: int = 6,
               read_timeout: float = 5.0, batch_size: int = 30) -> QboPoster:
        if realm not in self.tokens:
            self.tokens[realm] = SandboxTokens(connect(self.seeded, realm), realm)
        client = QboGateway(self.tokens[realm], api_base=self.seeded.base_url + "/v3/company/",
                            timeout=(2.0, read_timeout), retry=RetryPolicy(attempts=attempts),
                            throttle=lambda r: self.throttles.setdefault(r, RealmThrottle()),
                            sleep=self.sleeps.append)
        return QboPoster(client, plan_tier=tier, batch_size=batch_size)

    def journal_entries(self, realm: str) -> list[dict]:
        return self.control.documents(realm, "JournalEntry")

    def reads(self, realm: str) -> int:
        return self.control.counters(realm)["metered_reads"]

    def settle(self, realm: str, timeout: float = 5.0) -> None:
        """Wait until no request is in flight (a hung call finishing after the client gave up)."""
        deadline = time.monotonic() + timeout
        while self.control.counters(realm)["in_flight"] > 0 and time.monotonic() < deadline:
            time.sleep(0.05)


@pytest.fixture()
def qbo(qbo_sandbox: str) -> Harness:
    """The session's sandbox (reset by `qbo_sandbox`), seeded, with posters aimed at it."""
    return Harness(seed(qbo_sandbox), Control(qbo_sandbox))


@pytest.fixture()
def plus(qbo: Harness) -> str:
    return qbo.seeded.plus_realm


@pytest.fixture()
def essentials(qbo: Harness) -> str:
    return qbo.seeded.essentials_realm
