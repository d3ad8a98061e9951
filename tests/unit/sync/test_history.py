"""Later runs read balance snapshots and void targets, not the whole history (sync/history.py)."""
from __future__ import annotations

import datetime as dt

import pytest

from chalicelib.domain.balances import family_balances
from chalicelib.domain.posting import plan_sync
from chalicelib.ledger.ports import Version
from chalicelib.sync.history import read_prior
from chalicelib.sync.preview import Preview
from chalicelib.sync.state import posting_settings
from chalicelib.sync.totals import totals_view
from tests.unit.domain.builders import charge, credit, payment, void
from tests.unit.sync.fakes import WorkerKilled

OLD_PAYMENT = payment("p3", 3, "2025-02-02", "30.00", family="f3")
HISTORY = [charge("c1", 1, "2025-02-01", "100.00", family="f1"), charge("c2", 2, "2025-02-01", "50.00", family="f2"),
           OLD_PAYMENT, credit("k4", 4, "2025-02-03", "15.00", family="f4")]
LATER = [charge("c5", 5, "2025-03-09", "40.00", family="f2"), void("v6", 6, "2025-03-09", OLD_PAYMENT)]


def synced(world, rows=HISTORY):
    world.ledger.rows = list(rows)
    assert world.run.handle(world.manual("m1")).status == "succeeded"
    world.ledger.reads.clear()
    world.snapshots.read.clear()


def expected_documents(world, task_id: str):
    """The documents the whole-history planner makes for the saved plan's range."""
    saved = world.plans.load("t1", task_id).plan
    rows = world.ledger.rows
    return plan_sync(posting_settings(world.tenant, "Classbooks"), run_id=task_id, sync_date=saved.sync_date,
                     cursor=saved.cursor, upto=saved.upto, first_sync=False,
                     transactions=[t for t in rows if saved.cursor < t.seq <= saved.upto],
                     history=[t for t in rows if t.seq <= saved.cursor]).documents


def test_a_later_run_reads_only_the_families_it_touches_and_its_void_targets(world) -> None:
    synced(world)
    world.ledger.rows += LATER
    world.run.handle(world.manual("m2"))
    assert world.snapshots.read == [frozenset({"f2", "f3"})]
    assert world.ledger.reads == [("get_by_ids", frozenset({"p3"})), ("voided_by", frozenset({"p3"}))]


def test_a_later_run_plans_what_the_whole_history_would(world) -> None:
    synced(world)
    world.ledger.rows += LATER
    world.run.handle(world.manual("m2"))
    assert world.plans.load("t1", "m2").plan.documents == expected_documents(world, "m2")


def test_snapshot_rows_keep_at_most_two_versions_and_match_the_ledger(world) -> None:
    synced(world)
    for i in range(4):
        world.ledger.rows.append(charge(f"n{i}", 5 + i, "2025-03-09", "10.00", family="f2"))
        world.run.handle(world.manual(f"m{i + 2}"))
    rows = {f: v for (_, _, f), v in world.snapshots.rows.items()}
    assert max(len(v) for v in rows.values()) <= 2
    assert {f: v[max(v)].balance for f, v in rows.items()} == family_balances(world.ledger.rows)


def test_snapshot_versions_keep_each_familys_newest_business_date(world) -> None:
    synced(world)
    world.ledger.rows += LATER
    world.run.handle(world.manual("m2"))
    latest = {f: v[max(v)].latest for (_, _, f), v in world.snapshots.rows.items()}
    assert latest == {"f1": dt.date(2025, 2, 1), "f2": dt.date(2025, 3, 9), "f3": dt.date(2025, 3, 9),
                      "f4": dt.date(2025, 2, 3)}


def test_a_late_row_reads_the_history_once_and_plans_what_the_whole_history_would(world) -> None:
    synced(world)
    world.ledger.rows += [payment("p5", 5, "2025-03-09", "120.00", family="f1")]  # f1 now owes −20
    world.run.handle(world.manual("m2"))
    world.ledger.reads.clear()
    world.ledger.rows.append(charge("c6", 6, "2025-03-01", "30.00", family="f1"))  # dated before p5
    world.run.handle(world.manual("m3"))
    assert world.ledger.reads.count(("history", 5)) == 1
    assert world.plans.load("t1", "m3").plan.documents == expected_documents(world, "m3")


def test_a_row_dated_on_or_after_its_familys_newest_date_reads_no_history(world) -> None:
    synced(world)
    world.ledger.rows.append(charge("c5", 5, "2025-02-01", "10.00", family="f1"))  # same day as c1
    world.run.handle(world.manual("m2"))
    assert "history" not in [name for name, _ in world.ledger.reads]


def test_versions_stored_before_dates_were_kept_are_backfilled_once(world) -> None:
    synced(world)
    for key, versions in world.snapshots.rows.items():
        world.snapshots.rows[key] = {s: Version(v.balance) for s, v in versions.items()}
    world.ledger.rows += LATER
    world.run.handle(world.manual("m2"))
    assert world.ledger.reads.count(("history", 4)) == 1
    assert all(v[max(v)].latest is not None for v in world.snapshots.rows.values())
    assert world.plans.load("t1", "m2").plan.documents == expected_documents(world, "m2")


def test_a_run_killed_after_its_snapshots_but_before_its_plan_replans_correctly(world, monkeypatch) -> None:
    synced(world)
    world.ledger.rows += LATER
    monkeypatch.setattr(world.plans, "write", lambda *a: (_ for _ in ()).throw(WorkerKilled()))
    with pytest.raises(WorkerKilled):
        world.run.handle(world.manual("m2"))
    monkeypatch.undo()
    world.ledger.rows.append(charge("c7", 7, "2025-03-10", "5.00", family="f3"))  # arrives before the retry
    world.clock.advance(minutes=16)
    assert world.run.handle(world.manual("m2")).status == "succeeded"
    assert world.plans.load("t1", "m2").plan.documents == expected_documents(world, "m2")
    world.ledger.rows.append(payment("p8", 8, "2025-03-10", "45.00", family="f3"))
    world.run.handle(world.manual("m3"))
    assert world.plans.load("t1", "m3").plan.documents == expected_documents(world, "m3")


def test_a_run_killed_after_its_plan_before_the_cursor_resumes_and_the_next_run_plans_correctly(world) -> None:
    synced(world)
    world.ledger.rows += LATER
    world.qbo.inject(WorkerKilled(), after=0)
    with pytest.raises(WorkerKilled):
        world.run.handle(world.manual("m2"))
    assert world.tenant.cursor_seq == 4
    world.clock.advance(minutes=16)
    assert world.run.handle(world.manual("m2")).status == "succeeded"
    world.ledger.rows.append(payment("p7", 7, "2025-03-10", "45.00", family="f3"))
    world.run.handle(world.manual("m3"))
    assert world.plans.load("t1", "m3").plan.documents == expected_documents(world, "m3")


def test_a_tenant_without_snapshot_rows_backfills_from_the_full_history_once(world) -> None:
    world.run.snapshots = None  # synced before snapshots existed
    synced(world)
    world.run.snapshots = world.snapshots
    world.ledger.rows += LATER
    world.run.handle(world.manual("m2"))
    assert world.ledger.reads == [("history", 4)] and world.snapshots.bases == {("t1", 0): 6}
    assert world.plans.load("t1", "m2").plan.documents == expected_documents(world, "m2")
    world.ledger.reads.clear()
    world.ledger.rows.append(charge("c7", 7, "2025-03-10", "5.00", family="f1"))
    world.run.handle(world.manual("m3"))
    assert ("history", 6) not in world.ledger.reads
    assert world.plans.load("t1", "m3").plan.documents == expected_documents(world, "m3")


def test_snapshots_of_an_earlier_generation_are_not_used(world) -> None:
    synced(world)
    prior = read_prior(world.ledger, world.snapshots, "t1", 1, 4, False, [])
    assert prior.balances is None and world.ledger.reads == [("history", 4)]


def test_preview_reads_the_snapshots_as_the_run_does(world) -> None:
    synced(world)
    world.ledger.rows += LATER
    preview = Preview(world.tenants, world.plans, world.ledger, world.clock, "Classbooks", world.snapshots)
    shown = preview.next_sync("t1")
    assert "history" not in [name for name, _ in world.ledger.reads]
    world.run.handle(world.manual("m2"))
    assert [d["doc_number"] for d in shown["documents"]] != [] and world.snapshots.read[0] == frozenset({"f2", "f3"})


def test_a_preview_of_the_first_sync_writes_no_snapshot_and_shows_what_the_run_then_posts(world) -> None:
    world.ledger.rows = list(HISTORY)
    preview = Preview(world.tenants, world.plans, world.ledger, world.clock, "Classbooks", world.snapshots)
    shown = preview.next_sync("t1")
    assert world.snapshots.rows == {} and world.snapshots.bases == {}
    assert world.run.handle(world.manual("m1")).status == "succeeded"
    posted = world.plans.load("t1", "m1").plan
    assert shown["first_sync"] and shown["totals"] == totals_view(posted)
    assert world.snapshots.bases  # the run keeps what it read


def test_a_preview_of_a_later_run_writes_no_snapshot(world) -> None:
    synced(world)
    world.ledger.rows += LATER
    before = {k: dict(v) for k, v in world.snapshots.rows.items()}
    Preview(world.tenants, world.plans, world.ledger, world.clock, "Classbooks", world.snapshots).next_sync("t1")
    assert world.snapshots.rows == before
