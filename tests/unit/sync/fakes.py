"""In-memory stand-ins for the sync's ports: same conditions as the DynamoDB adapters, no I/O.

The port fakes live in `tests/fakes/` (each checked against its adapter by `tests/contract/`);
this module re-exports them beside the sync tests' own helpers (the clock, a killed worker).
"""
from __future__ import annotations

import datetime as dt

from tests.fakes.ledger import FakeLedger
from tests.fakes.quickbooks import FakeQuickBooks
from tests.fakes.snapshots import FakeSnapshots
from tests.fakes.sync import FakePlans, FakeTasks
from tests.fakes.tenants import InMemoryTenants

__all__ = ["Clock", "FakeLedger", "FakePlans", "FakeQuickBooks", "FakeSnapshots", "FakeTasks", "FakeTenants",
           "WorkerKilled"]

UTC = dt.UTC


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


FakeTenants = InMemoryTenants  # the shared fake (tests/fakes/tenants.py)


class WorkerKilled(BaseException):
    """A Lambda killed mid-run: no `except Exception` cleanup runs (like a timeout or OOM)."""
