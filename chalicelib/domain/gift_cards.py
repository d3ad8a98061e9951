"""Gift cards outstanding: sold and not yet redeemed, what the gift card liability must hold.

A gift card sale is a charge with `kind` gift_card; a redemption is a credit of type gift_card.
A card bought by one family may be redeemed by another, so the report lists each family's sales
and redemptions; the studio's liability is the total outstanding (sold − redeemed). A void
removes what it voids from the void's own date on, as for balances.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from chalicelib.domain.balances import signed_rows
from chalicelib.domain.money import ZERO
from chalicelib.domain.transactions import CreditType, Transaction, TxnType


def gift_card_effect(t: Transaction) -> Decimal:
    """What `t` adds to gift cards outstanding: + a sale, − a redemption, 0 anything else."""
    if t.gift_card_sale:
        return t.amount
    if t.type is TxnType.CREDIT and t.credit_type is CreditType.GIFT_CARD:
        return -t.amount
    return ZERO


@dataclass(frozen=True)
class GiftCardFamily:
    family_id: str
    sold: Decimal
    redeemed: Decimal

    @property
    def net(self) -> Decimal:
        return self.sold - self.redeemed


@dataclass(frozen=True)
class GiftCardsReport:
    """Outstanding gift cards as of a date (families sorted by id)."""

    as_of: dt.date
    families: tuple[GiftCardFamily, ...]
    sold: Decimal
    redeemed: Decimal

    @property
    def outstanding(self) -> Decimal:
        return self.sold - self.redeemed


def gift_cards_report(transactions: Iterable[Transaction], as_of: dt.date) -> GiftCardsReport:
    sold: dict[str, Decimal] = {}
    redeemed: dict[str, Decimal] = {}
    for _, target, sign in signed_rows(transactions, as_of):
        effect = gift_card_effect(target) * sign
        if effect == ZERO:
            continue
        book = sold if target.gift_card_sale else redeemed
        book[target.family_id] = book.get(target.family_id, ZERO) + abs(gift_card_effect(target)) * sign
    families = tuple(GiftCardFamily(f, sold.get(f, ZERO), redeemed.get(f, ZERO))
                     for f in sorted(set(sold) | set(redeemed))
                     if sold.get(f, ZERO) or redeemed.get(f, ZERO))
    return GiftCardsReport(as_of, families, sum(sold.values(), ZERO), sum(redeemed.values(), ZERO))


def gift_cards_outstanding(transactions: Iterable[Transaction], as_of: dt.date | None = None) -> Decimal:
    return sum((gift_card_effect(target) * sign for _, target, sign in signed_rows(transactions, as_of)), ZERO)
