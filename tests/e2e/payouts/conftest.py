"""Payouts end to end: the sync e2e world (API → SQS → worker → QBO adapter → sandbox) plus the
payout settings' and the clearing report's QBO reads aimed at the sandbox."""
from __future__ import annotations

from typing import Any

import pytest

from chalicelib.bootstrap import Container
from chalicelib.payouts.qbo import QboPayoutReads
from chalicelib.services.tokens import Credentials
from tests.e2e.sync.conftest import Sandbox, clock, config, e2e, sandbox, sandbox_url  # noqa: F401 - fixtures
from tests.integration.sync_qbo.conftest import SandboxTokens
from tests.sandbox.helpers import connect


class SandboxAccessTokens:
    """`AccessTokens.fresh` for the sandbox company (the connect flow's token store stands in)."""

    def __init__(self, sandbox: Sandbox, realm: str) -> None:
        self.sandbox, self.realm = sandbox, realm

    def fresh(self, tenant_id: str) -> Credentials:
        if self.realm not in self.sandbox.tokens:
            self.sandbox.tokens[self.realm] = SandboxTokens(connect(self.sandbox.seeded, self.realm), self.realm)
        return Credentials(self.realm, self.sandbox.tokens[self.realm].auth.access_token)


@pytest.fixture
def payout_world(e2e: Container, sandbox: Sandbox) -> Any:
    e2e.payout_reads = QboPayoutReads(e2e.config, SandboxAccessTokens(sandbox, sandbox.seeded.plus_realm))  # type: ignore[attr-defined]
    return e2e
