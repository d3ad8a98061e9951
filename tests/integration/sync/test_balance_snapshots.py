"""Balance snapshot items in the ledger table (DynamoDB Local): round trip, and invisible to the ledger."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from chalicelib.bootstrap import Container
from chalicelib.ledger.ports import Version
from chalicelib.ledger.snapshots import DynamoBalanceSnapshots, family_key
from tests.integration.sync.support import connected_studio
from tests.integration.sync.support import store as store_rows
from tests.unit.sync.test_run import TWO_DAYS


def test_snapshot_versions_read_back_by_generation(container: Container) -> None:
    store = DynamoBalanceSnapshots(container.models)
    feb = dt.date(2025, 2, 1)
    f1 = {4: Version(Decimal("40.00"), feb), 9: Version(Decimal("-5.50"), dt.date(2025, 3, 9))}
    store.write("t1", 0, {"f1": f1, "f2": {4: Version(Decimal("0.00"), feb)}})
    store.set_base("t1", 0, 4)
    assert store.versions("t1", 0, ["f1", "f2", "f9"]) == {"f1": f1, "f2": {4: Version(Decimal("0.00"), feb)}}
    assert store.base("t1", 0) == 4 and store.base("t1", 1) is None and store.versions("t1", 1, ["f1"]) == {}


def test_the_ledger_reader_never_picks_up_snapshot_items(container: Container) -> None:
    connected_studio(container)
    store_rows(container, "t1", TWO_DAYS)
    before = container.ledger.history("t1", None), container.ledger.read_committed("t1", 0)
    store = DynamoBalanceSnapshots(container.models)
    store.write("t1", 0, {"f1": {1: Version(Decimal("1.00"), dt.date(2025, 1, 1))}})
    store.set_base("t1", 0, 1)
    assert (container.ledger.history("t1", None), container.ledger.read_committed("t1", 0)) == before


def test_a_row_stored_before_dates_were_kept_reads_back_with_an_unknown_date(container: Container) -> None:
    container.models.LedgerEntry("t1", family_key(0, "f1"), kind="balance", body={"v": {"4": "12.00"}}).save()
    assert DynamoBalanceSnapshots(container.models).versions("t1", 0, ["f1"]) == {"f1": {4: Version(Decimal("12.00"))}}
