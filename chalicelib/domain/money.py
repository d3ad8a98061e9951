"""Money is a `Decimal` with exactly two places; floats never get in."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from chalicelib.domain.errors import MoneyError

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def quantize(value: Decimal) -> Decimal:
    """Round a computed amount to cents (half up, as accountants expect)."""
    if isinstance(value, float) or not isinstance(value, (Decimal, int)) or isinstance(value, bool):
        raise MoneyError(f"expected a Decimal, got {type(value).__name__}")
    value = Decimal(value)
    if not value.is_finite():
        raise MoneyError("amount must be finite")
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_amount(value: object) -> Decimal:
    """Parse "12.50" (or a Decimal/int) exactly; refuse floats, NaN/inf and sub-cent digits.

    Refusing instead of rounding keeps the platform's figures and ours identical to the cent.
    """
    if isinstance(value, (bool, float)):
        raise MoneyError(f"amount must be a decimal string such as \"12.50\", not {value!r}")
    if isinstance(value, str):
        text = value.strip()
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise MoneyError(f"{value!r} is not a decimal amount") from None
    elif isinstance(value, (Decimal, int)):
        number = Decimal(value)
    else:
        raise MoneyError(f"amount must be a decimal string, not {type(value).__name__}")
    if not number.is_finite():
        raise MoneyError(f"{value!r} is not a finite amount")
    try:  # "1e400" is finite but has no cents representation: refused, never a 500
        cents = number.quantize(CENT)
    except InvalidOperation:
        raise MoneyError(f"{value!r} is too large an amount") from None
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2 and number != cents:
        raise MoneyError(f"{value!r} has more than two decimal places")
    return cents


def parse_positive_amount(value: object) -> Decimal:
    """Parse an amount that must be greater than zero (every ledger amount is)."""
    number = parse_amount(value)
    if number <= ZERO:
        raise MoneyError(f"amount must be greater than zero, got {format_amount(number)}")
    return number


def format_amount(value: Decimal) -> str:
    """Render cents the way the API and QBO carry them: "12.50", "-3.00"."""
    return f"{quantize(value):.2f}"


def is_cents(value: object) -> bool:
    """True for a finite Decimal already quantized to two places (an invariant check)."""
    return (
        isinstance(value, Decimal)
        and value.is_finite()
        and value.as_tuple().exponent == -2
    )
