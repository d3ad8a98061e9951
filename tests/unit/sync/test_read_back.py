"""The nightly read-back: one report read compares Classbooks' own accounts with what it posted."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from chalicelib.domain.schedule import Schedule
from chalicelib.tenants.repository import SettingsChange
from tests.unit.domain.builders import charge, payment
from tests.unit.sync.test_run import first_sync_done


def readback(world, task_id: str):
    return world.task(world.manual(task_id)).readback


def a_night(world, task_id: str = "m2") -> None:
    world.ledger.rows += [charge(f"c-{task_id}", len(world.ledger.rows) + 1, "2025-03-09", "40.00"),
                          payment(f"p-{task_id}", len(world.ledger.rows) + 2, "2025-03-09", "15.00", "cash")]
    world.clock.advance(hours=1)
    world.run.handle(world.manual(task_id))


def test_a_new_studio_is_checked_from_its_first_sync(world) -> None:
    first_sync_done(world)
    assert readback(world, "m1")["status"] == "ok" and world.qbo.report_reads == 1


def test_each_night_costs_one_report_read_and_finds_no_drift(world) -> None:
    first_sync_done(world)
    a_night(world)
    assert readback(world, "m2") == {"status": "ok", "as_of": "2025-03-10", "accounts": []}
    assert world.qbo.report_reads == 2 and world.qbo.lookups == 0


def test_an_entry_edited_by_hand_is_drift_with_the_account_and_amounts(world) -> None:
    first_sync_done(world)
    clearing = "Classbooks Receivables (Tumble Town)"
    world.qbo.edits[clearing] = Decimal("-25.00")  # the accountant changed a line
    a_night(world)
    found = readback(world, "m2")
    assert found["status"] == "drift"
    [account] = found["accounts"]
    assert account["account"] == clearing and account["difference"] == "-25.00"
    assert world.task(world.manual("m2")).status == "succeeded"  # the books were posted: drift is reported


def test_what_classbooks_posted_is_the_expected_balance(world) -> None:
    first_sync_done(world)
    a_night(world)  # 40.00 charged, 15.00 paid: receivables up 25.00
    assert world.tenant.posted_balances == {"Classbooks Receivables (Tumble Town)": "25.00"}
    assert readback(world, "m2")["status"] == "ok"


def test_a_night_with_nothing_to_post_reads_nothing(world) -> None:
    first_sync_done(world)
    world.clock.advance(hours=1)
    world.run.handle(world.manual("m2"))
    assert readback(world, "m2") is None and world.qbo.report_reads == 1


def test_after_a_reset_quickbooks_balances_become_the_baseline(world) -> None:
    first_sync_done(world)
    world.tenants.reset("t1", world.clock())
    world.tenants.configure("t1", SettingsChange(go_live_date=dt.date(2025, 3, 11), schedule=Schedule.MANUAL))
    world.ledger.rows.append(charge("c9", 9, "2025-03-12", "5.00"))
    world.clock.advance(days=2)
    world.run.handle(world.manual("m3"))
    assert readback(world, "m3")["status"] == "baseline"


def test_the_gift_card_liability_is_read_back_too(world) -> None:
    from tests.unit.domain.builders import gift_card_sale

    first_sync_done(world)
    world.ledger.rows.append(gift_card_sale("g1", 5, "2025-03-09", "50.00"))
    world.clock.advance(hours=1)
    world.run.handle(world.manual("m2"))
    liability = next(n for n in world.tenant.posted_balances or {} if "Gift Card" in n)
    assert world.tenant.posted_balances[liability] == "-50.00"
    world.qbo.edits[liability] = Decimal("10.00")  # someone moved 10.00 out of the liability by hand
    a_night(world, "m3")
    assert [a["account"] for a in readback(world, "m3")["accounts"]] == [liability]
