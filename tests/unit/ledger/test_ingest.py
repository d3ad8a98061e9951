"""Ingesting a batch (`chalicelib/ledger/ingest.py`) through fakes: the tenant repository and the
ledger writer in memory, no DynamoDB."""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from chalicelib.errors import Conflict, InvalidRequest, NotFound
from chalicelib.ledger.ingest import LedgerIngest
from chalicelib.ledger.schemas import parse_batch
from chalicelib.tenants.model import Profile
from tests.fakes.ledger import FakeLedgerWriter
from tests.fakes.tenants import InMemoryTenants

NOW = dt.datetime(2025, 3, 10, 15, 0, tzinfo=dt.UTC)
PROFILE = Profile(name="Tumble Town", timezone="America/Chicago", created_at=dt.datetime(2024, 1, 5, tzinfo=dt.UTC))


def charge(id: str, amount: str = "100.00", date: str = "2025-03-01") -> dict[str, Any]:
    return {"id": id, "type": "charge", "date": date, "amount": amount, "family_id": "f1",
            "location_id": "L1", "revenue_category": "tuition"}


def payment(id: str, amount: str = "50.00") -> dict[str, Any]:
    return {"id": id, "type": "payment", "date": "2025-03-02", "amount": amount, "family_id": "f1",
            "location_id": "L1", "payment_type": "credit_card", "processor": "platform"}


def refund(id: str, of: str, amount: str = "20.00") -> dict[str, Any]:
    return {"id": id, "type": "refund", "date": "2025-03-04", "amount": amount, "family_id": "f1",
            "location_id": "L1", "payment_type": "credit_card", "refunds": of}


def void(id: str, of: dict[str, Any]) -> dict[str, Any]:
    return {"id": id, "type": "void", "date": "2025-03-05", "amount": of["amount"], "family_id": "f1",
            "location_id": "L1", "voids": of["id"]}


class Studio:
    def __init__(self, profile: bool = True) -> None:
        self.tenants = InMemoryTenants()
        if profile:
            self.tenants.put_profile("t1", PROFILE, NOW)
        self.ledger = FakeLedgerWriter(self.tenants, lambda: NOW)

    def post(self, *items: dict[str, Any]) -> dict[str, Any]:
        return LedgerIngest(self.ledger).ingest("t1", parse_batch(json.dumps({"transactions": list(items)}))).body()

    def refused(self, *items: dict[str, Any]) -> Any:
        with pytest.raises((Conflict, InvalidRequest, NotFound)) as refusal:
            self.post(*items)
        return refusal.value

    @property
    def next_seq(self) -> int:
        t = self.tenants.get("t1")
        return t.next_seq if t else 0


def test_a_batch_is_stored_in_order_with_consecutive_seqs() -> None:
    s = Studio()
    body = s.post(charge("c1"), payment("p1"), charge("c2"))
    assert body["accepted"] == 3 and body["duplicates"] == 0
    assert [(t["id"], t["status"], t["seq"]) for t in body["transactions"]] == [
        ("c1", "accepted", 1), ("p1", "accepted", 2), ("c2", "accepted", 3)]
    assert s.next_seq == 3


def test_resending_a_batch_stores_nothing_twice_and_answers_the_stored_seqs() -> None:
    s = Studio()
    s.post(charge("c1"), charge("c2"))
    body = s.post(charge("c2"), charge("c3"), charge("c1"))
    assert [(t["id"], t["status"], t["seq"]) for t in body["transactions"]] == [
        ("c2", "duplicate", 2), ("c3", "accepted", 3), ("c1", "duplicate", 1)]
    assert s.next_seq == 3


def test_the_same_body_written_differently_is_a_duplicate() -> None:
    s = Studio()
    s.post(charge("c1", amount="12.50"))
    assert s.post(charge("c1", amount="12.5"))["duplicates"] == 1


def test_a_known_id_with_another_body_refuses_the_whole_batch() -> None:
    s = Studio()
    s.post(charge("c1"))
    refusal = s.refused(charge("c9"), charge("c1", amount="100.01"))
    assert refusal.code == "id_conflict" and [(d["index"], d["id"]) for d in refusal.details] == [(1, "c1")]
    assert s.ledger.get_by_ids("t1", ["c9"]) == {} and s.next_seq == 1


def test_a_refund_of_an_unknown_payment_refuses_the_whole_batch() -> None:
    s = Studio()
    refusal = s.refused(charge("c1"), refund("r1", "p-missing"))
    assert refusal.code == "invalid_transactions"
    assert refusal.details[0]["index"] == 1 and refusal.details[0]["errors"][0]["code"] == "unknown_payment"
    assert s.ledger.appends == 0 and s.next_seq == 0


def test_a_refund_may_point_at_a_payment_in_the_same_batch_or_stored_before() -> None:
    s = Studio()
    s.post(payment("p1"))
    assert s.post(payment("p2"), refund("r2", "p2"), refund("r1", "p1"))["accepted"] == 3


def test_refunds_cannot_exceed_their_payment_across_batches() -> None:
    s = Studio()
    s.post(payment("p1", amount="50.00"), refund("r1", "p1", amount="40.00"))
    refusal = s.refused(refund("r2", "p1", amount="20.00"))
    assert refusal.details[0]["errors"][0]["code"] == "refund_exceeds_payment"


def test_a_transaction_is_voided_at_most_once() -> None:
    s = Studio()
    c1 = charge("c1")
    s.post(c1, void("v1", c1))
    refusal = s.refused(void("v2", c1))
    assert refusal.details[0]["errors"][0]["code"] == "already_voided"


def test_an_id_twice_in_one_batch_is_refused() -> None:
    refusal = Studio().refused(charge("c1"), charge("c1"))
    assert refusal.details[0]["errors"][0]["code"] == "duplicate_id"


def test_a_studio_without_a_profile_is_not_found_and_nothing_is_allocated() -> None:
    s = Studio(profile=False)
    assert isinstance(s.refused(charge("c1")), NotFound)
    assert s.tenants.get("t1") is None


def test_a_batch_dated_far_past_the_studios_today_is_refused() -> None:
    s = Studio()
    refusal = s.refused(charge("c1"), charge("c2", date="2025-06-01"))
    assert refusal.code == "invalid_transactions" and [d["index"] for d in refusal.details] == [1]
    assert refusal.details[0]["errors"][0]["code"] == "date_out_of_range" and s.next_seq == 0


def test_a_batch_that_cannot_get_the_ingest_lease_stores_nothing_and_may_be_retried() -> None:
    s = Studio()
    s.ledger.busy = True
    refusal = s.refused(charge("c1"))
    assert refusal.code == "ingest_busy" and s.next_seq == 0
    s.ledger.busy = False
    assert s.post(charge("c1"))["accepted"] == 1
