"""Random payment and payout streams, run by run, booked the way QuickBooks would book them."""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from chalicelib.domain.journal import JournalDocument, PostingPlan
from chalicelib.domain.payout_record import Payout
from chalicelib.domain.payouts import with_payouts
from chalicelib.domain.posting import plan_sync
from chalicelib.domain.transactions import PaymentType, Processor, Transaction, TxnType
from tests.unit.domain.builders import GO_LIVE, settings
from tests.unit.payouts.builders import ACCOUNTS

CARD = (PaymentType.CREDIT_CARD, PaymentType.ECHECK)


def cents(rng: random.Random, low: int, high: int) -> Decimal:
    return (Decimal(rng.randint(low, high)) / 100).quantize(Decimal("0.01"))


@dataclass
class Stream:
    rng: random.Random
    rows: list[Transaction] = field(default_factory=list)
    payouts: list[Payout] = field(default_factory=list)
    seq: int = 0
    day: dt.date = GO_LIVE
    settled: set[str] = field(default_factory=set)
    books: dict[str, Decimal] = field(default_factory=dict)
    cursor: int = 0
    posted: list[JournalDocument] = field(default_factory=list)

    def _next(self) -> int:
        self.seq += 1
        return self.seq

    def _payment(self) -> None:
        kind = self.rng.choice([PaymentType.CREDIT_CARD, PaymentType.ECHECK, PaymentType.CASH])
        processor = self.rng.choice([Processor.PLATFORM, Processor.PLATFORM, Processor.EXTERNAL, None])
        self.rows.append(Transaction(f"p{self.seq + 1}", self._next(), TxnType.PAYMENT, self.day,
                                     cents(self.rng, 100, 50000), f"f{self.rng.randint(1, 4)}", "L1",
                                     payment_type=kind, processor=processor))

    def _voided(self) -> set[str]:
        return {t.voids for t in self.rows if t.type is TxnType.VOID}

    def _card_payments(self) -> list[Transaction]:
        voided = self._voided()
        return [t for t in self.rows if t.type is TxnType.PAYMENT and t.payment_type in CARD and t.id not in voided]

    def _refund_or_void(self) -> None:
        card = self._card_payments()
        if not card:
            return
        target = self.rng.choice(card)
        if self.rng.random() < 0.5:  # a partial refund (or an eCheck return booked as a refund)
            amount = min(target.amount, cents(self.rng, 100, 5000))
            self.rows.append(Transaction(f"r{self.seq + 1}", self._next(), TxnType.REFUND, self.day, amount,
                                         target.family_id, "L1", payment_type=target.payment_type,
                                         refunds=target.id))
        else:  # a void, maybe of a payment already paid out (NSF after the payout)
            self.rows.append(Transaction(f"v{self.seq + 1}", self._next(), TxnType.VOID, self.day, target.amount,
                                         target.family_id, "L1", voids=target.id))

    def _payout(self) -> None:
        processor = self.rng.choice([Processor.PLATFORM, Processor.EXTERNAL])
        open_ = [t for t in self._card_payments() if t.id not in self.settled
                 and (t.processor or Processor.PLATFORM) is processor]
        named = [t for t in open_ if self.rng.random() < 0.6]  # partial settlement
        unattributed = cents(self.rng, 0, 3000) if self.rng.random() < 0.3 else Decimal("0.00")
        gross = sum((t.amount for t in named), Decimal("0.00")) + unattributed
        fees = min(gross, cents(self.rng, 0, 900))
        refunds = cents(self.rng, 0, 2000) if self.rng.random() < 0.4 else Decimal("0.00")
        chargebacks = cents(self.rng, 0, 4000) if self.rng.random() < 0.3 else Decimal("0.00")
        reversals = cents(self.rng, 0, 2000) if self.rng.random() < 0.2 else Decimal("0.00")
        adjustments = cents(self.rng, -300, 300) if self.rng.random() < 0.2 else Decimal("0.00")
        net = gross - fees - refunds - chargebacks + reversals + adjustments
        self.settled |= {t.id for t in named}
        self.payouts.append(Payout(f"po{self.seq + 1}", processor, self.day + dt.timedelta(days=2),
                                   self.rng.choice(["ba-1", "ba-2"]), gross, net, fees, refunds, chargebacks,
                                   reversals, adjustments, tuple(t.id for t in named), self._next()))

    def ingest(self, count: int) -> None:
        for _ in range(count):
            self.day += dt.timedelta(days=self.rng.choice([0, 0, 1]))
            roll = self.rng.random()
            (self._payment if roll < 0.55 else self._refund_or_void if roll < 0.75 else self._payout)()

    def run(self, run_id: str) -> PostingPlan:
        """One sync run over (cursor, seq]: the journal planner, then the payouts; books updated."""
        s, upto, first = settings(), self.seq, self.cursor == 0
        new = [t for t in self.rows if t.seq > self.cursor]
        history = [t for t in self.rows if t.seq <= self.cursor]
        plan = plan_sync(s, run_id=run_id, sync_date=self.day, cursor=self.cursor, upto=upto, first_sync=first,
                         transactions=new, history=history)
        plan = with_payouts(plan, s, ACCOUNTS, [p for p in self.payouts if self.cursor < p.seq <= upto])
        for doc in plan.documents:
            for ln in doc.lines:
                self.books[str(ln.account)] = self.books.get(str(ln.account), Decimal("0.00")) + ln.signed
        self.posted += plan.documents
        self.cursor = upto
        return plan
