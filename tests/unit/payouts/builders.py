"""Payout builders: each test states only the figures it is about."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from chalicelib.domain.payout_record import Payout
from chalicelib.domain.payouts import PayoutAccounts
from chalicelib.domain.transactions import Processor

ACCOUNTS = PayoutAccounts({"ba-1": "Business Checking", "ba-2": "Savings"})


def m(text: str) -> Decimal:
    return Decimal(text).quantize(Decimal("0.01"))


def payout(id: str = "po1", gross: str = "100.00", *, fees: str = "0.00", refunds: str = "0.00",
           chargebacks: str = "0.00", reversals: str = "0.00", adjustments: str = "0.00",
           net: str | None = None, date: str = "2025-03-12", bank: str = "ba-1",
           processor: str = "platform", payments: Sequence[str] = (), seq: int = 0) -> Payout:
    parts = m(gross) - m(fees) - m(refunds) - m(chargebacks) + m(reversals) + m(adjustments)
    return Payout(id, Processor(processor), dt.date.fromisoformat(date), bank, m(gross),
                  m(net) if net is not None else parts, m(fees), m(refunds), m(chargebacks), m(reversals),
                  m(adjustments), tuple(payments), seq)
