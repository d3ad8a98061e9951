"""End to end: HTTP API (chalice.test.Client) → SQS (moto) → worker → real QBO adapter → sandbox.

The sandbox runs in a thread once per session and is reset per test. Tokens come from the
sandbox's own OAuth flow (intuit-oauth); backoff sleeps are recorded, not slept.
"""
from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from chalicelib.bootstrap import Container
from chalicelib.config import DEV_JWT_SECRET, Config
from chalicelib.quickbooks.throttle import throttle_for
from chalicelib.sync.qbo import QboGateway, QboPoster, RealmThrottle, RetryPolicy
from devstack.qbo_sandbox import start_in_thread
from devstack.qbo_sandbox.seed import Seeded, seed
from devstack.stack import LocalStack
from tests.integration.sync_qbo.conftest import SandboxTokens
from tests.sandbox.helpers import Control, connect
from tests.unit.sync.fakes import Clock

os.environ.setdefault("OAUTHLIB_INSECURE_TRANSPORT", "1")
NOW = dt.datetime(2025, 3, 10, 18, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="session")
def sandbox_url() -> Iterator[str]:
    server, base_url = start_in_thread()
    yield base_url
    server.shutdown()


@dataclass
class Sandbox:
    seeded: Seeded
    control: Control
    sleeps: list[float] = field(default_factory=list)
    tokens: dict[str, SandboxTokens] = field(default_factory=dict)
    throttles: dict[str, RealmThrottle] = field(default_factory=dict)
    read_timeout: float = 5.0

    def poster(self, realm: str, tier: Any) -> QboPoster:
        if realm not in self.tokens:
            self.tokens[realm] = SandboxTokens(connect(self.seeded, realm), realm)
        client = QboGateway(self.tokens[realm], api_base=self.seeded.base_url + "/v3/company/",
                            timeout=(2.0, self.read_timeout), retry=RetryPolicy(attempts=4),
                            throttle=throttle_for,  # shared with setup's reads, as in one Lambda
                            sleep=self.sleeps.append)
        return QboPoster(client, plan_tier=tier)

    def balances(self, realm: str) -> dict[str, str]:
        return {k: v for k, v in self.control.balances(realm, "2100-01-01").items() if v != "0.00"}

    def journal_entries(self, realm: str) -> list[dict]:
        return self.control.documents(realm, "JournalEntry")


@pytest.fixture
def sandbox(sandbox_url: str) -> Sandbox:
    control = Control(sandbox_url)
    control.call("POST", "/reset")
    return Sandbox(seed(sandbox_url), control)


@pytest.fixture
def config(local_stack: LocalStack, sandbox_url: str) -> Config:
    return local_stack.provision().with_overrides(jwt_secret=DEV_JWT_SECRET, qbo_api_base=sandbox_url + "/v3/company/")


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def e2e(container: Container, clock: Clock, sandbox: Sandbox) -> Container:
    """The container with a controllable clock and posters aimed at the sandbox."""
    container.clock = clock  # type: ignore[misc]
    container.qbo_posters = lambda tenant: sandbox.poster(tenant.realm_id, tenant.qbo_plan)  # type: ignore[misc]
    return container
