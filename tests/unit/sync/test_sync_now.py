"""Sync Now: Manual schedule only, one queued or running sync at a time."""
from __future__ import annotations

import datetime as dt

import pytest

from chalicelib.domain.schedule import Schedule
from chalicelib.errors import Conflict
from chalicelib.sync.sync_now import SyncInProgress, SyncNow


@pytest.fixture
def sent(world) -> list:
    return []


@pytest.fixture
def sync_now(world, sent) -> SyncNow:
    return SyncNow(world.tenants, world.tasks, sent.append, world.clock)


def test_sync_now_queues_a_manual_run_and_its_task(world, sync_now, sent) -> None:
    task_id = sync_now.start("t1")
    assert [m.task_id for m in sent] == [task_id] and sent[0].trigger.value == "manual"
    assert world.tasks.get("t1", task_id).status == "queued"
    assert world.tenant.pending_task_id == task_id


def test_sync_now_on_a_daily_schedule_is_a_conflict(world, sync_now, sent) -> None:
    world.tenants._set("t1", schedule=Schedule.DAILY)
    with pytest.raises(Conflict) as refused:
        sync_now.start("t1")
    assert refused.value.code == "schedule_is_daily" and sent == []


def test_a_second_press_while_queued_names_the_queued_task(world, sync_now) -> None:
    first = sync_now.start("t1")
    with pytest.raises(SyncInProgress) as refused:
        sync_now.start("t1")
    assert refused.value.task_id == first and refused.value.body()["task_id"] == first


def test_a_press_while_a_run_holds_the_lease_names_the_running_task(world, sync_now) -> None:
    world.tenants._set("t1", lease_task_id="running-1", lease_expires_at=world.clock.now + dt.timedelta(minutes=3))
    with pytest.raises(SyncInProgress) as refused:
        sync_now.start("t1")
    assert refused.value.task_id == "running-1"


def test_sync_now_is_available_again_once_the_run_finished(world, sync_now) -> None:
    first = sync_now.start("t1")
    assert world.run.handle(world.manual(first)).status == "succeeded"
    world.clock.advance(minutes=1)
    assert sync_now.start("t1") != first


def test_a_pending_task_stuck_for_hours_no_longer_blocks(world, sync_now) -> None:
    sync_now.start("t1")
    world.clock.advance(hours=3)
    assert sync_now.start("t1")


def test_a_failed_enqueue_fails_the_task_and_frees_sync_now(world) -> None:
    def broken(msg: object) -> None:
        raise RuntimeError("queue down")
    with pytest.raises(RuntimeError):
        SyncNow(world.tenants, world.tasks, broken, world.clock).start("t1")
    assert world.tenant.pending_task_id is None
    assert [t.status for t in world.tasks.rows.values()] == ["failed"]
