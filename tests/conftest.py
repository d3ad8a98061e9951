"""Shared fixtures: one local stack per test session; fresh resources for each test."""
from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import requests

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


@pytest.fixture(scope="module")
def served_app() -> Iterator[str]:
    """The app over real HTTP (what `chalice local` runs), in a thread; yields its base URL.

    Each request uses the container the current test installed, so one server serves a module.
    """
    from tests.helpers.served_app import serve_app

    served = serve_app()
    yield served.url
    served.stop()


@pytest.fixture(scope="session")
def qbo_sandbox_server() -> Iterator[str]:
    """The one QuickBooks sandbox (Intuit OAuth + QBO v3) of the session, in a thread; its base URL.

    Suites share it so that a run starts one sandbox, not one per suite (or per test). Tests ask
    for `qbo_sandbox`, never this, so none of them sees what an earlier test left behind.
    """
    from devstack.qbo_sandbox import start_in_thread

    server, base_url = start_in_thread()
    yield base_url
    server.shutdown()


@pytest.fixture
def qbo_sandbox(qbo_sandbox_server: str) -> str:
    """The shared sandbox, reset: no apps, users or companies, no faults or limits, real time.

    A reset sandbox is what a freshly started one is, so every test starts as if it had its own;
    resetting on the way in (not out) also covers a test that died before cleaning up.
    """
    from chalicelib.quickbooks.throttle import forget_realms

    requests.post(f"{qbo_sandbox_server}/_sandbox/reset", timeout=10).raise_for_status()
    forget_realms()  # the reset sandbox hands out the same realm ids again: earlier tests' calls must not count
    return qbo_sandbox_server
