"""What the books must say, computed from the ledger with the domain's balance rules (not the planner).

Debit-positive balances per account name, as the sandbox's control API reports them.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from chalicelib.domain.accounts import AccountKey, AccountRole, default_name, route_payment
from chalicelib.domain.balances import family_balances, receivables, unapplied_credits
from chalicelib.domain.money import format_amount
from chalicelib.domain.transactions import CreditType, Transaction, TxnType


def expected_balances(rows: Iterable[Transaction], go_live: dt.date, opening: Iterable[Transaction],
                      brand: str = "Classbooks", studio: str = "Tumble Town") -> dict[str, str]:
    """Every row is dated on/after go-live except `opening` (the pre-go-live rows of the first sync)."""
    rows, opening = list(rows), list(opening)
    voided = {t.voids for t in rows if t.type is TxnType.VOID}
    live = [t for t in rows if t.type is not TxnType.VOID and t.id not in voided and t.date >= go_live]
    out: dict[str, Decimal] = defaultdict(Decimal)

    def name(role: AccountRole, detail: str | None = None) -> str:
        return default_name(AccountKey(role, detail), brand, studio)
    for t in live:
        if t.type in (TxnType.PAYMENT, TxnType.REFUND):
            sign = 1 if t.type is TxnType.PAYMENT else -1
            out[name(route_payment(t.payment_type))] += sign * t.amount
        elif t.type is TxnType.CREDIT and t.credit_type is CreditType.GIFT_CARD:
            out[name(AccountRole.GIFT_CARD_LIABILITY)] += t.amount
        elif t.type is TxnType.CREDIT:
            out[name(AccountRole.DISCOUNTS_AND_CREDITS)] += t.amount
        elif t.kind is not None:  # a gift card sale
            out[name(AccountRole.GIFT_CARD_LIABILITY)] -= t.amount
        else:
            for part in t.tax:
                out[name(AccountRole.SALES_TAX_PAYABLE, part.name)] -= part.amount
            out[name(AccountRole.REVENUE, t.revenue_category)] -= t.amount - sum((p.amount for p in t.tax), Decimal(0))
    now, before = family_balances(rows + opening), family_balances(opening)
    out[name(AccountRole.RECEIVABLES_CLEARING)] += receivables(now) - receivables(before)
    out[name(AccountRole.UNAPPLIED_CREDITS)] -= unapplied_credits(now) - unapplied_credits(before)
    return {k: format_amount(v) for k, v in out.items() if v}
