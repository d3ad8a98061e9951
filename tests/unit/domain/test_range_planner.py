"""A range planned row by row, in any order, keeping only void targets, is `plan_sync`'s plan."""
from __future__ import annotations

import random
from decimal import Decimal

import pytest

from chalicelib.domain.errors import PlanningError
from chalicelib.domain.planner import RangePlanner
from chalicelib.domain.posting import plan_sync
from tests.unit.domain.builders import charge, credit, d, payment, settings, void

P1 = payment("p1", 3, "2025-01-05", "80.00", family="f2")
C0 = charge("c0", 1, "2024-12-20", "30.00", family="f3")  # before go-live: the opening figures
ROWS = [C0, charge("c1", 2, "2025-01-04", "120.00"), P1, credit("k1", 4, "2025-01-06", "20.00", family="f2"),
        charge("c2", 5, "2025-01-09", "45.00", family="f2"), void("v1", 6, "2025-01-07", P1),
        payment("p2", 7, "2025-02-03", "60.00", family="f3")]  # after the sync date: its own day
SYNC = dict(run_id="r1", sync_date=d("2025-01-31"), cursor=0)


def streamed(rows, keep=None):
    planner = RangePlanner(settings(), first_sync=True, history=[], keep=keep, **SYNC)
    for t in rows:
        planner.add(t)
    return planner


def test_rows_in_any_order_keeping_only_void_targets_plan_what_plan_sync_plans() -> None:
    expected = plan_sync(settings(), upto=7, first_sync=True, transactions=ROWS, history=[], **SYNC)
    for n in range(5):
        rows = random.Random(n).sample(ROWS, len(ROWS))
        assert streamed(rows, keep={"p1"}).plan(7) == expected


def test_the_planner_gives_each_familys_balance_after_the_range() -> None:
    planner = streamed(ROWS, keep={"p1"})
    planner.plan(7)
    assert planner.balances == {"f1": Decimal("120.00"), "f2": Decimal("25.00"), "f3": Decimal("-30.00")}


def test_a_void_whose_target_was_not_kept_is_refused() -> None:
    with pytest.raises(PlanningError):
        streamed(ROWS, keep=set()).plan(7)



def test_a_void_target_found_after_the_stream_resolves_the_void() -> None:
    planner = streamed(ROWS, keep=set())
    assert planner.unknown_targets() == {"p1"}
    planner.know([P1])
    expected = plan_sync(settings(), upto=7, first_sync=True, transactions=ROWS, history=[], **SYNC)
    assert planner.plan(7) == expected
