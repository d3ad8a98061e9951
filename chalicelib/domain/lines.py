"""Accumulates one document's lines: per payment type, credit type and revenue category
(per location class when tracking), plus the receivables and unapplied-credit changes."""
from __future__ import annotations

from decimal import Decimal
from typing import Callable

from chalicelib.domain.accounts import AccountKey, AccountRole, route_credit, route_payment
from chalicelib.domain.journal import JournalLine, PostingType
from chalicelib.domain.money import ZERO
from chalicelib.domain.transactions import Transaction, TxnType

_SECTION = {AccountRole.MERCHANT_SETTLEMENT: 0, AccountRole.PAYMENTS_TO_DEPOSIT: 0,
            AccountRole.DISCOUNTS_AND_CREDITS: 1, AccountRole.REVENUE: 2,
            AccountRole.UNAPPLIED_CREDITS: 3, AccountRole.RECEIVABLES_CLEARING: 4,
            AccountRole.OPENING_BALANCE_OFFSET: 5}
_Slot = tuple[AccountKey, str | None, str | None]  # account, subject, class


def payment_label(payment_key: str) -> str:
    """"credit_card" → "Credit card"; "custom:Venmo" → "Custom (Venmo)"."""
    if payment_key.startswith("custom:"):
        return f"Custom ({payment_key[7:]})"
    return {"credit_card": "Credit card", "echeck": "eCheck"}.get(payment_key, payment_key.capitalize())


class LineBook:
    """Signed sums (debit positive) per slot; `lines()` flips negatives and drops zeros."""

    def __init__(self, class_for: Callable[[str], str | None]) -> None:
        self._class_for = class_for
        self._sums: dict[_Slot, Decimal] = {}
        self.payment_keys: set[str] = set()

    def _add(self, slot: _Slot, signed: Decimal) -> None:
        self._sums[slot] = self._sums.get(slot, ZERO) + signed

    def add_transaction(self, t: Transaction, sign: int = 1) -> None:
        """Post `t` (sign −1 posts a void of it: the negation of its lines)."""
        cls = self._class_for(t.location_id)
        if t.type in (TxnType.PAYMENT, TxnType.REFUND):
            assert t.payment_type is not None and t.payment_key is not None
            direction = 1 if t.type is TxnType.PAYMENT else -1
            key = AccountKey(route_payment(t.payment_type))
            self._add((key, t.payment_key, cls), t.amount * direction * sign)
            self.payment_keys.add(t.payment_key)
        elif t.type is TxnType.CREDIT:
            assert t.credit_type is not None
            self._add((AccountKey(route_credit()), t.credit_type.value, cls), t.amount * sign)
        elif t.type is TxnType.CHARGE:
            key = AccountKey(AccountRole.REVENUE, t.revenue_category)
            self._add((key, t.revenue_category, cls), -t.amount * sign)

    def add_balance_change(self, d_ar: Decimal, d_uc: Decimal) -> None:
        """Debit receivables clearing by ΔAR, credit Unapplied Credits by ΔUC (no class)."""
        self._add((AccountKey(AccountRole.RECEIVABLES_CLEARING), None, None), d_ar)
        self._add((AccountKey(AccountRole.UNAPPLIED_CREDITS), None, None), -d_uc)

    def add_offset(self, account_name: str, signed: Decimal) -> None:
        self._add((AccountKey(AccountRole.OPENING_BALANCE_OFFSET, account_name), None, None), signed)

    def lines(self) -> tuple[JournalLine, ...]:
        out = []
        for slot in sorted(self._sums, key=_order):
            signed = self._sums[slot]
            if signed == ZERO:
                continue
            side = PostingType.DEBIT if signed > 0 else PostingType.CREDIT
            out.append(JournalLine(side, abs(signed), slot[0], slot[2], _describe(slot), slot[1]))
        return tuple(out)


def _order(slot: _Slot) -> tuple[int, str, str, str]:
    key, subject, cls = slot
    return (_SECTION[key.role], str(key), subject or "", cls or "")


def _describe(slot: _Slot) -> str:
    key, subject, cls = slot
    role = key.role
    if role in (AccountRole.MERCHANT_SETTLEMENT, AccountRole.PAYMENTS_TO_DEPOSIT):
        text = f"{payment_label(subject or '')} payments less refunds"
    elif role is AccountRole.DISCOUNTS_AND_CREDITS:
        text = f"{(subject or '').replace('_', ' ').capitalize()} credits"
    elif role is AccountRole.REVENUE:
        text = f"{(subject or '').replace('_', ' ').capitalize()} charges"
    elif role is AccountRole.UNAPPLIED_CREDITS:
        text = "Change in family unapplied credits"
    elif role is AccountRole.RECEIVABLES_CLEARING:
        text = "Change in family receivables"
    else:
        text = "Opening balance offset"
    return f"{text} ({cls})" if cls else text
