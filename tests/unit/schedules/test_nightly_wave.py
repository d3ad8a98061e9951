"""The nightly-wave simulation keeps Lambda's limits and its own bookkeeping straight."""
from __future__ import annotations

import datetime as dt
import random

from bench.nightly_wave import base_cost, simulate, tenants

NIGHT = dt.date(2026, 11, 25)


def test_concurrency_never_exceeds_the_limit_and_every_studio_finishes_after_its_fire() -> None:
    studios = tenants(3000, NIGHT, random.Random(1), costs=[])
    result = simulate(studios, 20)
    assert result["peak_concurrency"] == 20
    assert 0 < result["p50_delay_s"] <= result["p99_delay_s"] <= result["last_finish_after_2331_s"]


def test_a_higher_limit_drains_the_burst_sooner() -> None:
    studios = tenants(3000, NIGHT, random.Random(1), costs=[])
    assert simulate(studios, 200)["last_finish_after_2331_s"] < simulate(studios, 20)["last_finish_after_2331_s"]


def test_every_studio_fires_within_the_minute_of_2331_in_its_own_zone() -> None:
    from zoneinfo import ZoneInfo
    for fire, delivered, zone, _ in tenants(500, NIGHT, random.Random(2), costs=[]):
        local = dt.datetime.fromtimestamp(fire, ZoneInfo(zone))
        assert (local.date(), local.time()) == (NIGHT, dt.time(23, 31)) and 0 <= delivered - fire <= 60


def test_the_same_seed_gives_the_same_wave() -> None:
    assert tenants(200, NIGHT, random.Random(5)) == tenants(200, NIGHT, random.Random(5))


def test_measured_run_costs_are_interpolated_between_benchmark_sizes() -> None:
    import math
    costs = [(math.log(10), 1.0, 4.0), (math.log(1000), 3.0, 8.0)]
    assert base_cost(100, costs) == (2.0, 6.0)
    assert base_cost(1, costs) == (1.0, 4.0) and base_cost(10**6, costs) == (3.0, 8.0)
