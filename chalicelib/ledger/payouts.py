"""`payout` records: the request contract, the checks against stored payments, and the ingest.

Like transactions: up to 500 per call, all-or-nothing validation, idempotent by id (the same id
with the same body is a duplicate, with another body a 409). A payout is refused, with the
reason, when its net is not its parts, or when it settles a payment twice, a payment that is not
one of this studio's (unknown to its ledger: another tenant's ids are not visible), a charge or
other non-payment, a cash, check or custom payment (the studio deposits those itself), a payment
of the other processor, a voided payment, or a payment another payout already settled.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Annotated, Any, Literal

from aws_lambda_powertools.utilities.parser import BaseModel, ValidationError, parse
from pydantic import BeforeValidator, ConfigDict, Field, StrictStr, StringConstraints

from chalicelib.domain.clearing import CARD_TYPES, processor_of
from chalicelib.domain.errors import TransactionInvalid
from chalicelib.domain.money import ZERO, format_amount, parse_amount
from chalicelib.domain.payout_record import MAX_SETTLED, Payout
from chalicelib.domain.transactions import MAX_TEXT, TxnType
from chalicelib.errors import Conflict, InvalidRequest, NotFound
from chalicelib.ledger.payout_store import DynamoPayouts
from chalicelib.ledger.store import TenantUnknown

MAX_BATCH = 500


def _signed(value: Any) -> Decimal:
    if not isinstance(value, str):
        raise ValueError('must be a decimal string such as "12.50"')
    return parse_amount(value)


def _unsigned(value: Any) -> Decimal:
    number = _signed(value)
    if number < ZERO:
        raise ValueError("must not be negative")
    return number


Text = Annotated[StrictStr, StringConstraints(min_length=1, max_length=MAX_TEXT)]
Signed = Annotated[Decimal, BeforeValidator(_signed)]
Unsigned = Annotated[Decimal, BeforeValidator(_unsigned)]


class PayoutIn(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: Text
    type: Literal["payout"] = "payout"
    processor: Literal["platform", "external"]
    date: Annotated[StrictStr, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")]
    bank_account: Text
    gross: Unsigned
    fees: Unsigned = ZERO
    refunds: Unsigned = ZERO
    chargebacks: Unsigned = ZERO
    chargeback_reversals: Unsigned = ZERO
    adjustments: Signed = ZERO
    net: Signed
    payments: Annotated[list[Text], Field(max_length=MAX_SETTLED)] = []


class PayoutBatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    payouts: Annotated[list[PayoutIn], Field(min_length=1, max_length=MAX_BATCH)]


def _detail(index: int | None, pid: Any, field: str, code: str, message: str) -> dict[str, Any]:
    return {"index": index, "id": pid, "errors": [{"field": field, "code": code, "message": message}]}


def parse_payouts(body: str | bytes | None) -> list[Payout]:
    """The batch as domain payouts, or InvalidRequest naming every bad item (nothing stored)."""
    text = body.decode("utf-8", errors="replace") if isinstance(body, bytes) else (body or "")
    try:
        batch = parse(event=text, model=PayoutBatchIn)  # type: ignore[call-overload]  # stubs want a dict
    except ValidationError as exc:
        details = []
        for e in exc.errors():
            loc = tuple(e["loc"])
            index = loc[1] if len(loc) >= 2 and loc[0] == "payouts" and isinstance(loc[1], int) else None
            field = ".".join(str(x) for x in (loc[2:] if index is not None else loc)) or "body"
            details.append(_detail(index, None, field, e["type"], str(e["msg"]).removeprefix("Value error, ")))
        raise InvalidRequest("the payout batch is invalid; nothing was stored", details,
                             code="invalid_payouts") from None
    payouts, details = [], []
    for index, item in enumerate(batch.payouts):
        try:
            payouts.append(Payout.from_dict(item.model_dump()))
        except TransactionInvalid as exc:
            details += [_detail(index, item.id, e.field, "invalid", e.message) for e in exc.errors]
    ids = [p.id for p in batch.payouts]
    details += [_detail(i, pid, "id", "duplicate_id", f"{pid} appears twice in the batch")
                for i, pid in enumerate(ids) if ids.index(pid) != i]
    if details:
        raise InvalidRequest(f"{len({d['index'] for d in details})} of the batch's payouts are invalid; "
                             "nothing was stored", details, code="invalid_payouts")
    return payouts


def body_hash(p: Payout) -> str:
    return hashlib.sha256(json.dumps(p.to_dict(), sort_keys=True, separators=(",", ":")).encode()).hexdigest()


class PayoutIngest:
    def __init__(self, payouts: DynamoPayouts) -> None:
        self.payouts = payouts
        self.ledger = payouts.ledger

    def ingest(self, tenant_id: str, batch: Sequence[Payout]) -> dict[str, Any]:
        hashes = {p.id: body_hash(p) for p in batch}
        claims = self.payouts.claims(tenant_id, hashes)
        clashes = [_detail(i, p.id, "id", "id_conflict", f"{p.id} is already stored (seq {claims[p.id].seq}) "
                           "with a different body") for i, p in enumerate(batch)
                   if p.id in claims and claims[p.id].body_hash != hashes[p.id]]
        if clashes:
            raise Conflict(f"{len(clashes)} payout id(s) were stored before with a different body; nothing was stored",
                           clashes, code="id_conflict")
        fresh = [(i, p) for i, p in enumerate(batch) if p.id not in claims]
        errors = self._settlement_errors(tenant_id, fresh)
        if errors:
            if not self.ledger.has_tenant(tenant_id):
                raise NotFound(f"tenant {tenant_id} has no profile yet: PUT /v1/tenants/{tenant_id} first")
            raise InvalidRequest(f"{len({e['index'] for e in errors})} of the batch's payouts are invalid; "
                                 "nothing was stored", errors, code="invalid_payouts")
        try:
            result = self.payouts.append(tenant_id, [p for _, p in fresh], hashes)
        except TenantUnknown:
            raise NotFound(f"tenant {tenant_id} has no profile yet: PUT /v1/tenants/{tenant_id} first") from None
        if result.conflicts:
            raise Conflict("a concurrent request stored or settled some of these differently; the rest was stored "
                           "and a retry is safe", [_detail(i, p.id, "payments", "id_conflict", result.conflicts[p.id])
                                                   for i, p in enumerate(batch) if p.id in result.conflicts],
                           code="id_conflict")
        seqs = {**{k: c.seq for k, c in claims.items()}, **result.duplicates}
        items = [{"id": p.id, "status": "accepted", "seq": result.stored[p.id]} if p.id in result.stored
                 else {"id": p.id, "status": "duplicate", "seq": seqs[p.id]} for p in batch]
        return {"accepted": sum(1 for i in items if i["status"] == "accepted"),
                "duplicates": sum(1 for i in items if i["status"] == "duplicate"), "payouts": items}

    def _settlement_errors(self, tenant_id: str, fresh: list[tuple[int, Payout]]) -> list[dict[str, Any]]:
        ids = [i for _, p in fresh for i in p.payments]
        if not ids:
            return []
        known = self.ledger.get_by_ids(tenant_id, ids)
        voided = self.ledger.voided_by(tenant_id, ids)
        settled = self.payouts.settled_by(tenant_id, ids)
        first: dict[str, str] = {}
        errors = []
        for index, p in fresh:
            reasons = []
            for pid in p.payments:
                reasons += _refusals(p, pid, known.get(pid), voided.get(pid), settled.get(pid), first.get(pid))
                first.setdefault(pid, p.id)
            total = sum((known[i].amount for i in p.payments if i in known), ZERO)
            if not reasons and total > p.gross:
                reasons.append(f"the payments it names add up to {format_amount(total)}, more than its gross "
                               f"{format_amount(p.gross)}")
            errors += [_detail(index, p.id, "payments", "invalid_settlement", r) for r in reasons]
        return errors


def _refusals(p: Payout, pid: str, t: Any, void: str | None, settled: str | None, earlier: str | None) -> list[str]:
    if t is None:
        return [f"{pid} is not a payment of this studio (no such transaction is stored for it)"]
    if t.type is not TxnType.PAYMENT:
        return [f"{pid} is a {t.type.value}, not a payment"]
    if t.payment_type not in CARD_TYPES:
        return [f"{pid} is a {t.payment_type.value} payment: the studio deposits those itself, no payout settles them"]
    if processor_of(t) is not p.processor:
        return [f"{pid} went through the {processor_of(t).value} processor, not the {p.processor.value} one"]
    if void:
        return [f"{pid} was voided (by {void})"]
    if settled or earlier:
        return [f"{pid} is already settled by payout {settled or earlier}"]
    return []
