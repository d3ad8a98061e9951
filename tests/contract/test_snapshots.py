"""One contract for `BalanceSnapshots`: the in-memory fake and the DynamoDB adapter keep the same rows."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from chalicelib.ledger.ports import BalanceSnapshots, Version
from chalicelib.ledger.snapshots import DynamoBalanceSnapshots
from chalicelib.store.models import build_models
from tests.fakes.snapshots import FakeSnapshots

MARCH = dt.date(2026, 3, 1)


@pytest.fixture(params=["in_memory", "dynamodb_local"])
def snapshots(request: pytest.FixtureRequest) -> BalanceSnapshots:
    if request.param == "in_memory":
        return FakeSnapshots()
    return DynamoBalanceSnapshots(build_models(request.getfixturevalue("config")))


def v(amount: str, latest: dt.date | None = MARCH) -> Version:
    return Version(Decimal(amount), latest)


def test_nothing_is_stored_at_first(snapshots: BalanceSnapshots) -> None:
    assert snapshots.base("t1", 0) is None
    assert dict(snapshots.versions("t1", 0, ["f1", "f2"])) == {}


def test_the_base_is_kept_per_generation(snapshots: BalanceSnapshots) -> None:
    snapshots.set_base("t1", 0, 12)
    snapshots.set_base("t1", 0, 40)
    snapshots.set_base("t1", 1, 3)
    assert (snapshots.base("t1", 0), snapshots.base("t1", 1), snapshots.base("t1", 2)) == (40, 3, None)
    assert snapshots.base("t2", 0) is None


def test_written_versions_read_back_with_their_dates(snapshots: BalanceSnapshots) -> None:
    snapshots.write("t1", 0, {"f1": {4: v("120.00"), 9: v("-5.50", dt.date(2026, 3, 2))}, "f2": {7: v("0.00")}})
    assert snapshots.versions("t1", 0, ["f1", "f2", "f3"]) == {
        "f1": {4: Version(Decimal("120.00"), MARCH), 9: Version(Decimal("-5.50"), dt.date(2026, 3, 2))},
        "f2": {7: Version(Decimal("0.00"), MARCH)}}


def test_a_version_stored_without_a_date_reads_back_without_one(snapshots: BalanceSnapshots) -> None:
    snapshots.write("t1", 0, {"f1": {4: v("10.00", None)}})
    assert snapshots.versions("t1", 0, ["f1"]) == {"f1": {4: Version(Decimal("10.00"), None)}}


def test_only_the_families_asked_for_are_read_each_once(snapshots: BalanceSnapshots) -> None:
    snapshots.write("t1", 0, {"f1": {4: v("1.00")}, "f2": {5: v("2.00")}})
    assert snapshots.versions("t1", 0, ["f2", "f2"]) == {"f2": {5: v("2.00")}}
    assert dict(snapshots.versions("t1", 0, [])) == {}


def test_a_write_replaces_each_named_family_whole_and_leaves_the_others(snapshots: BalanceSnapshots) -> None:
    snapshots.write("t1", 0, {"f1": {4: v("1.00"), 9: v("3.00")}, "f2": {5: v("2.00")}})
    snapshots.write("t1", 0, {"f1": {12: v("8.00")}})
    assert snapshots.versions("t1", 0, ["f1", "f2"]) == {"f1": {12: v("8.00")}, "f2": {5: v("2.00")}}


def test_generations_and_tenants_are_kept_apart(snapshots: BalanceSnapshots) -> None:
    snapshots.write("t1", 0, {"f1": {4: v("1.00")}})
    snapshots.write("t1", 1, {"f1": {2: v("7.00")}})
    assert snapshots.versions("t1", 0, ["f1"]) == {"f1": {4: v("1.00")}}
    assert snapshots.versions("t1", 1, ["f1"]) == {"f1": {2: v("7.00")}}
    assert dict(snapshots.versions("t2", 0, ["f1"])) == {}


def test_many_families_are_read_in_one_call(snapshots: BalanceSnapshots) -> None:
    families = [f"f{i}" for i in range(130)]  # more than one BatchGetItem's 100 keys
    snapshots.write("t1", 0, {f: {i + 1: v(f"{i}.00")} for i, f in enumerate(families)})
    found = snapshots.versions("t1", 0, families)
    assert len(found) == 130 and found["f129"] == {130: v("129.00")}
