"""A studio connected to its Plus company in the QuickBooks sandbox (the connect tests' fixtures),
plus a way to make accounts in that company as the studio's bookkeeper would."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from chalicelib.quickbooks.client import qbo_client
from tests.integration.connect.conftest import Studio, clock, connected, container, intuit, json_body, studio  # noqa: F401

FRIDAY_NOON_IN_CHICAGO = dt.datetime(2026, 11, 20, 18, 0, tzinfo=dt.UTC)


def make_account(owner: Studio, name: str, account_type: str, subtype: str) -> str:
    """An account keyed into QBO by hand (what the studio already has)."""
    creds = owner.container.access_tokens().fresh(owner.tenant_id)
    qb = qbo_client(owner.container.config, creds.realm_id, creds.access_token)
    made = qb.create_object("Account", json.dumps({"Name": name, "AccountType": account_type,
                                                   "AccountSubType": subtype}))
    return str(made["Account"]["Id"])


@pytest.fixture
def on_friday(connected: Studio, clock) -> Studio:
    clock.now = FRIDAY_NOON_IN_CHICAGO
    return connected


__all__ = ["json_body", "make_account"]
