"""Cross-reference checks on an ingest batch: refunds and voids must point at something real.

Decisions (the contract is silent on them):
- a refund names a known payment (same batch or already stored), of the same payment type
  (custom type included) and the same family, dated on or after it; the payment's processor may
  differ. Same type, because the refund reduces that payment type's debit line.
- a payment's refunds (voided refunds excluded) may not exceed it; a voided payment can't be
  refunded, and a payment with live refunds can't be voided (void the refunds first).
- a void names a known transaction that is not a void and not already voided, of the same family
  and amount, dated on or after it (a void can't take effect before the thing it cancels).
- an id may appear only once in a batch.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from chalicelib.domain.money import ZERO, format_amount
from chalicelib.domain.transactions import Transaction, TxnType

Lookup = Mapping[str, Transaction] | Callable[[str], Transaction | None]


@dataclass(frozen=True)
class ItemError:
    """A problem with item `index` of the batch (the ingest API reports it in `details`)."""

    index: int
    txn_id: str
    code: str
    message: str


@dataclass(frozen=True)
class LedgerIndex:
    """What the validator needs to know about stored transactions, built from them in memory."""

    by_id: Mapping[str, Transaction]
    voids: Mapping[str, str] = field(default_factory=dict)
    refunded: Mapping[str, Decimal] = field(default_factory=dict)

    @classmethod
    def build(cls, transactions: Iterable[Transaction]) -> LedgerIndex:
        by_id = {t.id: t for t in transactions}
        voids = {t.voids: t.id for t in by_id.values() if t.type is TxnType.VOID and t.voids}
        refunded: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for t in by_id.values():
            if t.type is TxnType.REFUND and t.refunds and t.id not in voids:
                refunded[t.refunds] += t.amount
        return cls(by_id, voids, dict(refunded))

    def get(self, txn_id: str) -> Transaction | None:
        return self.by_id.get(txn_id)

    def voided_by(self, txn_id: str) -> str | None:
        return self.voids.get(txn_id)

    def refunded_total(self, payment_id: str) -> Decimal:
        return self.refunded.get(payment_id, ZERO)


def validate_references(
    batch: Sequence[Transaction],
    known: Lookup,
    *,
    voided_by: Callable[[str], str | None] | None = None,
    refunded_total: Callable[[str], Decimal] | None = None,
) -> list[ItemError]:
    """Per-item reference errors for `batch` against `known` (empty list: the batch is sound).

    `known` is a mapping or a `get(id)` callable; with a mapping, `voided_by` and `refunded_total`
    are derived from it; with a callable, pass them too or those two checks see the batch only.
    """
    if isinstance(known, Mapping):
        index = LedgerIndex.build(known.values())
        get: Callable[[str], Transaction | None] = index.get
        voided_by = voided_by or index.voided_by
        refunded_total = refunded_total or index.refunded_total
    else:
        get = known
    check = _Checker(batch, get, voided_by or (lambda _: None), refunded_total or (lambda _: ZERO))
    return check.run()


class _Checker:
    """One pass over a batch; private so the public surface stays a function."""

    def __init__(self, batch: Sequence[Transaction], get: Callable[[str], Transaction | None],
                 voided_by: Callable[[str], str | None],
                 refunded_total: Callable[[str], Decimal]) -> None:
        self.batch = batch
        self.in_batch = {t.id: t for t in batch}
        self.get = get
        self.voided_by = voided_by
        self.refunded_total = refunded_total
        self.batch_voided: set[str] = {t.voids for t in batch if t.type is TxnType.VOID and t.voids}
        self.errors: list[ItemError] = []
        self.refunds: dict[str, Decimal] = defaultdict(lambda: ZERO)
        self.void_seen: set[str] = set()
        self.loaded: set[str] = set()

    def find(self, txn_id: str | None) -> Transaction | None:
        if txn_id is None:
            return None
        return self.in_batch.get(txn_id) or self.get(txn_id)

    def fail(self, i: int, t: Transaction, code: str, message: str) -> None:
        self.errors.append(ItemError(i, t.id, code, message))

    def run(self) -> list[ItemError]:
        seen: set[str] = set()
        for i, t in enumerate(self.batch):
            if t.id in seen:
                self.fail(i, t, "duplicate_id", f"id {t.id} appears more than once in the batch")
            seen.add(t.id)
            if t.type is TxnType.REFUND:
                self.refund(i, t)
            elif t.type is TxnType.VOID:
                self.void(i, t)
        return self.errors

    def live_refunds(self, payment_id: str) -> Decimal:
        """Refunds of a payment already stored, less those this batch voids."""
        total = self.refunded_total(payment_id)
        for void_target in self.batch_voided:
            stored = None if void_target in self.in_batch else self.get(void_target)
            if stored is not None and stored.type is TxnType.REFUND and stored.refunds == payment_id:
                total -= stored.amount
        return total

    def refund(self, i: int, t: Transaction) -> None:
        p = self.find(t.refunds)
        if p is None or p.type is not TxnType.PAYMENT:
            what = "an unknown transaction" if p is None else f"a {p.type.value}"
            return self.fail(i, t, "unknown_payment",
                             f"refund {t.id} refers to {what} ({t.refunds}); it must refer to a payment")
        if p.payment_key != t.payment_key:
            return self.fail(i, t, "payment_type_mismatch",
                             f"refund {t.id} is {t.payment_key} but payment {p.id} is {p.payment_key}")
        if p.family_id != t.family_id:
            return self.fail(i, t, "family_mismatch", f"refund {t.id} is for family {t.family_id} "
                             f"but payment {p.id} is for family {p.family_id}")
        if t.date < p.date:
            return self.fail(i, t, "refund_before_payment",
                             f"refund {t.id} is dated {t.date}, before payment {p.id} ({p.date})")
        if p.id in self.batch_voided or self.voided_by(p.id):
            return self.fail(i, t, "payment_voided", f"payment {p.id} is voided and cannot be refunded")
        if t.id in self.batch_voided:
            return None
        if p.id not in self.loaded:
            self.loaded.add(p.id)
            self.refunds[p.id] = self.live_refunds(p.id)
        left = p.amount - self.refunds[p.id]
        if t.amount > left:
            return self.fail(i, t, "refund_exceeds_payment",
                             f"refund {t.id} of {format_amount(t.amount)} exceeds the "
                             f"{format_amount(left)} left to refund on payment {p.id}")
        self.refunds[p.id] += t.amount
        return None

    def void(self, i: int, t: Transaction) -> None:
        target = self.find(t.voids)
        if target is None:
            return self.fail(i, t, "unknown_transaction",
                             f"void {t.id} refers to an unknown transaction ({t.voids})")
        if target.type is TxnType.VOID:
            return self.fail(i, t, "cannot_void_a_void",
                             f"void {t.id} refers to void {target.id}; a void cannot be voided")
        if target.id in self.void_seen or self.voided_by(target.id):
            return self.fail(i, t, "already_voided", f"transaction {target.id} is already voided")
        self.void_seen.add(target.id)
        if target.family_id != t.family_id or target.amount != t.amount:
            return self.fail(i, t, "void_mismatch", f"void {t.id} must carry the family and amount "
                             f"of {target.id} ({target.family_id}, {format_amount(target.amount)})")
        if t.date < target.date:
            return self.fail(i, t, "void_before_transaction",
                             f"void {t.id} is dated {t.date}, before {target.id} ({target.date})")
        if target.type is TxnType.PAYMENT and self.has_live_refunds(target.id):
            return self.fail(i, t, "payment_has_refunds",
                             f"payment {target.id} has refunds; void them first")
        return None

    def has_live_refunds(self, payment_id: str) -> bool:
        in_batch = any(r.type is TxnType.REFUND and r.refunds == payment_id
                       and r.id not in self.batch_voided for r in self.batch)
        return in_batch or self.live_refunds(payment_id) > ZERO
