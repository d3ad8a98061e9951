"""The composition root: builds the real adapters once per Lambda container (or per test).

Routes and handlers ask `container()` for what they need; tests install their own with
`install()` (a configuration pointing at their devstack resources).
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from chalicelib.aws.clients import client
from chalicelib.config import Config
from chalicelib.store.models import Models, build_models


@dataclass
class Container:
    """Adapters built from one configuration; each built on first use."""

    config: Config

    @cached_property
    def models(self) -> Models:
        return build_models(self.config)

    @cached_property
    def sqs(self) -> Any:
        return client(self.config, "sqs")

    @cached_property
    def kms(self) -> Any:
        return client(self.config, "kms")

    @cached_property
    def scheduler(self) -> Any:
        return client(self.config, "scheduler")


_lock = threading.Lock()
_container: Container | None = None


def container() -> Container:
    global _container
    with _lock:
        if _container is None:
            _container = Container(Config.from_env())
        return _container


def install(new: Container | None) -> None:
    """Use `new` from now on (tests); `None` goes back to building from the environment."""
    global _container
    with _lock:
        _container = new
