"""Fuzz fixtures: the ledger suite's API helper and tenant, on this test's own resources."""
from __future__ import annotations

from tests.integration.ledger.conftest import config, ledger_api, tenant  # noqa: F401 - fixtures
