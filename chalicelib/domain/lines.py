"""Accumulates one document's lines: per payment type (payments and refunds apart), credit type,
revenue category, gift cards and tax name (per location class when tracking), plus the
receivables and unapplied-credit changes.

Refunds never net into their payment type's line: a day with a 150.00 check payment and a 150.00
check refund shows both, so each bank movement has its counterpart. A void nets into the line of
what it voids (it undoes that movement).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from enum import Enum

from chalicelib.domain.accounts import AccountKey, AccountRole, credit_key, route_payment, route_refund
from chalicelib.domain.charges import tax_total
from chalicelib.domain.journal import JournalLine, PostingType
from chalicelib.domain.money import ZERO
from chalicelib.domain.transactions import CreditType, Transaction, TxnType


class Flow(str, Enum):
    """What a line carries, in document order; `normal` is the side it usually sits on."""

    PAYMENT = "payment"
    REFUND = "refund"
    CREDIT = "credit"
    CHARGE = "charge"
    GIFT_CARD_SALE = "gift_card_sale"
    TAX = "tax"
    UNAPPLIED = "unapplied"
    RECEIVABLES = "receivables"
    OFFSET = "offset"

    @property
    def normal(self) -> PostingType:
        debit = (Flow.PAYMENT, Flow.CREDIT, Flow.RECEIVABLES, Flow.OFFSET)
        return PostingType.DEBIT if self in debit else PostingType.CREDIT


_ORDER = {f: i for i, f in enumerate(Flow)}
_Slot = tuple[Flow, AccountKey, str | None, str | None]  # flow, account, subject, class
GIFT_CARD = CreditType.GIFT_CARD.value


def payment_label(payment_key: str) -> str:
    """"credit_card" → "Credit card"; "custom:Venmo" → "Custom (Venmo)"."""
    if payment_key.startswith("custom:"):
        return f"Custom ({payment_key[7:]})"
    return {"credit_card": "Credit card", "echeck": "eCheck"}.get(payment_key, payment_key.capitalize())


class LineBook:
    """Signed sums (debit positive) per slot; `lines()` flips negatives and drops zeros.

    `refund_routes` names the payment types whose refunds the admin sent to an account of their
    own (`AccountRole.REFUND_ACCOUNT`); the others go back where the payment went."""

    def __init__(self, class_for: Callable[[str], str | None], refund_routes: Iterable[str] = ()) -> None:
        self._class_for = class_for
        self._routes = frozenset(refund_routes)
        self._sums: dict[_Slot, Decimal] = {}
        self.payment_keys: set[str] = set()

    def _add(self, flow: Flow, key: AccountKey, subject: str | None, cls: str | None, signed: Decimal) -> None:
        slot = (flow, key, subject, cls)
        self._sums[slot] = self._sums.get(slot, ZERO) + signed

    def add_transaction(self, t: Transaction, sign: int = 1) -> None:
        """Post `t` (sign −1 posts a void of it: the negation of its lines)."""
        cls = self._class_for(t.location_id)
        if t.type in (TxnType.PAYMENT, TxnType.REFUND):
            assert t.payment_type is not None and t.payment_key is not None
            if t.type is TxnType.PAYMENT:
                self._add(Flow.PAYMENT, AccountKey(route_payment(t.payment_type)), t.payment_key, cls, t.amount * sign)
            else:
                key = route_refund(t.payment_type, self._routes)
                self._add(Flow.REFUND, key, t.payment_key, cls, -t.amount * sign)
            self.payment_keys.add(t.payment_key)
        elif t.type is TxnType.CREDIT:
            assert t.credit_type is not None
            self._add(Flow.CREDIT, credit_key(t.credit_type), t.credit_type.value, cls, t.amount * sign)
        elif t.type is TxnType.CHARGE and t.gift_card_sale:
            self._add(Flow.GIFT_CARD_SALE, AccountKey(AccountRole.GIFT_CARD_LIABILITY), GIFT_CARD, cls, -t.amount * sign)
        elif t.type is TxnType.CHARGE:
            net = t.amount - tax_total(t.tax)
            self._add(Flow.CHARGE, AccountKey(AccountRole.REVENUE, t.revenue_category), t.revenue_category,
                      cls, -net * sign)
            for part in t.tax:
                self._add(Flow.TAX, AccountKey(AccountRole.SALES_TAX_PAYABLE, part.name), part.name, cls,
                          -part.amount * sign)

    def add_gift_cards_outstanding(self, amount: Decimal) -> None:
        """Opening entries: credit the liability with the cards outstanding before go-live."""
        self._add(Flow.GIFT_CARD_SALE, AccountKey(AccountRole.GIFT_CARD_LIABILITY), GIFT_CARD, None, -amount)

    def add_balance_change(self, d_ar: Decimal, d_uc: Decimal) -> None:
        """Debit receivables clearing by ΔAR, credit Unapplied Credits by ΔUC (no class)."""
        self._add(Flow.RECEIVABLES, AccountKey(AccountRole.RECEIVABLES_CLEARING), None, None, d_ar)
        self._add(Flow.UNAPPLIED, AccountKey(AccountRole.UNAPPLIED_CREDITS), None, None, -d_uc)

    def add_offset(self, account_name: str, signed: Decimal) -> None:
        self._add(Flow.OFFSET, AccountKey(AccountRole.OPENING_BALANCE_OFFSET, account_name), None, None, signed)

    def lines(self) -> tuple[JournalLine, ...]:
        out = []
        for slot in sorted(self._sums, key=_order):
            signed = self._sums[slot]
            if signed == ZERO:
                continue
            side = PostingType.DEBIT if signed > 0 else PostingType.CREDIT
            out.append(JournalLine(side, abs(signed), slot[1], slot[3], _describe(slot, side), slot[2],
                                   slot[0].value))
        return tuple(out)


def _order(slot: _Slot) -> tuple[int, str, str, str]:
    flow, key, subject, cls = slot
    return (_ORDER[flow], str(key), subject or "", cls or "")


def _words(subject: str | None) -> str:
    return (subject or "").replace("_", " ").capitalize()


def _describe(slot: _Slot, side: PostingType) -> str:
    flow, _, subject, cls = slot
    text = {
        Flow.PAYMENT: lambda: f"{payment_label(subject or '')} payments",
        Flow.REFUND: lambda: f"{payment_label(subject or '')} refunds",
        Flow.CREDIT: lambda: "Gift card redemptions" if subject == GIFT_CARD else f"{_words(subject)} credits",
        Flow.CHARGE: lambda: f"{_words(subject)} charges",
        Flow.GIFT_CARD_SALE: lambda: "Gift cards sold",
        Flow.TAX: lambda: f"{subject} collected",
        Flow.UNAPPLIED: lambda: "Change in family unapplied credits",
        Flow.RECEIVABLES: lambda: "Change in family receivables",
        Flow.OFFSET: lambda: "Opening balance offset",
    }[flow]()
    if side is not flow.normal and flow in (Flow.PAYMENT, Flow.REFUND, Flow.CREDIT, Flow.CHARGE,
                                             Flow.GIFT_CARD_SALE, Flow.TAX):
        text += " reversed by voids"
    return f"{text} ({cls})" if cls else text
