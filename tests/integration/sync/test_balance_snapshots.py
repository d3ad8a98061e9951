"""Balance snapshot items in the ledger table (DynamoDB Local): round trip, and invisible to the ledger."""
from __future__ import annotations

from decimal import Decimal

from chalicelib.bootstrap import Container
from chalicelib.ledger.snapshots import DynamoBalanceSnapshots
from tests.integration.sync.support import connected_studio
from tests.integration.sync.support import store as store_rows
from tests.unit.sync.test_run import TWO_DAYS


def test_snapshot_versions_read_back_by_generation(container: Container) -> None:
    store = DynamoBalanceSnapshots(container.models)
    store.write("t1", 0, {"f1": {4: Decimal("40.00"), 9: Decimal("-5.50")}, "f2": {4: Decimal("0.00")}})
    store.set_base("t1", 0, 4)
    assert store.versions("t1", 0, ["f1", "f2", "f9"]) == {"f1": {4: Decimal("40.00"), 9: Decimal("-5.50")},
                                                          "f2": {4: Decimal("0.00")}}
    assert store.base("t1", 0) == 4 and store.base("t1", 1) is None and store.versions("t1", 1, ["f1"]) == {}


def test_the_ledger_reader_never_picks_up_snapshot_items(container: Container) -> None:
    connected_studio(container)
    store_rows(container, "t1", TWO_DAYS)
    before = container.ledger.history("t1", None), container.ledger.read_committed("t1", 0)
    store = DynamoBalanceSnapshots(container.models)
    store.write("t1", 0, {"f1": {1: Decimal("1.00")}})
    store.set_base("t1", 0, 1)
    assert (container.ledger.history("t1", None), container.ledger.read_committed("t1", 0)) == before
