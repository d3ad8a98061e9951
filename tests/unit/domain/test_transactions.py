from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from chalicelib.domain.errors import TransactionInvalid
from chalicelib.domain.transactions import PaymentType, Transaction, TxnType

from .builders import payment


def _raw(**fields: object) -> dict[str, object]:
    base: dict[str, object] = {"id": "c1", "type": "charge", "date": "2025-03-01",
                               "amount": "40.00", "family_id": "f1", "location_id": "L1",
                               "revenue_category": "tuition"}
    base.update(fields)
    return {k: v for k, v in base.items() if v is not None}


def test_charge_parses_from_the_api_shape() -> None:
    t = Transaction.from_dict(_raw(), seq=7)
    assert (t.type, t.date, t.amount, t.seq) == (TxnType.CHARGE, dt.date(2025, 3, 1), Decimal("40.00"), 7)
    assert t.revenue_category == "tuition"


def test_to_dict_is_the_inverse_of_from_dict() -> None:
    raw = _raw(type="payment", revenue_category=None, payment_type="custom", custom_type="Venmo",
               processor="external")
    assert Transaction.from_dict(raw).to_dict() == raw


def test_custom_payment_requires_a_custom_type() -> None:
    with pytest.raises(TransactionInvalid) as err:
        Transaction.from_dict(_raw(type="payment", revenue_category=None, payment_type="custom"))
    assert [e.field for e in err.value.errors] == ["custom_type"]


def test_custom_type_is_refused_on_a_non_custom_payment() -> None:
    with pytest.raises(TransactionInvalid, match="custom_type"):
        Transaction.from_dict(_raw(type="payment", revenue_category=None, payment_type="cash",
                                   custom_type="Venmo"))


def test_charge_requires_a_revenue_category() -> None:
    with pytest.raises(TransactionInvalid, match="revenue_category"):
        Transaction.from_dict(_raw(revenue_category=None))


def test_fields_of_another_type_are_refused() -> None:
    with pytest.raises(TransactionInvalid, match="credit_type: is not allowed on a charge"):
        Transaction.from_dict(_raw(credit_type="house"))


def test_refund_requires_the_payment_it_refunds() -> None:
    with pytest.raises(TransactionInvalid, match="refunds"):
        Transaction.from_dict(_raw(type="refund", revenue_category=None, payment_type="cash"))


def test_void_requires_the_transaction_it_voids() -> None:
    with pytest.raises(TransactionInvalid, match="voids"):
        Transaction.from_dict(_raw(type="void", revenue_category=None))


def test_every_field_error_is_reported_at_once() -> None:
    with pytest.raises(TransactionInvalid) as err:
        Transaction.from_dict(_raw(type="bogus", date="03/01/2025", amount=12.5))
    assert {e.field for e in err.value.errors} == {"type", "date", "amount"}


@pytest.mark.parametrize("amount", ["0.00", "-5.00", "1.001", "NaN"])
def test_amount_must_be_positive_with_two_places(amount: str) -> None:
    with pytest.raises(TransactionInvalid, match="amount"):
        Transaction.from_dict(_raw(amount=amount))


def test_a_datetime_is_not_a_business_date() -> None:
    with pytest.raises(TransactionInvalid, match="date"):
        Transaction.from_dict(_raw(date="2025-03-01T10:00:00Z"))


def test_unknown_credit_type_lists_the_allowed_ones() -> None:
    with pytest.raises(TransactionInvalid, match=re.escape("house | coupon | other | gift_card")):
        Transaction.from_dict(_raw(type="credit", revenue_category=None, credit_type="loyalty"))


def test_custom_payment_types_are_keyed_by_their_own_name() -> None:
    assert payment("p", 1, "2025-01-02", "5.00", "custom", custom="Venmo").payment_key == "custom:Venmo"
    assert payment("p", 1, "2025-01-02", "5.00", "echeck").payment_key == "echeck"


def test_transactions_are_immutable() -> None:
    t = payment("p", 1, "2025-01-02", "5.00")
    with pytest.raises(AttributeError):
        t.amount = Decimal("1.00")  # type: ignore[misc]


def test_payment_type_enum_matches_the_contract() -> None:
    assert {p.value for p in PaymentType} == {"credit_card", "echeck", "cash", "check", "custom"}
