"""The ingest contract parsed without any I/O: shapes, types, and what the domain adds."""
from __future__ import annotations

import json
from decimal import Decimal

import pytest

from chalicelib.errors import InvalidRequest
from chalicelib.ledger.ingest import body_hash
from chalicelib.ledger.schemas import parse_batch, parse_profile

CHARGE = {"id": "c1", "type": "charge", "date": "2025-03-01", "amount": "12.5", "family_id": "f1",
          "location_id": "L1", "revenue_category": "tuition"}


def batch(*items) -> str:
    return json.dumps({"transactions": list(items)})


def test_amounts_become_two_place_decimals() -> None:
    [t] = parse_batch(batch(CHARGE))
    assert t.amount == Decimal("12.50") and str(t.amount) == "12.50"


def test_equal_bodies_hash_equal_whatever_their_spelling() -> None:
    [a] = parse_batch(batch(CHARGE))
    [b] = parse_batch(batch({**CHARGE, "amount": "12.50"}))
    [c] = parse_batch(batch({**CHARGE, "amount": "12.51"}))
    assert body_hash(a) == body_hash(b) != body_hash(c)


@pytest.mark.parametrize("body", [b"\xff\xfe", "", "null", "{", json.dumps({"transactions": [CHARGE] * 501})])
def test_unreadable_or_oversized_batches_are_refused_as_a_whole(body) -> None:
    with pytest.raises(InvalidRequest) as raised:
        parse_batch(body)
    assert raised.value.details[0]["index"] is None


def test_errors_name_the_item_and_the_field() -> None:
    with pytest.raises(InvalidRequest) as raised:
        parse_batch(batch(CHARGE, {**CHARGE, "id": "c2", "amount": "1.001", "extra": 1}))
    [detail] = raised.value.details
    assert (detail["index"], detail["id"]) == (1, "c2")
    assert {e["field"] for e in detail["errors"]} == {"amount", "extra"}
    assert "more than two decimal places" in next(e["message"] for e in detail["errors"] if e["field"] == "amount")


def test_a_profile_time_is_normalised_to_utc() -> None:
    profile = parse_profile(json.dumps({"name": "S", "timezone": "Europe/Paris",
                                        "created_at": "2025-01-01T01:00:00+01:00"}))
    assert profile.created_at.isoformat() == "2025-01-01T00:00:00+00:00"
    assert (profile.onboarding, profile.locations, profile.last_import_at) == (False, [], None)
