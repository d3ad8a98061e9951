"""The nightly read-back: do Classbooks' own balance-sheet accounts in QuickBooks still hold
exactly what Classbooks posted to them? (Pure.)

Classbooks keeps, per account it alone posts to, the running total of its postings (debit
positive). After a run, one report read gives QuickBooks' balance of each; a difference means
someone edited or deleted an entry there (or posted to the account by hand). Undeposited Funds,
bank and tax accounts are left out: the studio and the accountant move money through them
(and Merchant Settlement: payouts of external processors are cleared by hand).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from chalicelib.domain.accounts import AccountRole, AccountSpec
from chalicelib.domain.journal import JournalDocument
from chalicelib.domain.money import ZERO, format_amount

CHECKED_ROLES = frozenset({AccountRole.RECEIVABLES_CLEARING, AccountRole.UNAPPLIED_CREDITS,
                           AccountRole.GIFT_CARD_LIABILITY})
CREDIT_NORMAL_TYPES = frozenset({"Other Current Liability", "Long Term Liability", "Accounts Payable",
                                 "Credit Card", "Equity"})


def checked(spec: AccountSpec) -> bool:
    return spec.create and spec.key.role in CHECKED_ROLES


def account_nets(documents: Iterable[JournalDocument], specs: Iterable[AccountSpec]) -> dict[str, Decimal]:
    """What `documents` post to each checked account (by account name), debit positive."""
    names = {s.key: s.name for s in specs if checked(s)}
    nets: dict[str, Decimal] = {}
    for doc in documents:
        for line in doc.lines:
            name = names.get(line.account)
            if name is not None:
                nets[name] = nets.get(name, ZERO) + line.signed
    return nets


def added(totals: Mapping[str, Decimal], nets: Mapping[str, Decimal]) -> dict[str, Decimal]:
    out = dict(totals)
    for name, amount in nets.items():
        out[name] = out.get(name, ZERO) + amount
    return out


def signed_balance(presented: Decimal, account_type: str | None) -> Decimal:
    """A report's balance (credit-normal accounts shown credit positive) as debit positive."""
    return -presented if account_type in CREDIT_NORMAL_TYPES else presented


@dataclass(frozen=True)
class Drift:
    account: str
    expected: Decimal  # what Classbooks posted, debit positive
    actual: Decimal  # what QuickBooks holds, debit positive

    @property
    def difference(self) -> Decimal:
        return self.actual - self.expected

    def to_dict(self) -> dict[str, str]:
        return {"account": self.account, "expected": format_amount(self.expected),
                "in_quickbooks": format_amount(self.actual), "difference": format_amount(self.difference)}


def find_drift(expected: Mapping[str, Decimal], actual: Mapping[str, Decimal]) -> list[Drift]:
    """Every checked account whose QuickBooks balance differs from what Classbooks posted."""
    names = sorted(set(expected) | set(actual))
    return [Drift(n, expected.get(n, ZERO), actual.get(n, ZERO)) for n in names
            if expected.get(n, ZERO) != actual.get(n, ZERO)]
