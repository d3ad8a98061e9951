"""What a charge may say about gift cards and tax, and what it may not."""
from __future__ import annotations

from decimal import Decimal

import pytest

from chalicelib.domain.charges import ChargeKind, TaxPart
from chalicelib.domain.errors import TransactionInvalid
from chalicelib.domain.transactions import Transaction


def _raw(**fields: object) -> dict[str, object]:
    base: dict[str, object] = {"id": "c1", "type": "charge", "date": "2025-03-01", "amount": "108.00",
                               "family_id": "f1", "location_id": "L1", "revenue_category": "tuition"}
    base.update(fields)
    return {k: v for k, v in base.items() if v is not None}


def _fields(raw: dict[str, object]) -> list[str]:
    with pytest.raises(TransactionInvalid) as err:
        Transaction.from_dict(raw)
    return [e.field for e in err.value.errors]


def test_a_charge_carries_the_tax_it_includes() -> None:
    t = Transaction.from_dict(_raw(tax=[{"name": "Sales Tax", "amount": "8.00"}]))
    assert t.tax == (TaxPart("Sales Tax", Decimal("8.00")),)


def test_tax_round_trips_through_the_api_shape() -> None:
    raw = _raw(tax=[{"name": "State Tax", "amount": "5.00"}, {"name": "City Tax", "amount": "3.00"}])
    assert Transaction.from_dict(raw).to_dict() == raw


def test_a_charge_without_tax_keeps_its_old_body() -> None:
    assert "tax" not in Transaction.from_dict(_raw()).to_dict()


def test_tax_names_are_spelled_one_way() -> None:
    t = Transaction.from_dict(_raw(tax=[{"name": "  Sales   Tax ", "amount": "8.00"}]))
    assert t.tax[0].name == "Sales Tax"


def test_tax_more_than_the_charge_is_refused() -> None:
    assert _fields(_raw(tax=[{"name": "Sales Tax", "amount": "108.01"}])) == ["tax"]


def test_tax_equal_to_the_charge_is_accepted() -> None:
    assert Transaction.from_dict(_raw(tax=[{"name": "Sales Tax", "amount": "108.00"}])).tax


def test_a_tax_named_twice_is_refused() -> None:
    raw = _raw(tax=[{"name": "Sales Tax", "amount": "1.00"}, {"name": "sales tax", "amount": "1.00"}])
    assert _fields(raw) == ["tax.1.name"]


@pytest.mark.parametrize("amount", ["0.00", "-1.00", "1.005", 1.5, "abc"])
def test_a_tax_amount_must_be_positive_cents(amount: object) -> None:
    assert _fields(_raw(tax=[{"name": "Sales Tax", "amount": amount}])) == ["tax.0.amount"]


def test_tax_is_refused_on_a_payment() -> None:
    raw = _raw(type="payment", revenue_category=None, payment_type="cash", tax=[{"name": "T", "amount": "1.00"}])
    assert _fields(raw) == ["tax"]


def test_a_gift_card_sale_needs_no_revenue_category() -> None:
    t = Transaction.from_dict(_raw(kind="gift_card", revenue_category=None))
    assert t.kind is ChargeKind.GIFT_CARD and t.gift_card_sale


def test_tax_is_refused_on_a_gift_card_sale() -> None:
    assert _fields(_raw(kind="gift_card", tax=[{"name": "Sales Tax", "amount": "1.00"}])) == ["tax"]


def test_kind_sale_is_the_same_body_as_no_kind() -> None:
    assert Transaction.from_dict(_raw(kind="sale")).to_dict() == Transaction.from_dict(_raw()).to_dict()


def test_an_unknown_kind_is_refused_by_name() -> None:
    assert _fields(_raw(kind="voucher")) == ["kind"]


def test_kind_is_refused_on_a_credit() -> None:
    raw = _raw(type="credit", revenue_category=None, credit_type="house", kind="gift_card")
    assert _fields(raw) == ["kind"]
