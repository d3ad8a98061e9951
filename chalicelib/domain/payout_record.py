"""A processor payout as the platform reports it: what reached the studio's bank, and why.

net = gross − fees − refunds − chargebacks + chargeback_reversals + adjustments, to the cent.
`refunds` are refunds (and eCheck returns the platform booked as refunds or voids) the processor
kept back; they already left Merchant Settlement through the nightly journal entry, so a payout
puts them back there. `chargebacks` are disputes the platform did not book: they go to the
account the admin chose. `adjustments` is signed (the processor's corrections, either way).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from chalicelib.domain.errors import FieldError, MoneyError, TransactionInvalid
from chalicelib.domain.money import ZERO, format_amount, is_cents, parse_amount
from chalicelib.domain.transactions import MAX_TEXT, Processor

MAX_SETTLED = 95  # payments named per payout: its claim, row and marks are one DynamoDB transaction
WITHHELD = ("fees", "refunds", "chargebacks")
ADDED = ("chargeback_reversals",)


@dataclass(frozen=True)
class Payout:
    """One payout; `payments` are the ids of the payments it settles, where the platform knows them."""

    id: str
    processor: Processor
    date: dt.date  # the day it reaches the bank
    bank_account: str  # the platform's id of the studio's bank account
    gross: Decimal
    net: Decimal
    fees: Decimal = ZERO
    refunds: Decimal = ZERO
    chargebacks: Decimal = ZERO
    chargeback_reversals: Decimal = ZERO
    adjustments: Decimal = ZERO
    payments: tuple[str, ...] = ()
    seq: int = 0

    def __post_init__(self) -> None:
        errors = _check(self)
        if errors:
            raise TransactionInvalid(errors)

    @property
    def parts(self) -> Decimal:
        """What the net must be: the gross less what was withheld, plus what was added."""
        return (self.gross - self.fees - self.refunds - self.chargebacks + self.chargeback_reversals
                + self.adjustments)

    @property
    def settled_from_merchant(self) -> Decimal:
        """How much the payout takes out of Merchant Settlement: gross less refunds withheld."""
        return self.gross - self.refunds

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "type": "payout", "processor": self.processor.value,
                               "date": self.date.isoformat(), "bank_account": self.bank_account}
        for name in ("gross", *WITHHELD, *ADDED, "adjustments", "net"):
            out[name] = format_amount(getattr(self, name))
        out["payments"] = list(self.payments)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], seq: int = 0) -> Payout:
        errors: list[FieldError] = []
        amounts: dict[str, Decimal] = {}
        for name in ("gross", *WITHHELD, *ADDED, "adjustments", "net"):
            raw = data.get(name, "0.00" if name not in ("gross", "net") else None)
            try:
                amounts[name] = parse_amount(raw)
            except MoneyError as exc:
                errors.append(FieldError(name, str(exc)))
        try:
            processor = Processor(data.get("processor"))
        except ValueError:
            errors.append(FieldError("processor", "must be platform or external"))
        try:
            date = dt.date.fromisoformat(str(data.get("date")))
        except ValueError:
            errors.append(FieldError("date", "must be an ISO date (YYYY-MM-DD)"))
        if errors:
            raise TransactionInvalid(errors)
        return cls(id=data.get("id"), processor=processor, date=date,  # type: ignore[arg-type]
                   bank_account=data.get("bank_account"),  # type: ignore[arg-type]
                   payments=tuple(data.get("payments") or ()), seq=seq, **amounts)


def _text_ok(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip()) and len(value) <= MAX_TEXT


def _check(p: Payout) -> list[FieldError]:
    errors = [FieldError(n, f"must be a non-empty string of at most {MAX_TEXT} characters")
              for n in ("id", "bank_account") if not _text_ok(getattr(p, n))]
    for name in ("gross", *WITHHELD, *ADDED, "adjustments", "net"):
        value = getattr(p, name)
        if not is_cents(value):
            errors.append(FieldError(name, "must be a Decimal with two places"))
        elif name != "adjustments" and name != "net" and value < ZERO:
            errors.append(FieldError(name, "must not be negative"))
    if errors:
        return errors
    if p.net != p.parts:
        errors.append(FieldError("net", f"is {format_amount(p.net)} but gross − fees − refunds − chargebacks "
                                        f"+ chargeback_reversals + adjustments is {format_amount(p.parts)}"))
    if not all(_text_ok(i) for i in p.payments):
        errors.append(FieldError("payments", "each payment id must be a non-empty string"))
    elif len(set(p.payments)) != len(p.payments):
        twice = sorted({i for i in p.payments if p.payments.count(i) > 1})
        errors.append(FieldError("payments", f"settles {', '.join(twice)} twice"))
    if len(p.payments) > MAX_SETTLED:
        errors.append(FieldError("payments", f"at most {MAX_SETTLED} payment ids per payout"))
    return errors
