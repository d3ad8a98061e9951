"""One contract for `LedgerReader`: the in-memory fake and the DynamoDB ledger read the same rows alike.

Each case stores its transactions through the implementation's own way in (the fake is given
them; the DynamoDB ledger appends them with fresh seqs after the tenant's profile), then reads.
The reader's gap handling (a seq allocated but not yet written) is the adapter's alone: the fake
has no allocations, and `tests/integration/ledger/` covers it on DynamoDB Local.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal

import pytest

from chalicelib.domain.transactions import CreditType, PaymentType, Transaction, TxnType
from chalicelib.ledger.ingest import LedgerWriter, body_hash
from chalicelib.ledger.ports import LedgerReader
from chalicelib.ledger.store import DynamoLedger
from chalicelib.store.models import build_models
from chalicelib.store.tenants import DynamoTenants
from chalicelib.tenants.model import Profile
from chalicelib.tenants.repository import TenantRepository
from tests.fakes.ledger import FakeLedger, FakeLedgerWriter
from tests.fakes.tenants import InMemoryTenants

UTC = dt.UTC
NOW = dt.datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
PROFILE = Profile(name="Tumble Town", timezone="America/Chicago", created_at=dt.datetime(2024, 1, 5, tzinfo=UTC))
Stored = Callable[[Sequence[Transaction]], LedgerReader]  # store these rows for t1 (seqs 1, 2, …); the reader


@pytest.fixture(params=["in_memory", "dynamodb_local"])
def stored(request: pytest.FixtureRequest) -> Stored:
    if request.param == "in_memory":
        return lambda rows: FakeLedger([dataclasses.replace(t, seq=i + 1) for i, t in enumerate(rows)], "t1")
    models = build_models(request.getfixturevalue("config"))
    for tenant_id in ("t1", "t2"):  # t2: a studio with a profile and no rows yet
        DynamoTenants(models.Tenant).put_profile(tenant_id, PROFILE, NOW)
    ledger = DynamoLedger(models, clock=lambda: NOW)

    def store(rows: Sequence[Transaction]) -> LedgerReader:
        if rows:
            result = ledger.append("t1", rows, {t.id: body_hash(t) for t in rows})
            assert list(result.stored.values()) == list(range(1, len(rows) + 1))
        return ledger
    return store


def charge(id: str, amount: str = "100.00", family: str = "f1") -> Transaction:
    return Transaction(id, 0, TxnType.CHARGE, dt.date(2026, 3, 1), Decimal(amount), family, "L1",
                       revenue_category="tuition")


def payment(id: str, amount: str = "50.00") -> Transaction:
    return Transaction(id, 0, TxnType.PAYMENT, dt.date(2026, 3, 2), Decimal(amount), "f1", "L1",
                       payment_type=PaymentType.CREDIT_CARD)


def credit(id: str) -> Transaction:
    return Transaction(id, 0, TxnType.CREDIT, dt.date(2026, 3, 3), Decimal("10.00"), "f2", "L1",
                       credit_type=CreditType.HOUSE)


def void(id: str, target: Transaction) -> Transaction:
    return Transaction(id, 0, TxnType.VOID, dt.date(2026, 3, 4), target.amount, target.family_id, "L1",
                       voids=target.id)


ROWS = [charge("c1"), payment("p1"), credit("cr1"), charge("c2", "42.50", "f2"), payment("p2", "12.34")]


def ids(rows: Sequence[Transaction]) -> list[tuple[str, int]]:
    return [(t.id, t.seq) for t in rows]


def test_an_empty_ledger_reads_nothing_and_stays_at_the_cursor(stored: Stored) -> None:
    ledger = stored([])
    assert ledger.read_committed("t1", 0) == ([], 0)
    assert ledger.history("t1", None) == [] and ledger.history("t1", 5) == []
    assert dict(ledger.get_by_ids("t1", ["c1"])) == {} and dict(ledger.voided_by("t1", ["c1"])) == {}


def test_the_committed_rows_after_the_cursor_come_in_seq_order_with_the_watermark(stored: Stored) -> None:
    ledger = stored(ROWS)
    rows, upto = ledger.read_committed("t1", 0)
    assert ids(rows) == [("c1", 1), ("p1", 2), ("cr1", 3), ("c2", 4), ("p2", 5)] and upto == 5
    assert rows == [dataclasses.replace(t, seq=i + 1) for i, t in enumerate(ROWS)]
    rows, upto = ledger.read_committed("t1", 3)
    assert ids(rows) == [("c2", 4), ("p2", 5)] and upto == 5
    assert ledger.read_committed("t1", 5) == ([], 5)


def test_a_limit_stops_the_read_and_the_watermark_at_the_last_row_returned(stored: Stored) -> None:
    ledger = stored(ROWS)
    rows, upto = ledger.read_committed("t1", 0, limit=2)
    assert ids(rows) == [("c1", 1), ("p1", 2)] and upto == 2
    rows, upto = ledger.read_committed("t1", upto, limit=2)
    assert ids(rows) == [("cr1", 3), ("c2", 4)] and upto == 4
    rows, upto = ledger.read_committed("t1", upto, limit=2)
    assert ids(rows) == [("p2", 5)] and upto == 5


def test_history_is_every_row_up_to_a_seq_or_all_of_them(stored: Stored) -> None:
    ledger = stored(ROWS)
    assert ids(ledger.history("t1", 2)) == [("c1", 1), ("p1", 2)]
    assert ids(ledger.history("t1", None)) == ids(ledger.history("t1", 99)) == ids(ledger.read_committed("t1", 0)[0])
    assert ledger.history("t1", 0) == []


def test_rows_are_found_by_id_and_unknown_ids_are_absent(stored: Stored) -> None:
    ledger = stored(ROWS)
    found = ledger.get_by_ids("t1", ["p1", "c2", "nope", "p1"])
    assert {k: v.seq for k, v in found.items()} == {"p1": 2, "c2": 4}
    assert found["c2"] == dataclasses.replace(ROWS[3], seq=4)


def test_a_void_names_what_it_cancelled(stored: Stored) -> None:
    ledger = stored([*ROWS, void("v1", ROWS[1])])
    assert dict(ledger.voided_by("t1", ["p1", "c1", "nope"])) == {"p1": "v1"}
    assert ids(ledger.read_committed("t1", 5)[0]) == [("v1", 6)]


def test_another_tenants_ledger_is_empty(stored: Stored) -> None:
    """(Of a studio with a profile: the adapter's `read_committed` expects the tenant item.)"""
    ledger = stored(ROWS)
    assert ledger.read_committed("t2", 0) == ([], 0)
    assert ledger.history("t2", None) == [] and dict(ledger.get_by_ids("t2", ["c1"])) == {}


# --- the writer the ingest uses (`LedgerWriter`): FakeLedgerWriter and DynamoLedger alike ---------

def refund(id: str, of: Transaction, amount: str) -> Transaction:
    return Transaction(id, 0, TxnType.REFUND, dt.date(2026, 3, 2), Decimal(amount), of.family_id, "L1",
                       payment_type=PaymentType.CREDIT_CARD, refunds=of.id)


@pytest.fixture(params=["in_memory", "dynamodb_local"])
def writer(request: pytest.FixtureRequest) -> LedgerWriter:
    """A writer over a tenant repository where t1 and t2 have profiles and t3 has none."""
    if request.param == "in_memory":
        tenants: TenantRepository = InMemoryTenants()
        built: LedgerWriter = FakeLedgerWriter(tenants, lambda: NOW)
    else:
        models = build_models(request.getfixturevalue("config"))
        tenants = DynamoTenants(models.Tenant)
        built = DynamoLedger(models, clock=lambda: NOW, tenants=tenants)
    for tenant_id in ("t1", "t2"):
        tenants.put_profile(tenant_id, PROFILE, NOW)
    return built


def _append(w: LedgerWriter, tenant_id: str, rows: Sequence[Transaction]) -> dict[str, int]:
    return w.append(tenant_id, rows, {t.id: body_hash(t) for t in rows}).stored


def test_a_writer_knows_which_studios_have_a_profile_and_their_today(writer: LedgerWriter) -> None:
    assert writer.has_tenant("t1") and not writer.has_tenant("t3")
    assert writer.tenant_today("t1") == dt.date(2026, 3, 2) and writer.tenant_today("t3") is None  # 9 AM Chicago


def test_appends_take_consecutive_seqs_per_studio(writer: LedgerWriter) -> None:
    assert _append(writer, "t1", ROWS[:2]) == {"c1": 1, "p1": 2}
    assert _append(writer, "t1", ROWS[2:3]) == {"cr1": 3}
    assert _append(writer, "t2", ROWS[:1]) == {"c1": 1}


def test_an_append_for_a_studio_without_a_profile_is_refused(writer: LedgerWriter) -> None:
    from chalicelib.ledger.store import TenantUnknown

    with pytest.raises(TenantUnknown):
        _append(writer, "t3", ROWS[:1])


def test_claims_and_rows_are_found_by_id_for_their_own_studio(writer: LedgerWriter) -> None:
    _append(writer, "t1", ROWS[:2])
    claims = writer.claims("t1", ["c1", "nope"])
    assert set(claims) == {"c1"} and (claims["c1"].seq, claims["c1"].body_hash) == (1, body_hash(ROWS[0]))
    assert set(writer.get_by_ids("t1", ["p1", "nope"])) == {"p1"} and writer.get_by_ids("t2", ["p1"]) == {}
    assert writer.claims("t2", ["c1"]) == {}


def test_voids_and_refund_totals_are_read_back(writer: LedgerWriter) -> None:
    p1 = ROWS[1]
    r1, r2 = refund("r1", p1, "10.00"), refund("r2", p1, "5.00")
    _append(writer, "t1", [ROWS[0], p1, r1, r2, void("v1", r2)])
    assert writer.voided_by("t1", ["r2", "r1"]) == {"r2": "v1"}
    assert writer.refunded_totals("t1", ["p1"]) == {"p1": Decimal("10.00")}
