"""The accounts a sync posts to: roles, default names, QBO types, and payment routing.

Routing follows the seed: card and eCheck (platform or external processor) → Merchant
Settlement; cash, check and custom → Payments to Deposit (QBO's Undeposited Funds); credits of
every type → Discounts and Credits.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import Iterable, Mapping

from chalicelib.domain.errors import AccountNameError
from chalicelib.domain.transactions import PaymentType

DEFAULT_BRAND = "Classbooks"
MAX_NAME = 100
UNDEPOSITED_FUNDS = "Undeposited Funds"


class AccountRole(str, Enum):
    RECEIVABLES_CLEARING = "receivables_clearing"
    UNAPPLIED_CREDITS = "unapplied_credits"
    MERCHANT_SETTLEMENT = "merchant_settlement"
    PAYMENTS_TO_DEPOSIT = "payments_to_deposit"
    DISCOUNTS_AND_CREDITS = "discounts_and_credits"
    REVENUE = "revenue"
    OPENING_BALANCE_OFFSET = "opening_balance_offset"
    MERCHANT_FEES = "merchant_fees"  # payouts: processing fees and processor adjustments
    CHARGEBACKS = "chargebacks"  # payouts: chargebacks withheld and their reversals
    PAYOUT_BANK = "payout_bank"  # payouts: the QBO Bank account the admin mapped (detail: its name)


@dataclass(frozen=True, order=True)
class AccountKey:
    """Which account a line posts to: a role, plus the category (revenue) or name (offset)."""

    role: AccountRole
    detail: str | None = None

    def __str__(self) -> str:
        return self.role.value if self.detail is None else f"{self.role.value}:{self.detail}"


@dataclass(frozen=True)
class AccountSpec:
    """An account to find (and, when `create`, to create) in the studio's company."""

    key: AccountKey
    name: str
    account_type: str | None
    account_subtype: str | None
    create: bool = True


# role → (QBO AccountType, AccountSubType); None where the account already exists.
QBO_TYPES: dict[AccountRole, tuple[str | None, str | None]] = {
    AccountRole.RECEIVABLES_CLEARING: ("Other Current Asset", "OtherCurrentAssets"),
    AccountRole.UNAPPLIED_CREDITS: ("Other Current Liability", "OtherCurrentLiabilities"),
    AccountRole.MERCHANT_SETTLEMENT: ("Bank", "CashOnHand"),
    AccountRole.PAYMENTS_TO_DEPOSIT: ("Other Current Asset", "UndepositedFunds"),
    AccountRole.DISCOUNTS_AND_CREDITS: ("Income", "DiscountsRefundsGiven"),
    AccountRole.REVENUE: ("Income", "ServiceFeeIncome"),
    AccountRole.OPENING_BALANCE_OFFSET: (None, None),
    AccountRole.MERCHANT_FEES: ("Expense", "BankCharges"),
    AccountRole.CHARGEBACKS: ("Expense", "BankCharges"),
    AccountRole.PAYOUT_BANK: ("Bank", None),
}

_ROUTES = {
    PaymentType.CREDIT_CARD: AccountRole.MERCHANT_SETTLEMENT,
    PaymentType.ECHECK: AccountRole.MERCHANT_SETTLEMENT,
    PaymentType.CASH: AccountRole.PAYMENTS_TO_DEPOSIT,
    PaymentType.CHECK: AccountRole.PAYMENTS_TO_DEPOSIT,
    PaymentType.CUSTOM: AccountRole.PAYMENTS_TO_DEPOSIT,
}


def route_payment(payment_type: PaymentType) -> AccountRole:
    """The account a payment (or refund) of this type lands in, whatever its processor."""
    return _ROUTES[payment_type]


def route_credit() -> AccountRole:
    """Credits of every type (house, coupon, other, gift card) go to Discounts and Credits."""
    return AccountRole.DISCOUNTS_AND_CREDITS


_RESERVED = re.compile(r'[":\t\r\n\x00-\x1f]')


def clean_name(raw: str) -> str:
    """A name QBO accepts: reserved characters out (a colon would mean a sub-account), ≤ 100."""
    text = " ".join(_RESERVED.sub(" ", raw).split())
    text = text[:MAX_NAME].rstrip()
    if not text:
        raise AccountNameError(f"{raw!r} leaves no usable account name")
    return text


def _fit(template: str, brand: str, studio: str) -> str:
    """Fill {brand}/{studio}, shortening the studio name (not the suffix) to fit 100 chars."""
    brand, studio = clean_name(brand), clean_name(studio)
    room = MAX_NAME - len(template.format(brand=brand, studio=""))
    if len(studio) > room:
        studio = studio[: max(room, 1)].rstrip()
    return clean_name(template.format(brand=brand, studio=studio))


def category_account_name(category: str) -> str:
    """Default income account for a revenue category: "birthday_party" → "Birthday Party Revenue"."""
    words = re.split(r"[\s_\-]+", category.strip())
    return clean_name(" ".join(w[:1].upper() + w[1:] for w in words if w) + " Revenue")


def default_name(key: AccountKey, brand: str, studio: str,
                 revenue_names: Mapping[str, str] | None = None) -> str:
    """The name a role's account is found or created under."""
    role = key.role
    if role is AccountRole.RECEIVABLES_CLEARING:
        return _fit("{brand} Receivables ({studio})", brand, studio)
    if role is AccountRole.UNAPPLIED_CREDITS:
        return _fit("{brand} ({studio}) Unapplied Credits", brand, studio)
    if role is AccountRole.MERCHANT_SETTLEMENT:
        return "Merchant Settlement Account"
    if role is AccountRole.PAYMENTS_TO_DEPOSIT:
        return UNDEPOSITED_FUNDS
    if role is AccountRole.DISCOUNTS_AND_CREDITS:
        return "Discounts and Credits"
    if role is AccountRole.REVENUE:
        override = (revenue_names or {}).get(key.detail or "")
        return clean_name(override) if override else category_account_name(key.detail or "")
    if role is AccountRole.MERCHANT_FEES:
        return clean_name(key.detail or "Merchant Fees")
    if role is AccountRole.CHARGEBACKS:
        return clean_name(key.detail or "Chargebacks")
    if role is AccountRole.PAYOUT_BANK:
        return clean_name(key.detail or "Checking")  # always the admin's mapped name in a plan
    return clean_name(key.detail or "")


def account_specs(keys: Iterable[AccountKey], brand: str, studio: str,
                  revenue_names: Mapping[str, str] | None = None) -> tuple[AccountSpec, ...]:
    """Specs for `keys`, sorted; categories may share an income account, roles may not share."""
    specs: dict[AccountKey, AccountSpec] = {}
    owners: dict[str, AccountKey] = {}
    for key in sorted(set(keys)):
        name = default_name(key, brand, studio, revenue_names)
        kind, sub = QBO_TYPES[key.role]
        creatable = key.role not in (AccountRole.PAYMENTS_TO_DEPOSIT, AccountRole.OPENING_BALANCE_OFFSET,
                                     AccountRole.PAYOUT_BANK)  # payouts: mapped by the admin, never created
        other = owners.setdefault(name.casefold(), key)
        if other != key:
            if not other.role is key.role is AccountRole.REVENUE:
                raise AccountNameError(f"accounts for {other} and {key} would both be named {name!r}")
            name = specs[other].name  # one QBO account, one spelling
        specs[key] = AccountSpec(key, name, kind, sub, creatable)
    return tuple(specs.values())
