"""Sync on DynamoDB Local + moto SQS, with an in-memory QuickBooks (the sandbox is for e2e)."""
from __future__ import annotations

import datetime as dt

import pytest

from chalicelib.bootstrap import Container
from chalicelib.config import DEV_JWT_SECRET, Config
from devstack.stack import LocalStack
from tests.unit.sync.fakes import Clock, FakeQuickBooks

NOW = dt.datetime(2025, 3, 10, 18, 0, tzinfo=dt.UTC)


@pytest.fixture
def config(local_stack: LocalStack) -> Config:
    """This test's own tables and queues, with the dev JWT key so the API can be called."""
    return local_stack.provision().with_overrides(jwt_secret=DEV_JWT_SECRET)


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def qbo() -> FakeQuickBooks:
    return FakeQuickBooks()


@pytest.fixture
def synced(container: Container, clock: Clock, qbo: FakeQuickBooks) -> Container:
    """The test's container with a controllable clock and the fake QuickBooks behind the poster port."""
    container.clock = clock  # type: ignore[misc]
    container.qbo_posters = lambda tenant: qbo  # type: ignore[misc]
    return container
