"""Shared fixtures: one local stack per test session; fresh resources for each test."""
from __future__ import annotations

import os
from typing import Iterator

import pytest

from chalicelib import bootstrap
from chalicelib.config import Config
from devstack.stack import LocalStack, use_local_credentials

# The QBO sandbox serves plain http on 127.0.0.1; python-quickbooks (via oauthlib) refuses http
# unless told. Production talks https to Intuit and never sets this.
os.environ.setdefault("OAUTHLIB_INSECURE_TRANSPORT", "1")
use_local_credentials()


@pytest.fixture(scope="session")
def local_stack() -> Iterator[LocalStack]:
    stack = LocalStack.start()
    yield stack
    stack.stop()


@pytest.fixture
def config(local_stack: LocalStack) -> Config:
    """A configuration whose tables, queues and key belong to this test alone."""
    return local_stack.provision()


@pytest.fixture
def container(config: Config) -> Iterator[bootstrap.Container]:
    built = bootstrap.Container(config)
    bootstrap.install(built)
    yield built
    bootstrap.install(None)


@pytest.fixture
def api(container: bootstrap.Container) -> Iterator[object]:
    """The Chalice app driven in-process by `chalice.test.Client`, on this test's resources."""
    from chalice.test import Client

    from app import app

    with Client(app) as client:
        yield client


@pytest.fixture(scope="session")
def qbo_sandbox() -> Iterator[str]:
    """The QuickBooks sandbox (Intuit OAuth + QBO v3) in a thread; yields its base URL."""
    from devstack.qbo_sandbox import start_in_thread

    server, base_url = start_in_thread()
    yield base_url
    server.shutdown()
