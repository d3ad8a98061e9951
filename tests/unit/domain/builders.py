"""Small builders for ledger rows and settings, so each test states only what it is about."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from chalicelib.domain.accounts import AccountKey
from chalicelib.domain.charges import ChargeKind, TaxPart
from chalicelib.domain.journal import JournalDocument
from chalicelib.domain.settings import PostingSettings
from chalicelib.domain.transactions import CreditType, PaymentType, Processor, Transaction, TxnType

GO_LIVE = dt.date(2025, 1, 1)


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def money(text: str) -> Decimal:
    return Decimal(text).quantize(Decimal("0.01"))


def charge(id: str, seq: int, date: str, amount: str, family: str = "f1", location: str = "L1",
           category: str = "tuition", tax: dict[str, str] | None = None) -> Transaction:
    return Transaction(id, seq, TxnType.CHARGE, d(date), money(amount), family, location,
                       revenue_category=category,
                       tax=tuple(TaxPart(n, money(a)) for n, a in (tax or {}).items()))


def gift_card_sale(id: str, seq: int, date: str, amount: str, family: str = "f1",
                   location: str = "L1") -> Transaction:
    return Transaction(id, seq, TxnType.CHARGE, d(date), money(amount), family, location,
                       kind=ChargeKind.GIFT_CARD)


def payment(id: str, seq: int, date: str, amount: str, ptype: str = "cash", family: str = "f1",
            location: str = "L1", custom: str | None = None,
            processor: str | None = None) -> Transaction:
    return Transaction(id, seq, TxnType.PAYMENT, d(date), money(amount), family, location,
                       payment_type=PaymentType(ptype), custom_type=custom,
                       processor=Processor(processor) if processor else None)


def refund(id: str, seq: int, date: str, amount: str, refunds: str, ptype: str = "cash",
           family: str = "f1", location: str = "L1", custom: str | None = None) -> Transaction:
    return Transaction(id, seq, TxnType.REFUND, d(date), money(amount), family, location,
                       payment_type=PaymentType(ptype), custom_type=custom, refunds=refunds)


def credit(id: str, seq: int, date: str, amount: str, ctype: str = "house", family: str = "f1",
           location: str = "L1") -> Transaction:
    return Transaction(id, seq, TxnType.CREDIT, d(date), money(amount), family, location,
                       credit_type=CreditType(ctype))


def void(id: str, seq: int, date: str, of: Transaction) -> Transaction:
    return Transaction(id, seq, TxnType.VOID, d(date), of.amount, of.family_id, of.location_id,
                       voids=of.id)


def settings(**overrides: object) -> PostingSettings:
    base: dict[str, object] = dict(tenant_id="t1", studio_name="Tumble Town", go_live_date=GO_LIVE)
    base.update(overrides)
    return PostingSettings(**base)  # type: ignore[arg-type]


def account_totals(docs: Iterable[JournalDocument]) -> dict[AccountKey, Decimal]:
    """Signed (debit positive) total per account over documents."""
    out: dict[AccountKey, Decimal] = {}
    for doc in docs:
        for ln in doc.lines:
            out[ln.account] = out.get(ln.account, Decimal("0.00")) + ln.signed
    return out
