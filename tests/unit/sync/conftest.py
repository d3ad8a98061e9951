"""A sync world on fakes: one connected studio (Plus, classes on), a ledger, a fake QuickBooks."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import pytest

from chalicelib.domain.schedule import Schedule, Trigger
from chalicelib.sync.messages import SyncMessage
from chalicelib.sync.run import SyncRun
from chalicelib.tenants.model import ConnectionStatus, Location, Tenant
from tests.unit.sync.fakes import Clock, FakeLedger, FakePlans, FakeQuickBooks, FakeSnapshots, FakeTasks, FakeTenants

UTC = dt.UTC
TZ = "America/Chicago"
START = dt.datetime(2025, 3, 10, 18, 0, tzinfo=UTC)  # 1 PM in Chicago


def studio(**changes: object) -> Tenant:
    base = Tenant(tenant_id="t1", name="Tumble Town", timezone=TZ, locations=(Location("L1", "Downtown"),),
                  connection_status=ConnectionStatus.CONNECTED, realm_id="r1", plan="Plus", class_tracking=True,
                  go_live_date=dt.date(2025, 1, 1), schedule=Schedule.MANUAL)
    return replace(base, **changes)  # type: ignore[arg-type]


@dataclass
class World:
    tenants: FakeTenants
    tasks: FakeTasks
    plans: FakePlans
    ledger: FakeLedger
    qbo: FakeQuickBooks
    clock: Clock
    run: SyncRun
    snapshots: FakeSnapshots

    @property
    def tenant(self) -> Tenant:
        snapshot = self.tenants.get("t1")
        assert snapshot is not None
        return snapshot

    def manual(self, task_id: str = "m1") -> SyncMessage:
        return SyncMessage("t1", Trigger.MANUAL, task_id)

    def daily(self, execution_id: str, scheduled_for: dt.datetime) -> SyncMessage:
        return SyncMessage("t1", Trigger.DAILY, execution_id, scheduled_for)

    def task(self, msg: SyncMessage):  # a Task
        return self.tasks.get("t1", msg.record_id)


@pytest.fixture
def world() -> World:
    tenants, tasks, ledger, qbo = FakeTenants(studio()), FakeTasks(), FakeLedger(), FakeQuickBooks()
    plans = FakePlans(tasks)  # the plan's header is written on its task, as in the runs table
    clock, snapshots = Clock(START), FakeSnapshots()
    run = SyncRun(tenants, tasks, plans, ledger, lambda tenant: qbo, clock, "Classbooks", snapshots)
    return World(tenants, tasks, plans, ledger, qbo, clock, run, snapshots)
