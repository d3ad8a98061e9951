"""Fixtures for the runner: a steerable clock, a recording handler, a tenant's schedule in moto."""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from chalicelib.aws.clients import client
from chalicelib.aws.schedules import schedule_request
from chalicelib.config import Config
from devstack.clock import ManualClock
from devstack.runner import FireOptions, Runner

UTC = dt.UTC


@dataclass
class Recorder:
    """A stand-in worker: remembers each event, fails the message ids (or bodies) it is told to."""

    clock: Callable[[], dt.datetime]
    fail: Callable[[dict[str, Any]], bool] = lambda record: False
    events: list[dict[str, Any]] = field(default_factory=list)
    seen: list[tuple[dt.datetime, dict[str, Any]]] = field(default_factory=list)

    def __call__(self, event: dict[str, Any], context: Any) -> dict[str, Any]:
        self.events.append(event)
        failures = []
        for record in event["Records"]:
            self.seen.append((self.clock(), record))
            if self.fail(record):
                failures.append({"itemIdentifier": record["messageId"]})
        return {"batchItemFailures": failures}

    def bodies(self) -> list[dict[str, Any]]:
        return [json.loads(record["body"]) for _, record in self.seen]


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(dt.datetime(2026, 11, 25, 12, 0, tzinfo=UTC))


@pytest.fixture
def recorder(clock: ManualClock) -> Recorder:
    return Recorder(clock)


@pytest.fixture
def make_runner(config: Config, clock: ManualClock, recorder: Recorder) -> Callable[..., Runner]:
    def make(handler: Any = None, **options: Any) -> Runner:
        return Runner(config, clock, handler or recorder, options=FireOptions(**options))
    return make


@pytest.fixture
def add_schedule(config: Config) -> Callable[..., dict[str, Any]]:
    """Create a tenant's nightly schedule exactly as the app does (chalicelib.aws.schedules)."""
    scheduler = client(config, "scheduler")

    def add(tenant_id: str, tz: str, **changes: Any) -> dict[str, Any]:
        request = {**schedule_request(config, tenant_id, tz), **changes}
        scheduler.create_schedule(**request)
        return request
    return add


@pytest.fixture
def config(local_stack: Any) -> Config:
    """This test's own resources, with the dev JWT key so the API can be called."""
    from chalicelib.config import DEV_JWT_SECRET

    return local_stack.provision().with_overrides(jwt_secret=DEV_JWT_SECRET)


@pytest.fixture
def world_clock() -> ManualClock:
    """The world's clock, at New Year 2026 until a test sets the day it starts on (`open_studio`)."""
    return ManualClock(dt.datetime(2026, 1, 1, tzinfo=UTC))


@pytest.fixture
def world(container: Any, world_clock: ManualClock, api: Any) -> Any:
    """The app on this test's stack, the runner feeding the real sync worker, QuickBooks in memory."""
    from chalicelib.bootstrap import handle_sync_event
    from tests.integration.schedules.studio import Studio
    from tests.unit.sync.fakes import FakeQuickBooks

    qbo, clock = FakeQuickBooks(), world_clock
    container.clock = clock
    container.qbo_posters = lambda tenant: qbo

    class World:
        def __init__(self) -> None:
            self.clock, self.api, self.container, self.qbo = clock, api, container, qbo
            self.runner: Runner | None = None

        def studio(self, tenant_id: str, tz: str) -> Studio:
            return Studio(api, container, tenant_id, tz).seed()

        def start(self, **options: Any) -> Runner:
            self.runner = Runner(container.config, clock, handle_sync_event, options=FireOptions(**options))
            return self.runner

        def at(self, instant: dt.datetime) -> None:
            """Play every fire and delivery up to `instant`, then feed whatever the app queued."""
            assert self.runner is not None, "call start() first"
            self.runner.advance_to(instant)

    return World()
