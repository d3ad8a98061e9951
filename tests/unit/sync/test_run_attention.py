"""The run's ends keep support's attention index (chalicelib/tenants/attention.py) up to date,
and a failed index write never fails the run."""
from __future__ import annotations

import datetime as dt

import pytest

from chalicelib.quickbooks.errors import IntuitUnavailable
from chalicelib.sync.ports import QuickBooksRefused
from chalicelib.sync.run import RetryLater
from chalicelib.tenants.repository import TenantScan
from tests.unit.domain.builders import charge

FIRE = dt.datetime(2025, 3, 11, 4, 31, tzinfo=dt.UTC)  # 11:31 PM on the 10th in Chicago, the 11th in UTC
ROWS = [charge("c1", 1, "2025-02-01", "100.00")]


def attention(world) -> str | None:
    return world.tenant.run_attention


def test_a_failed_run_marks_the_tenant_failing(world) -> None:
    world.ledger.rows = list(ROWS)
    world.qbo.inject(QuickBooksRefused("The account period has closed."))
    world.run.handle(world.manual("m1"))
    assert list(world.tenants.ids_by_attention("failing", TenantScan())) == ["t1"]


def test_a_skipped_daily_run_marks_the_utc_date_of_its_fire(world) -> None:
    world.clock.now = FIRE  # the studio's schedule is Manual: the daily fire is skipped
    assert world.run.handle(world.daily("exec-1", FIRE)).status == "skipped"
    assert attention(world) == "skipped#2025-03-11"


def test_a_skipped_manual_run_marks_nothing(world) -> None:
    world.tenants._set("t1", schedule=None)  # not configured: Sync Now is skipped
    assert world.run.handle(world.manual("m1")).status == "skipped"
    assert attention(world) is None


def test_a_success_clears_failing(world) -> None:
    world.ledger.rows = list(ROWS)
    world.qbo.inject(QuickBooksRefused("stale"))
    world.run.handle(world.manual("m1"))
    world.clock.advance(hours=1)
    assert world.run.handle(world.manual("m2")).status == "succeeded"
    assert attention(world) is None


def test_a_success_with_nothing_to_clear_makes_no_attention_write(world, monkeypatch) -> None:
    notes: list[object] = []
    monkeypatch.setattr(world.tenants, "note_run_end", lambda *args: notes.append(args))
    world.ledger.rows = list(ROWS)
    assert world.run.handle(world.manual("m1")).status == "succeeded"
    assert notes == []


def test_a_success_after_a_skipped_night_keeps_the_skip(world) -> None:
    world.clock.now = FIRE
    world.run.handle(world.daily("exec-1", FIRE))
    world.clock.advance(hours=9)
    assert world.run.handle(world.manual("m1")).status == "succeeded"
    assert attention(world) == "skipped#2025-03-11"


def test_giving_up_marks_the_tenant_failing(world) -> None:
    world.ledger.rows = list(ROWS)
    world.qbo.inject(IntuitUnavailable("5xx"))
    with pytest.raises(RetryLater):
        world.run.handle(world.manual("m1"))
    world.run.give_up(world.manual("m1"), "QuickBooks kept failing")
    assert attention(world) == "failing"


@pytest.mark.parametrize("ending", ["succeeded", "failed", "skipped"])
def test_a_failed_attention_write_never_fails_the_run(world, monkeypatch, ending) -> None:
    def broken(*_, **__):
        raise RuntimeError("DynamoDB said no")
    world.tenants._set("t1", run_attention="failing")  # so a success has a mark to clear
    monkeypatch.setattr(world.tenants, "note_run_end", broken)
    world.ledger.rows = list(ROWS)
    if ending == "failed":
        world.qbo.inject(QuickBooksRefused("stale"))
    msg = world.daily("exec-1", FIRE) if ending == "skipped" else world.manual("m1")
    world.clock.now = FIRE
    assert world.run.handle(msg).status == ending
    assert world.task(msg).status == ending
