"""The ledger transaction: the platform's record of one charge, payment, credit, refund or void."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any

from chalicelib.domain.charges import ChargeKind, TaxPart, check_extras, parse_kind, parse_tax
from chalicelib.domain.errors import FieldError, MoneyError, TransactionInvalid
from chalicelib.domain.money import format_amount, is_cents, parse_positive_amount


class TxnType(str, Enum):
    CHARGE = "charge"
    PAYMENT = "payment"
    CREDIT = "credit"
    REFUND = "refund"
    VOID = "void"


class PaymentType(str, Enum):
    CREDIT_CARD = "credit_card"
    ECHECK = "echeck"
    CASH = "cash"
    CHECK = "check"
    CUSTOM = "custom"


class Processor(str, Enum):
    PLATFORM = "platform"
    EXTERNAL = "external"


class CreditType(str, Enum):
    HOUSE = "house"
    COUPON = "coupon"
    OTHER = "other"
    GIFT_CARD = "gift_card"


MAX_TEXT = 100
_TYPE_FIELDS: dict[TxnType, frozenset[str]] = {
    TxnType.CHARGE: frozenset({"revenue_category", "kind", "tax"}),
    TxnType.PAYMENT: frozenset({"payment_type", "custom_type", "processor"}),
    TxnType.REFUND: frozenset({"payment_type", "custom_type", "processor", "refunds"}),
    TxnType.CREDIT: frozenset({"credit_type"}),
    TxnType.VOID: frozenset({"voids"}),
}
_OPTIONAL = ("revenue_category", "kind", "payment_type", "custom_type", "processor", "credit_type",
             "refunds", "voids")


@dataclass(frozen=True)
class Transaction:
    """One immutable ledger row; `seq` is the tenant's ingest order (the sync cursor counts it)."""

    id: str
    seq: int
    type: TxnType
    date: dt.date
    amount: Decimal
    family_id: str
    location_id: str
    revenue_category: str | None = None
    payment_type: PaymentType | None = None
    custom_type: str | None = None
    processor: Processor | None = None
    credit_type: CreditType | None = None
    refunds: str | None = None
    voids: str | None = None
    kind: ChargeKind | None = None  # charges only: None is an ordinary sale
    tax: tuple[TaxPart, ...] = ()  # charges only: tax included in `amount`

    def __post_init__(self) -> None:
        errors = _check(self)
        if errors:
            raise TransactionInvalid(errors)

    @property
    def gift_card_sale(self) -> bool:
        return self.kind is ChargeKind.GIFT_CARD

    @property
    def payment_key(self) -> str | None:
        """The payment type a line is grouped by: a custom type is its own type ("custom:Venmo"),
        named with its spaces folded, so "Venmo" and "Venmo " are one type."""
        if self.payment_type is None:
            return None
        if self.payment_type is PaymentType.CUSTOM:
            return f"custom:{' '.join((self.custom_type or '').split())}"
        return self.payment_type.value

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], seq: int = 0) -> Transaction:
        """Parse the ingest API's JSON shape, collecting every field error at once."""
        errors: list[FieldError] = []
        values: dict[str, Any] = {"seq": seq}
        for name in ("id", "family_id", "location_id"):
            values[name] = data.get(name)
        values["type"] = _enum(TxnType, data.get("type"), "type", errors)
        values["date"] = _date(data.get("date"), errors)
        try:
            values["amount"] = parse_positive_amount(data.get("amount"))
        except MoneyError as exc:
            errors.append(FieldError("amount", str(exc)))
        enums = {"payment_type": PaymentType, "processor": Processor, "credit_type": CreditType}
        for name in _OPTIONAL:
            raw = data.get(name)
            values[name] = _enum(enums[name], raw, name, errors) if name in enums and raw is not None else raw
        values["kind"] = parse_kind(data.get("kind"), errors)
        values["tax"] = parse_tax(data.get("tax"), errors)
        if errors:
            raise TransactionInvalid(errors)
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        """The API/JSON shape (amount as "12.50", date as ISO); inverse of `from_dict`."""
        out: dict[str, Any] = {
            "id": self.id, "type": self.type.value, "date": self.date.isoformat(),
            "amount": format_amount(self.amount), "family_id": self.family_id,
            "location_id": self.location_id,
        }
        for name in _OPTIONAL:
            value = getattr(self, name)
            if value is not None:
                out[name] = value.value if isinstance(value, Enum) else value
        if self.tax:
            out["tax"] = [p.to_dict() for p in self.tax]
        return out


def _enum(kind: Any, raw: Any, name: str, errors: list[FieldError]) -> Any:
    try:
        return kind(raw)
    except ValueError:
        allowed = " | ".join(m.value for m in kind)
        errors.append(FieldError(name, f"{raw!r} is not one of {allowed}"))
        return None


def _date(raw: Any, errors: list[FieldError]) -> dt.date | None:
    if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
        return raw
    if isinstance(raw, str) and len(raw) == 10:
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            pass
    errors.append(FieldError("date", f"{raw!r} is not an ISO date (YYYY-MM-DD)"))
    return None


def _text_ok(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip()) and len(value) <= MAX_TEXT


def _check(t: Transaction) -> list[FieldError]:
    errors = [FieldError(n, f"must be a non-empty string of at most {MAX_TEXT} characters")
              for n in ("id", "family_id", "location_id") if not _text_ok(getattr(t, n))]
    if isinstance(t.seq, bool) or not isinstance(t.seq, int) or t.seq < 0:
        errors.append(FieldError("seq", "must be a non-negative integer"))
    if not isinstance(t.type, TxnType):
        return errors + [FieldError("type", "must be a TxnType")]
    if not isinstance(t.date, dt.date) or isinstance(t.date, dt.datetime):
        errors.append(FieldError("date", "must be a date (business date, no time)"))
    if not is_cents(t.amount) or t.amount <= 0:
        errors.append(FieldError("amount", "must be a Decimal greater than zero with two places"))
    allowed = _TYPE_FIELDS[t.type]
    errors += [FieldError(n, f"is not allowed on a {t.type.value}")
               for n in (*_OPTIONAL, "tax") if getattr(t, n) not in (None, ()) and n not in allowed]
    if t.type is TxnType.CHARGE:  # a gift card sale may carry a category (kept, not posted)
        if not _text_ok(t.revenue_category) and not (t.revenue_category is None and t.gift_card_sale):
            errors.append(FieldError("revenue_category", "is required on a charge"))
        errors += check_extras(t.kind, t.tax, t.amount)
    if t.type is TxnType.CREDIT and not isinstance(t.credit_type, CreditType):
        errors.append(FieldError("credit_type", "is required on a credit"))
    if t.type in (TxnType.PAYMENT, TxnType.REFUND):
        errors += _check_payment(t)
    for name, kind in (("refunds", TxnType.REFUND), ("voids", TxnType.VOID)):
        if t.type is kind and not _text_ok(getattr(t, name)):
            errors.append(FieldError(name, f"is required on a {kind.value}"))
    return errors


def _check_payment(t: Transaction) -> list[FieldError]:
    errors = []
    if not isinstance(t.payment_type, PaymentType):
        errors.append(FieldError("payment_type", f"is required on a {t.type.value}"))
    elif t.payment_type is PaymentType.CUSTOM and not _text_ok(t.custom_type):
        errors.append(FieldError("custom_type", "is required when payment_type is custom"))
    elif t.payment_type is not PaymentType.CUSTOM and t.custom_type is not None:
        errors.append(FieldError("custom_type", "is only allowed when payment_type is custom"))
    if t.processor is not None and not isinstance(t.processor, Processor):
        errors.append(FieldError("processor", "must be platform or external"))
    return errors
