"""The sync's reader never skips a transaction that is still being written."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from chalicelib.ledger.ingest import LedgerIngest, body_hash
from chalicelib.ledger.schemas import parse_batch
from chalicelib.ledger.store import AppendResult, DynamoLedger, _Pending
from tests.integration.ledger.conftest import charge, payment


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += dt.timedelta(minutes=minutes)


def txns(*items):
    return parse_batch(json.dumps({"transactions": list(items)}))


def append(ledger: DynamoLedger, tenant: str, *items):
    batch = txns(*items)
    return ledger.append(tenant, batch, {t.id: body_hash(t) for t in batch})


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def ledger(container, clock) -> DynamoLedger:
    return DynamoLedger(container.models, clock=clock)


def test_a_reader_racing_several_writers_misses_nothing(tenant, container) -> None:
    ingest = LedgerIngest(container.ledger)
    reader = DynamoLedger(container.models, clock=container.clock)
    writers, batches = 6, 8
    done = threading.Event()
    seen: list[str] = []
    cursors: list[int] = []

    def write(w: int) -> None:
        rng = random.Random(w)
        for b in range(batches):
            size = rng.choice([1, 3, 20, 60])
            ingest.ingest(tenant, txns(*[charge(f"w{w}-b{b}-{i}") for i in range(size)]))

    def read() -> None:
        cursor = 0
        while True:
            finished = done.is_set()  # read once more after the writers are done
            transactions, upto = reader.read_committed(tenant, cursor, limit=50)
            assert upto >= cursor
            assert all(cursor < t.seq <= upto for t in transactions)
            assert [t.seq for t in transactions] == sorted(t.seq for t in transactions)
            seen.extend(t.id for t in transactions)
            cursors.append(upto)
            if finished and upto == cursor:
                return
            cursor = upto

    with ThreadPoolExecutor(max_workers=writers + 1) as pool:
        reading = pool.submit(read)
        list(pool.map(write, range(writers)))
        done.set()
        reading.result(timeout=120)
    stored = [t.id for t in container.ledger.history(tenant, None)]
    assert len(seen) == len(set(seen)), "a transaction was read twice"
    assert sorted(seen) == sorted(stored), "the reader skipped a transaction"
    assert len(set(cursors)) > 2, "the reader should have run while the writers wrote"


def test_the_reader_stops_at_a_seq_allocated_but_not_yet_written(tenant, ledger, clock) -> None:
    append(ledger, tenant, charge("c1"))
    in_flight, _ = ledger.allocate(tenant, 1)  # a writer that has its seq but has not written yet
    append(ledger, tenant, charge("c3"))
    transactions, upto = ledger.read_committed(tenant, 0)
    assert ([t.id for t in transactions], upto) == (["c1"], 1)
    clock.advance(14)
    assert ledger.read_committed(tenant, 1) == ([], 1)
    # the writer finishes: now everything up to c3 is committed
    late = dataclasses.replace(txns(charge("c2"))[0], seq=in_flight)
    ledger._write_chunk(tenant, [_Pending(late, body_hash(late))], clock(), AppendResult(), [])
    transactions, upto = ledger.read_committed(tenant, 1)
    assert ([t.id for t in transactions], upto) == (["c2", "c3"], 3)


def test_an_old_gap_is_tombstoned_and_the_late_writer_gets_a_new_seq(tenant, container, ledger, clock) -> None:
    append(ledger, tenant, charge("c1"))
    paused, resumed = threading.Event(), threading.Event()

    class StuckWriter(DynamoLedger):
        def _write_chunk(self, *args, **kwargs):
            paused.set()
            assert resumed.wait(30)
            return super()._write_chunk(*args, **kwargs)

    stuck = StuckWriter(container.models, clock=clock)
    with ThreadPoolExecutor(max_workers=1) as pool:
        late = pool.submit(append, stuck, tenant, charge("c2"))
        assert paused.wait(30)
        append(ledger, tenant, charge("c3"))
        assert ledger.read_committed(tenant, 0)[1] == 1
        clock.advance(16)  # the gap is older than the timeout: the writer is presumed dead
        transactions, upto = ledger.read_committed(tenant, 1)
        assert ([t.id for t in transactions], upto) == (["c3"], 3)
        resumed.set()
        result = late.result(timeout=30)
    assert result.stored == {"c2": 4}  # its seq 2 was tombstoned: it re-allocated, and lands after
    transactions, upto = ledger.read_committed(tenant, 3)
    assert ([t.id for t in transactions], upto) == (["c2"], 4)


def test_a_trailing_gap_is_closed_once_old(tenant, ledger, clock) -> None:
    append(ledger, tenant, charge("c1"))
    ledger.allocate(tenant, 3)  # a writer that died after allocating
    assert ledger.read_committed(tenant, 0)[1] == 1
    clock.advance(16)
    assert ledger.read_committed(tenant, 1) == ([], 4)
    append(ledger, tenant, charge("c5"))
    assert [t.seq for t in ledger.read_committed(tenant, 4)[0]] == [5]


def test_a_writer_that_fails_tombstones_the_seqs_it_could_not_use(tenant, container, ledger) -> None:
    calls = []

    class FailingWriter(DynamoLedger):
        def _write_chunk(self, *args, **kwargs):
            calls.append(1)
            if len(calls) == 2:
                raise ConnectionError("network gone")
            return super()._write_chunk(*args, **kwargs)

    writer = FailingWriter(container.models, clock=container.clock)
    with pytest.raises(ConnectionError):
        append(writer, tenant, *[charge(f"c{i}") for i in range(120)])  # 3 chunks of ≤ 50
    append(ledger, tenant, charge("after"))
    transactions, upto = ledger.read_committed(tenant, 0)
    assert upto == 121  # nothing waits for the failed writer
    assert [t.id for t in transactions] == [f"c{i}" for i in range(50)] + ["after"]


def test_limit_history_and_get_by_ids(tenant, ledger) -> None:
    append(ledger, tenant, *[charge(f"c{i}") for i in range(5)], payment("p1"))
    transactions, upto = ledger.read_committed(tenant, 0, limit=2)
    assert ([t.id for t in transactions], upto) == (["c0", "c1"], 2)
    assert [t.id for t in ledger.read_committed(tenant, upto, limit=10)[0]] == ["c2", "c3", "c4", "p1"]
    assert [t.seq for t in ledger.history(tenant, 3)] == [1, 2, 3]
    assert len(ledger.history(tenant, None)) == 6
    found = ledger.get_by_ids(tenant, ["p1", "c4", "ghost"])
    assert sorted(found) == ["c4", "p1"] and found["p1"].seq == 6


@pytest.fixture
def ranged(container, clock) -> DynamoLedger:
    """A reader whose Query ranges hold 3 seqs, so a few rows cross several of them."""
    return DynamoLedger(container.models, clock=clock, read_range=3)


def test_bounded_ranges_read_every_row_once_in_seq_order(tenant, ranged) -> None:
    append(ranged, tenant, *[charge(f"c{i}") for i in range(10)], payment("p1"))
    transactions, upto = ranged.read_committed(tenant, 0)
    assert ([t.seq for t in transactions], upto) == (list(range(1, 12)), 11)
    assert [t.id for t in ranged.history(tenant, None)] == [f"c{i}" for i in range(10)] + ["p1"]
    assert [t.seq for t in ranged.history(tenant, 7)] == list(range(1, 8))


def test_a_gap_wider_than_a_range_stops_the_reader_until_it_is_old(tenant, ranged, clock) -> None:
    append(ranged, tenant, charge("c1"))
    ranged.allocate(tenant, 7)  # seqs 2..8: a writer that died after allocating, wider than a range
    append(ranged, tenant, charge("c9"))
    transactions, upto = ranged.read_committed(tenant, 0)
    assert ([t.id for t in transactions], upto) == (["c1"], 1)
    clock.advance(16)
    transactions, upto = ranged.read_committed(tenant, 1)
    assert ([t.id for t in transactions], upto) == (["c9"], 9)


def test_a_stream_reports_its_watermark_after_it_is_read(tenant, ranged) -> None:
    append(ranged, tenant, *[charge(f"c{i}") for i in range(7)])
    stream = ranged.committed(tenant, 2)
    assert [t.seq for t in stream] == [3, 4, 5, 6, 7] and stream.upto == 7


def test_stored_rows_decode_to_the_transactions_that_were_ingested(tenant, ranged) -> None:
    items = [charge("c1"), payment("p1"), {**payment("p2"), "payment_type": "custom", "custom_type": "Venmo"},
             {"id": "cr1", "type": "credit", "credit_type": "gift_card", "amount": "7.25", "date": "2025-03-02",
              "family_id": "f1", "location_id": "L1"}]
    append(ranged, tenant, *items)
    expected = txns(*items)
    assert [dataclasses.replace(t, seq=0) for t in ranged.read_committed(tenant, 0)[0]] == expected
