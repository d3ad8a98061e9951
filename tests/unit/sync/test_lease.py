"""Who may take the run lease: the pure admission rule, and skipped tasks that say why."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from chalicelib.domain.schedule import LastRun, Schedule, Trigger, skip_message
from chalicelib.domain.skips import SkipFacts
from chalicelib.sync.lease import Verdict, admit
from chalicelib.sync.messages import SyncMessage
from tests.unit.domain.builders import charge
from tests.unit.sync.conftest import START, studio

UTC = dt.UTC
FIRE = dt.datetime(2025, 3, 11, 4, 31, tzinfo=UTC)  # 11:31 PM CDT on the 10th
DAILY = studio(schedule=Schedule.DAILY)


def daily(execution: str = "e1", at: dt.datetime = FIRE) -> SyncMessage:
    return SyncMessage("t1", Trigger.DAILY, execution, at)


def test_manual_run_on_a_manual_schedule_is_admitted() -> None:
    assert admit(studio(), SyncMessage("t1", Trigger.MANUAL, "m1"), None, START).verdict is Verdict.RUN


def test_manual_run_on_a_daily_schedule_is_skipped() -> None:
    decision = admit(DAILY, SyncMessage("t1", Trigger.MANUAL, "m1"), None, START)
    assert decision.verdict is Verdict.SKIP and decision.code == "schedule_is_daily"


def test_daily_run_on_a_manual_schedule_is_skipped() -> None:
    decision = admit(studio(), daily(), None, FIRE)
    assert decision.verdict is Verdict.SKIP and decision.code == "schedule_is_manual"


def test_daily_run_within_23_hours_of_a_manual_run_is_skipped_with_the_next_run_time() -> None:
    last = LastRun(FIRE - dt.timedelta(hours=6), Trigger.MANUAL)
    decision = admit(DAILY, daily(), last, FIRE)
    assert decision.verdict is Verdict.SKIP and decision.code == "too_soon_after_run"
    assert decision.next_run_at == FIRE + dt.timedelta(days=1)
    assert "23 hours" in decision.message


def test_daily_run_within_23_hours_of_a_schedule_change_is_skipped() -> None:
    t = replace(DAILY, schedule_changed_at=FIRE - dt.timedelta(hours=2))
    assert admit(t, daily(), None, FIRE).code == "too_soon_after_schedule_change"


def test_daily_run_24_hours_after_the_previous_one_is_admitted() -> None:
    last = LastRun(FIRE - dt.timedelta(days=1), Trigger.DAILY, FIRE - dt.timedelta(days=1))
    assert admit(DAILY, daily(), last, FIRE + dt.timedelta(seconds=40)).verdict is Verdict.RUN


def test_a_live_lease_of_another_task_skips_the_run() -> None:
    t = replace(studio(), lease_task_id="other", lease_expires_at=START + dt.timedelta(minutes=5))
    decision = admit(t, SyncMessage("t1", Trigger.MANUAL, "m1"), None, START)
    assert decision.verdict is Verdict.SKIP and "other" in decision.message


def test_a_live_lease_of_the_same_task_is_a_racing_duplicate() -> None:
    t = replace(studio(), lease_task_id="m1", lease_expires_at=START + dt.timedelta(minutes=5))
    assert admit(t, SyncMessage("t1", Trigger.MANUAL, "m1"), None, START).verdict is Verdict.BUSY


def test_an_expired_lease_does_not_block() -> None:
    t = replace(studio(), lease_task_id="other", lease_expires_at=START - dt.timedelta(seconds=1))
    assert admit(t, SyncMessage("t1", Trigger.MANUAL, "m1"), None, START).verdict is Verdict.RUN


def test_the_tenants_last_run_resumes_without_the_23_hour_rule() -> None:
    t = replace(DAILY, last_run_task_id=daily().record_id, last_run_started_at=FIRE)
    assert admit(t, daily(), LastRun(FIRE, Trigger.DAILY, FIRE), FIRE).verdict is Verdict.RESUME


def test_a_studio_needing_reauthorisation_is_skipped() -> None:
    decision = admit(studio(connection_status="needs_reauth"), SyncMessage("t1", Trigger.MANUAL, "m1"), None, START)
    assert decision.verdict is Verdict.SKIP and "reconnected" in decision.message


def test_skipped_trigger_is_recorded_as_a_skipped_task_with_reason_and_next_run(world) -> None:
    world.tenants._set("t1", schedule=Schedule.DAILY, schedule_changed_at=FIRE - dt.timedelta(hours=3))
    world.clock.now = FIRE
    outcome = world.run.handle(daily())
    task = world.task(daily())
    assert outcome.status == "skipped" and task.status == "skipped"
    assert "resets the 23-hour timer" in task.reason and task.next_run_at == FIRE + dt.timedelta(days=1)
    assert world.tenant.lease_task_id is None


def test_a_daily_fire_delivered_twice_runs_once(world) -> None:
    world.tenants._set("t1", schedule=Schedule.DAILY)
    world.clock.now = FIRE
    world.ledger.rows = [charge("c1", 1, "2025-03-10", "5.00")]
    assert world.run.handle(daily()).status == "succeeded"
    assert world.run.handle(daily()).status == "duplicate"
    assert world.qbo.writes == 1



def test_a_skipped_task_stores_the_facts_its_reason_is_worded_from(world) -> None:
    world.tenants._set("t1", schedule=Schedule.DAILY, schedule_changed_at=FIRE - dt.timedelta(hours=3))
    world.clock.now = FIRE
    world.run.handle(daily())
    task = world.task(daily())
    facts = SkipFacts.from_dict(task.reason_facts)
    assert facts == SkipFacts("too_soon_after_schedule_change", FIRE + dt.timedelta(days=1), dt.timedelta(hours=3),
                              FIRE - dt.timedelta(hours=3))
    assert task.reason == skip_message(facts, FIRE, "America/Chicago") and task.reason_code == facts.code


def test_each_skip_of_the_lease_carries_its_facts() -> None:
    busy = replace(studio(), lease_task_id="other", lease_expires_at=START + dt.timedelta(minutes=5))
    assert admit(busy, SyncMessage("t1", Trigger.MANUAL, "m1"), None, START).facts == SkipFacts(
        "another_sync_running", task_id="other")
    reauth = admit(studio(connection_status="needs_reauth"), SyncMessage("t1", Trigger.MANUAL, "m1"), None, START)
    assert reauth.facts == SkipFacts("connection_needs_reauth")
    last = LastRun(FIRE - dt.timedelta(hours=6), Trigger.MANUAL)
    assert admit(DAILY, daily(), last, FIRE).facts == SkipFacts(
        "too_soon_after_run", FIRE + dt.timedelta(days=1), dt.timedelta(hours=6), FIRE - dt.timedelta(hours=6), "manual")
