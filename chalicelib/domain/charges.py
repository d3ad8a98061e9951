"""What a charge may say besides its category: that it sells a gift card, and the tax it includes.

A gift card sale (`kind: "gift_card"`) is money the studio owes until the card is redeemed, so
it credits the gift card liability, not income. `tax` lists the tax included in the charge's
amount, by tax name; revenue is the amount net of it. Both are optional: a studio that sends
neither sees the charges it always saw.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any

from chalicelib.domain.errors import FieldError, MoneyError
from chalicelib.domain.money import ZERO, format_amount, is_cents, parse_positive_amount

MAX_TAX_PARTS = 10
MAX_TAX_NAME = 100


class ChargeKind(str, Enum):
    SALE = "sale"  # the default: income of its revenue category
    GIFT_CARD = "gift_card"  # a gift card sold: a liability until redeemed


@dataclass(frozen=True)
class TaxPart:
    """Tax of one name included in a charge (`amount` > 0, two places)."""

    name: str
    amount: Decimal

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "amount": format_amount(self.amount)}


def tax_name(raw: str) -> str:
    """One spelling per tax name: surrounding and repeated spaces dropped."""
    return " ".join(raw.split())


def parse_kind(raw: Any, errors: list[FieldError]) -> ChargeKind | None:
    """None for an ordinary sale (sent or not), so "sale" and no kind are the same body."""
    if raw is None:
        return None
    try:
        kind = ChargeKind(raw)
    except ValueError:
        errors.append(FieldError("kind", f"{raw!r} is not one of sale | gift_card"))
        return None
    return None if kind is ChargeKind.SALE else kind


def parse_tax(raw: Any, errors: list[FieldError]) -> tuple[TaxPart, ...]:
    """The API's `[{"name": "Sales Tax", "amount": "1.50"}]`, every problem collected."""
    if raw is None:
        return ()
    if not isinstance(raw, (list, tuple)):
        errors.append(FieldError("tax", 'must be a list such as [{"name": "Sales Tax", "amount": "1.50"}]'))
        return ()
    parts = []
    for i, item in enumerate(raw):
        if isinstance(item, TaxPart):
            parts.append(item)
            continue
        if not isinstance(item, dict) or set(item) - {"name", "amount"}:
            errors.append(FieldError(f"tax.{i}", "must be an object with name and amount only"))
            continue
        name = item.get("name")
        try:
            amount = parse_positive_amount(item.get("amount"))
        except MoneyError as exc:
            errors.append(FieldError(f"tax.{i}.amount", str(exc)))
            continue
        parts.append(TaxPart(tax_name(name) if isinstance(name, str) else str(name), amount))
    return tuple(parts)


def check_extras(kind: Any, parts: Sequence[TaxPart], amount: Any) -> list[FieldError]:
    """Tax parts must be named once each, positive cents, and together at most the charge."""
    errors = []
    if kind is not None and not isinstance(kind, ChargeKind):
        errors.append(FieldError("kind", "must be a ChargeKind"))
    if not parts:
        return errors
    if not isinstance(parts, tuple):
        return errors + [FieldError("tax", "must be a tuple of TaxPart")]
    if kind is ChargeKind.GIFT_CARD:
        errors.append(FieldError("tax", "is not allowed on a gift card sale (tax is charged on what "
                                        "the card buys, not on the card)"))
    if len(parts) > MAX_TAX_PARTS:
        errors.append(FieldError("tax", f"may list at most {MAX_TAX_PARTS} taxes"))
    seen: set[str] = set()
    for i, p in enumerate(parts):
        if not isinstance(p.name, str) or not p.name.strip() or len(p.name) > MAX_TAX_NAME:
            errors.append(FieldError(f"tax.{i}.name", f"must be a non-empty string of at most {MAX_TAX_NAME} characters"))
        elif p.name.casefold() in seen:
            errors.append(FieldError(f"tax.{i}.name", f"{p.name!r} is listed twice; give each tax once"))
        else:
            seen.add(p.name.casefold())
        if not is_cents(p.amount) or p.amount <= 0:
            errors.append(FieldError(f"tax.{i}.amount", "must be a Decimal greater than zero with two places"))
    total = sum((p.amount for p in parts if is_cents(p.amount)), ZERO)
    if is_cents(amount) and total > amount:
        errors.append(FieldError("tax", f"the tax ({format_amount(total)}) is more than the charge "
                                        f"({format_amount(amount)}); tax is included in the amount"))
    return errors


def tax_total(parts: Sequence[TaxPart]) -> Decimal:
    return sum((p.amount for p in parts), ZERO)
