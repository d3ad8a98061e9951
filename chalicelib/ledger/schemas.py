"""The ingest API's request contract, as pydantic v2 models parsed with Powertools' parser.

Every model forbids unknown fields. Each transaction type is its own model (a discriminated
union on `type`), so a field that does not belong to a type is refused by name; the domain's
`Transaction` then re-checks what pydantic cannot say (custom_type only with payment_type custom).
Amounts must be JSON strings ("12.50"): a JSON number would have been a float on the way in.
"""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Annotated, Any, Literal

from aws_lambda_powertools.utilities.parser import BaseModel, ValidationError, parse
from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, StrictBool, StrictStr, StringConstraints

from chalicelib.domain.charges import MAX_TAX_PARTS
from chalicelib.domain.errors import ScheduleError, TransactionInvalid
from chalicelib.domain.money import parse_positive_amount
from chalicelib.domain.schedule import zone
from chalicelib.domain.transactions import MAX_TEXT, Transaction, TxnType
from chalicelib.errors import InvalidRequest
from chalicelib.ledger import bounds

MAX_BATCH = 500


def _amount(value: Any) -> Decimal:
    if not isinstance(value, str):
        raise ValueError('must be a decimal string such as "12.50"')
    return parse_positive_amount(value)


def _business_date(value: Any) -> dt.date:
    if isinstance(value, str) and len(value) == 10:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError("must be an ISO date (YYYY-MM-DD)")


def _utc_instant(value: Any) -> dt.datetime:
    if isinstance(value, str):
        try:
            instant = dt.datetime.fromisoformat(value)
        except ValueError:
            instant = None
        if instant is not None and instant.tzinfo is not None:
            return instant.astimezone(dt.UTC)
    raise ValueError("must be an ISO-8601 time with a UTC offset, e.g. 2025-01-31T08:00:00Z")


def _time_zone(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("must be an IANA time zone name such as America/Chicago")
    try:
        zone(value)
    except ScheduleError as exc:
        raise ValueError(str(exc)) from None
    return value


Text = Annotated[StrictStr, StringConstraints(min_length=1, max_length=MAX_TEXT), AfterValidator(bounds.clean_text)]
Amount = Annotated[Decimal, BeforeValidator(bounds.amount)]
BusinessDate = Annotated[dt.date, BeforeValidator(bounds.business_date)]
UtcInstant = Annotated[dt.datetime, BeforeValidator(bounds.utc_instant)]
TimeZone = Annotated[str, BeforeValidator(bounds.time_zone)]
PaymentTypeName = Literal["credit_card", "echeck", "cash", "check", "custom"]
ProcessorName = Literal["platform", "external"]
CreditTypeName = Literal["house", "coupon", "other", "gift_card"]
ChargeKindName = Literal["sale", "gift_card"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _TxnIn(_Strict):
    id: Text
    date: BusinessDate
    amount: Amount
    family_id: Text
    location_id: Text

    def to_domain(self) -> Transaction:
        """The domain transaction (seq 0 until the store allocates one); raises TransactionInvalid."""
        fields = self.model_dump(exclude_none=True)
        return Transaction.from_dict(fields)


class TaxIn(_Strict):
    """Tax included in a charge's amount, e.g. {"name": "Sales Tax", "amount": "8.00"}."""

    name: Text
    amount: Amount


class ChargeIn(_TxnIn):
    """A charge; `kind: "gift_card"` sells a gift card (a liability, no category needed), and
    `tax` lists the tax the amount includes. Both optional."""

    type: Literal["charge"]
    revenue_category: Text | None = None  # required unless kind is gift_card (the domain says so)
    kind: ChargeKindName | None = None
    tax: Annotated[list[TaxIn], Field(max_length=MAX_TAX_PARTS)] | None = None


class _Tender(_TxnIn):
    payment_type: PaymentTypeName
    custom_type: Text | None = None
    processor: ProcessorName | None = None


class PaymentIn(_Tender):
    type: Literal["payment"]


class RefundIn(_Tender):
    type: Literal["refund"]
    refunds: Text


class CreditIn(_TxnIn):
    type: Literal["credit"]
    credit_type: CreditTypeName


class VoidIn(_TxnIn):
    type: Literal["void"]
    voids: Text


TransactionIn = Annotated[ChargeIn | PaymentIn | RefundIn | CreditIn | VoidIn, Field(discriminator="type")]


class TransactionBatchIn(_Strict):
    transactions: Annotated[list[TransactionIn], Field(min_length=1, max_length=MAX_BATCH)]


class LocationIn(_Strict):
    id: Text
    name: Annotated[StrictStr, StringConstraints(min_length=1, max_length=200)]


class TenantProfileIn(_Strict):
    name: Annotated[StrictStr, StringConstraints(min_length=1, max_length=200)]
    timezone: TimeZone
    created_at: UtcInstant
    onboarding: StrictBool = False
    last_import_at: UtcInstant | None = None
    locations: Annotated[list[LocationIn], Field(max_length=1000)] = []

    def location_ids_unique(self) -> bool:
        ids = [loc.id for loc in self.locations]
        return len(ids) == len(set(ids))


def _text(body: str | bytes | None) -> str:
    """JSON text for the parser (bytes are decoded; undecodable bytes fail as invalid JSON)."""
    if isinstance(body, bytes):
        return body.decode("utf-8", errors="replace")
    return body or ""


def _message(error: Any) -> str:
    return str(error["msg"]).removeprefix("Value error, ")


def _field(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc) or "body"


def parse_profile(body: str | bytes | None, now: dt.datetime) -> TenantProfileIn:
    """The tenant profile in `body` (JSON text), or InvalidRequest listing every field error;
    its instants may be no later than a day after `now`."""
    try:
        profile = TenantProfileIn.model_validate_json(_text(body), context={"now": now})
    except ValidationError as exc:
        details = [{"field": _field(e["loc"]), "message": _message(e)} for e in exc.errors()]
        raise InvalidRequest("the tenant profile is invalid", details) from None
    if not profile.location_ids_unique():
        raise InvalidRequest("the tenant profile is invalid",
                             [{"field": "locations", "message": "location ids must be unique"}])
    return profile


_TAGS = frozenset(t.value for t in TxnType)


def parse_batch(body: str | bytes | None) -> list[Transaction]:
    """The batch in `body` as domain transactions, or InvalidRequest naming every bad item.

    Details: one entry per invalid item, `{"index", "id", "errors": [{"field", "code",
    "message"}]}`, plus `{"index": null, ...}` for faults of the batch itself.
    """
    try:
        batch = parse(event=_text(body), model=TransactionBatchIn)  # type: ignore[call-overload]  # stubs want a dict
    except ValidationError as exc:
        raise _batch_error(exc.errors(), _raw_ids(body)) from None
    transactions: list[Transaction] = []
    problems: dict[int | None, list[dict[str, str]]] = {}
    for index, item in enumerate(batch.transactions):
        try:
            transactions.append(item.to_domain())
        except TransactionInvalid as exc:
            problems[index] = [{"field": e.field, "code": "invalid", "message": e.message} for e in exc.errors]
    if problems:
        raise _invalid(problems, [t.id for t in batch.transactions])
    return transactions


def _raw_ids(body: str | bytes | None) -> list[Any]:
    try:
        items = json.loads(_text(body))["transactions"]
        return [item.get("id") if isinstance(item, dict) else None for item in items]
    except (ValueError, TypeError, KeyError, AttributeError):
        return []


def _batch_error(errors: list[Any], ids: list[Any]) -> InvalidRequest:
    problems: dict[int | None, list[dict[str, str]]] = {}
    for e in errors:
        loc = tuple(e["loc"])
        if len(loc) >= 2 and loc[0] == "transactions" and isinstance(loc[1], int):
            rest = loc[2:]
            if rest and rest[0] in _TAGS:  # the discriminated union names the model: drop it
                rest = rest[1:]
            problems.setdefault(loc[1], []).append(
                {"field": _field(rest) if rest else "type" if "union_tag" in e["type"] else "item",
                 "code": e["type"], "message": _message(e)})
        else:
            problems.setdefault(None, []).append({"field": _field(loc), "code": e["type"], "message": _message(e)})
    return _invalid(problems, ids)


def _invalid(problems: dict[int | None, list[dict[str, str]]], ids: list[Any]) -> InvalidRequest:
    details = [
        {"index": index, "id": ids[index] if index is not None and index < len(ids) else None, "errors": errs}
        for index, errs in sorted(problems.items(), key=lambda kv: -1 if kv[0] is None else kv[0])
    ]
    count = sum(1 for index in problems if index is not None)
    message = (f"{count} of the batch's transactions are invalid; nothing was stored" if count
               else "the batch is invalid; nothing was stored")
    return InvalidRequest(message, details, code="invalid_transactions")

