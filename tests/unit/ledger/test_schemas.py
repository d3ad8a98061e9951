"""The ingest contract parsed without any I/O: shapes, types, and what the domain adds."""
from __future__ import annotations

import datetime as dt
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
                                        "created_at": "2025-01-01T01:00:00+01:00"}),
                            dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    assert profile.created_at.isoformat() == "2025-01-01T00:00:00+00:00"
    assert (profile.onboarding, profile.locations, profile.last_import_at) == (False, [], None)


def _errors(body: str) -> list[tuple[str, str]]:
    with pytest.raises(InvalidRequest) as err:
        parse_batch(body)
    return [(e["field"], e["message"]) for d in err.value.details for e in d["errors"]]


def test_a_charge_may_carry_the_tax_it_includes() -> None:
    [t] = parse_batch(batch({**CHARGE, "amount": "108.00", "tax": [{"name": "Sales Tax", "amount": "8.00"}]}))
    assert [(p.name, p.amount) for p in t.tax] == [("Sales Tax", Decimal("8.00"))]


def test_a_tax_amount_sent_as_a_json_number_is_refused() -> None:
    fields = _errors(batch({**CHARGE, "tax": [{"name": "Sales Tax", "amount": 1.5}]}))
    assert fields[0][0] == "tax.0.amount"


def test_tax_above_the_charge_is_refused_with_the_reason() -> None:
    [(field, message)] = _errors(batch({**CHARGE, "tax": [{"name": "Sales Tax", "amount": "13.00"}]}))
    assert field == "tax" and "more than the charge" in message


def test_a_gift_card_sale_is_a_charge_of_kind_gift_card_without_a_category() -> None:
    sale = {k: v for k, v in CHARGE.items() if k != "revenue_category"}
    [t] = parse_batch(batch({**sale, "kind": "gift_card"}))
    assert t.gift_card_sale and t.revenue_category is None


def test_an_ordinary_charge_still_needs_its_category() -> None:
    sale = {k: v for k, v in CHARGE.items() if k != "revenue_category"}
    assert _errors(batch(sale))[0][0] == "revenue_category"


def test_kind_and_tax_are_refused_on_a_payment_by_name() -> None:
    pay = {"id": "p1", "type": "payment", "date": "2025-03-01", "amount": "5.00", "family_id": "f1",
           "location_id": "L1", "payment_type": "cash", "kind": "gift_card"}
    assert _errors(batch(pay))[0][0] == "kind"
