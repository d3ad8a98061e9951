from __future__ import annotations

from decimal import Decimal

import pytest

from chalicelib.domain.errors import MoneyError
from chalicelib.domain.money import format_amount, is_cents, parse_amount, parse_positive_amount, quantize


def test_two_place_string_parses_exactly() -> None:
    assert parse_amount("12.50") == Decimal("12.50")
    assert parse_amount("12.50").as_tuple().exponent == -2


def test_whole_numbers_and_one_place_are_quantized_to_cents() -> None:
    assert str(parse_amount("12")) == "12.00"
    assert str(parse_amount("0.5")) == "0.50"
    assert str(parse_amount(7)) == "7.00"


def test_trailing_zeros_beyond_cents_are_accepted_because_nothing_is_lost() -> None:
    assert parse_amount("1.500") == Decimal("1.50")


@pytest.mark.parametrize("raw", ["1.005", "0.001", Decimal("2.345")])
def test_more_than_two_places_is_rejected(raw: object) -> None:
    with pytest.raises(MoneyError, match="more than two decimal places"):
        parse_amount(raw)


@pytest.mark.parametrize("raw", [12.5, 0.1, True])
def test_floats_and_bools_are_rejected(raw: object) -> None:
    with pytest.raises(MoneyError):
        parse_amount(raw)


@pytest.mark.parametrize("raw", ["NaN", "Infinity", "-inf", "sNaN"])
def test_non_finite_amounts_are_rejected(raw: str) -> None:
    with pytest.raises(MoneyError):
        parse_amount(raw)


@pytest.mark.parametrize("raw", ["", "twelve", "1,000.00", None, [1]])
def test_garbage_is_rejected(raw: object) -> None:
    with pytest.raises(MoneyError):
        parse_amount(raw)


@pytest.mark.parametrize("raw", ["0", "0.00", "-1.00"])
def test_positive_amount_refuses_zero_and_negatives(raw: str) -> None:
    with pytest.raises(MoneyError, match="greater than zero"):
        parse_positive_amount(raw)


def test_format_amount_renders_two_places() -> None:
    assert format_amount(Decimal("3")) == "3.00"
    assert format_amount(Decimal("-0.5")) == "-0.50"


def test_quantize_rounds_half_up_and_refuses_floats() -> None:
    assert quantize(Decimal("0.125")) == Decimal("0.13")
    with pytest.raises(MoneyError):
        quantize(0.125)  # type: ignore[arg-type]


def test_is_cents_checks_the_invariant() -> None:
    assert is_cents(Decimal("1.00"))
    assert not is_cents(Decimal("1"))
    assert not is_cents(1.0)
