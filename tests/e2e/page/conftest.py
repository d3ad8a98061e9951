"""Browser fixtures: the local stack, the QBO sandbox, the app over HTTP, and Debian's Chromium."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from chalicelib import bootstrap
from chalicelib.config import DEV_JWT_SECRET, Config
from devstack.demo import DEMO_TENANT, load_demo
from devstack.processes import free_port
from devstack.qbo_sandbox.seed import Seeded, seed
from tests.helpers import browser as shared_browser
from tests.helpers.served_app import serve_app

from .helpers import axe_violations
from .servers import QueueWorker

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "page"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture
def stack(config: Config, qbo_sandbox: str) -> Iterator[dict[str, Any]]:
    """App (HTTP, this test's tables and queues), worker, sandbox seeded for its callback, demo studio.

    The sandbox is the session's one, reset by `qbo_sandbox`: as good as a fresh one per test.
    """
    sandbox = qbo_sandbox
    port = free_port()
    app_url = f"http://127.0.0.1:{port}"
    seeded: Seeded = seed(sandbox, redirect_uris=[f"{app_url}/oauth/callback"])
    served_config = config.with_overrides(
        intuit_client_id=seeded.client_id, intuit_client_secret=seeded.client_secret,
        intuit_redirect_uri=seeded.redirect_uri, intuit_discovery_url=seeded.discovery_url,
        qbo_api_base=f"{sandbox}/v3/company/", public_base_url=app_url,
        jwt_secret=config.jwt_secret or DEV_JWT_SECRET, platform_origins="http://platform.test")
    container = bootstrap.Container(served_config)
    bootstrap.install(container)
    served = serve_app(port)
    worker = QueueWorker(container).start()
    try:
        load_demo(app_url, served_config, DEMO_TENANT)
        yield {"url": app_url, "config": served_config, "seeded": seeded, "sandbox": sandbox, "tenant": DEMO_TENANT,
               "worker": worker}
    finally:
        worker.stop()
        served.stop()
        bootstrap.install(None)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, launched once per session (tests/helpers/browser.py)."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (make deps installs it)")
    yield shared_browser.acquire(CHROMIUM, CHROMIUM_ARGS)
    shared_browser.release()


@pytest.fixture
def shots(request: pytest.FixtureRequest) -> Any:
    """`shots(page, "01-name")` saves a full-page screenshot under test-artifacts/page/<test>/, then
    asserts axe-core finds no violation in that state (`axe=False` for pages that are not ours:
    the sandbox's Intuit sign-in, a failure's last picture)."""
    folder = ARTIFACTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)

    def take(page: Any, name: str, axe: bool = True) -> Path:
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        if axe:
            violations = axe_violations(page)
            assert violations == [], f"axe-core in state {name}: {violations}"
        return path

    return take
