"""The composition root: builds the real adapters once per Lambda container (or per test).

Routes and handlers ask `container()` for what they need; tests install their own with
`install()` (a configuration pointing at their devstack resources).
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any

from chalicelib.config import Config

if TYPE_CHECKING:
    from chalicelib.ledger.store import DynamoLedger
    from chalicelib.store.models import Models


@dataclass
class Container:
    """Adapters built from one configuration; each built on first use."""

    config: Config

    @cached_property
    def models(self) -> Models:
        from chalicelib.store.models import build_models
        return build_models(self.config)

    @cached_property
    def ledger(self) -> DynamoLedger:
        from chalicelib.ledger.store import DynamoLedger
        return DynamoLedger(self.models)

    @cached_property
    def clock(self) -> Callable[[], datetime]:
        """Now, in UTC; services take it instead of calling datetime.now (tests replace it)."""
        return lambda: datetime.now(UTC)

    @cached_property
    def sqs(self) -> Any:
        from chalicelib.aws.clients import client
        return client(self.config, "sqs")

    @cached_property
    def kms(self) -> Any:
        from chalicelib.aws.clients import client
        return client(self.config, "kms")

    @cached_property
    def scheduler(self) -> Any:
        from chalicelib.aws.clients import client
        return client(self.config, "scheduler")

    @cached_property
    def qbo_posters(self) -> Any:
        """Sync: tenant → QuickBooksPoster (tests may replace it with a fake or a sandbox one)."""
        from chalicelib.sync.wiring import qbo_poster_factory
        return qbo_poster_factory(self)

    @cached_property
    def sync_run(self) -> Any:
        from chalicelib.sync.wiring import sync_run
        return sync_run(self)

    @cached_property
    def sync_now(self) -> Any:
        from chalicelib.sync.wiring import sync_now
        return sync_now(self)

    @cached_property
    def sync_preview(self) -> Any:
        from chalicelib.sync.wiring import preview
        return preview(self)

    @cached_property
    def sync_tasks(self) -> Any:
        from chalicelib.sync.tasks import DynamoTaskStore
        return DynamoTaskStore(self.models)


_lock = threading.Lock()
_container: Container | None = None


def container() -> Container:
    from chalicelib.aws import secrets

    global _container
    with _lock:
        if _container is None:
            _container = Container(Config.from_env())
        secrets.refresh(_container)  # run-time secrets: cached, re-read after rotation (aws/secrets.py)
        return _container


def install(new: Container | None) -> None:
    """Use `new` from now on (tests); `None` goes back to building from the environment."""
    global _container
    with _lock:
        _container = new
