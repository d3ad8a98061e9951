"""Fixtures: the session's sandbox (`qbo_sandbox`, tests/conftest.py), reset and reseeded per test."""
from __future__ import annotations

import os

import pytest

from devstack.qbo_sandbox.seed import Seeded, seed

from .helpers import Control, connect, qbo

# python-quickbooks talks through requests-oauthlib, which refuses plain http unless told;
# the sandbox serves http on 127.0.0.1, so this is the one client-side setting it needs.
os.environ.setdefault("OAUTHLIB_INSECURE_TRANSPORT", "1")


@pytest.fixture()
def control(qbo_sandbox: str) -> Control:
    """The control API of the session's sandbox, which `qbo_sandbox` has just reset."""
    return Control(qbo_sandbox)


@pytest.fixture()
def seeded(qbo_sandbox: str, control: Control) -> Seeded:
    return seed(qbo_sandbox)


@pytest.fixture()
def plus_auth(seeded):
    return connect(seeded, seeded.plus_realm)


@pytest.fixture()
def plus_qb(seeded, plus_auth):
    return qbo(seeded, plus_auth, seeded.plus_realm)


@pytest.fixture()
def essentials_auth(seeded):
    return connect(seeded, seeded.essentials_realm)


@pytest.fixture()
def essentials_qb(seeded, essentials_auth):
    return qbo(seeded, essentials_auth, seeded.essentials_realm)


@pytest.fixture()
def roomy(seeded, control):
    """Lift per-second/minute throttles for tests that need many calls (limits tested apart)."""
    for realm in (seeded.plus_realm, seeded.essentials_realm):
        control.limits(realm, requests_per_second=10_000, requests_per_minute=10_000,
                       batch_per_minute=10_000)
