"""The Merchant Settlement clearing figures from the ledger alone (pure; the report adds QBO's balance).

What Merchant Settlement must hold after the posted runs: card and eCheck payments less their
refunds (voids undo what they void, on the void's date, exactly as the journal planner posts them),
dated on or after Go Live, less what the posted payouts took out (gross less refunds withheld).
The breakdown says where that money is: payments no payout named (by processor and date), less
payout gross that named no payment, less refunds and returns the processor has not withheld yet.
External-processor payments that no payout named are listed apart: the platform may never
report a payout for them, and then only the accountant can clear them.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from chalicelib.domain.balances import ordered
from chalicelib.domain.money import ZERO
from chalicelib.domain.payout_record import Payout
from chalicelib.domain.transactions import PaymentType, Processor, Transaction, TxnType

CARD_TYPES = (PaymentType.CREDIT_CARD, PaymentType.ECHECK)


@dataclass(frozen=True)
class Clearing:
    expected_balance: Decimal  # what Merchant Settlement must hold
    unpaid: Mapping[tuple[str, dt.date], Decimal]  # (processor, date) → payments no payout named
    unattributed: Mapping[str, Decimal]  # processor → payout gross that named no payment
    returns_pending: Decimal  # refunds, returns and voids the processor has not withheld yet
    external_uncovered: tuple[Transaction, ...]  # external payments no payout named
    payouts: tuple[Payout, ...]  # the payouts counted (dated on or after Go Live)

    @property
    def unpaid_total(self) -> Decimal:
        return sum(self.unpaid.values(), ZERO)


def processor_of(t: Transaction) -> Processor:
    return t.processor or Processor.PLATFORM


def merchant_effects(transactions: Iterable[Transaction], go_live: dt.date) -> Decimal:
    """The journal entries' net debit to Merchant Settlement for these rows."""
    rows = list(transactions)
    by_id, voided, total = {t.id: t for t in rows}, set(), ZERO
    for t in ordered(rows):
        subject, sign = t, 1
        if t.type is TxnType.VOID:
            target = by_id.get(t.voids or "")
            if target is None or target.id in voided:
                continue
            voided.add(target.id)
            subject, sign = target, -1
        if t.date < go_live or subject.payment_type not in CARD_TYPES:
            continue
        if subject.type is TxnType.PAYMENT:
            total += subject.amount * sign
        elif subject.type is TxnType.REFUND:
            total -= subject.amount * sign
    return total


def clearing(transactions: Iterable[Transaction], payouts: Iterable[Payout], go_live: dt.date) -> Clearing:
    rows = list(transactions)
    counted = tuple(sorted((p for p in payouts if p.date >= go_live), key=lambda p: (p.date, p.seq)))
    named = {i for p in counted for i in p.payments}
    voided = {t.voids for t in rows if t.type is TxnType.VOID}
    by_id = {t.id: t for t in rows}
    live = [t for t in rows if t.type is TxnType.PAYMENT and t.payment_type in CARD_TYPES
            and t.date >= go_live and t.id not in voided]
    unpaid: dict[tuple[str, dt.date], Decimal] = {}
    for t in live:
        if t.id not in named:
            slot = (processor_of(t).value, t.date)
            unpaid[slot] = unpaid.get(slot, ZERO) + t.amount
    unattributed: dict[str, Decimal] = {}
    for p in counted:
        known = sum((by_id[i].amount for i in p.payments if i in by_id), ZERO)
        if p.gross != known:
            unattributed[p.processor.value] = unattributed.get(p.processor.value, ZERO) + p.gross - known
    expected = merchant_effects(rows, go_live) - sum((p.settled_from_merchant for p in counted), ZERO)
    unpaid_total = sum(unpaid.values(), ZERO)
    pending = unpaid_total - sum(unattributed.values(), ZERO) - expected
    external = tuple(t for t in live if t.id not in named and processor_of(t) is Processor.EXTERNAL)
    return Clearing(expected, dict(sorted(unpaid.items())), dict(sorted(unattributed.items())), pending,
                    external, counted)
