"""The accounts a sync posts to: roles, default names, QBO types, and routing.

Routing follows the seed, amended where an accountant would otherwise fix entries by hand: card
and eCheck (platform or external processor) → Merchant Settlement; cash, check and custom →
Payments to Deposit (QBO's Undeposited Funds); house, coupon and other credits → Discounts and
Credits; gift cards (sold and redeemed) → the gift card liability; tax → Sales Tax Payable.
Refunds go back the way their payment came, or to the account the admin chose for the type.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum

from chalicelib.domain.errors import AccountNameError
from chalicelib.domain.transactions import CreditType, PaymentType

DEFAULT_BRAND = "Classbooks"
MAX_NAME = 100  # one level of a name (QBO's Account.Name)
MAX_LEVELS = 5  # "Parent:Child:...": QBO nests sub-accounts at most 5 levels deep
UNDEPOSITED_FUNDS = "Undeposited Funds"
BANK, OCA, OCL = "Bank", "Other Current Asset", "Other Current Liability"
INCOME, OTHER_INCOME, EXPENSE, OTHER_EXPENSE = "Income", "Other Income", "Expense", "Other Expense"
EQUITY = "Equity"


class AccountRole(str, Enum):
    RECEIVABLES_CLEARING = "receivables_clearing"
    UNAPPLIED_CREDITS = "unapplied_credits"
    MERCHANT_SETTLEMENT = "merchant_settlement"
    PAYMENTS_TO_DEPOSIT = "payments_to_deposit"
    REFUND_ACCOUNT = "refund_account"  # detail: the payment type whose refunds the admin routed
    DISCOUNTS_AND_CREDITS = "discounts_and_credits"  # detail: the credit type
    GIFT_CARD_LIABILITY = "gift_card_liability"
    SALES_TAX_PAYABLE = "sales_tax_payable"  # detail: the tax name
    REVENUE = "revenue"  # detail: the revenue category
    OPENING_BALANCE_OFFSET = "opening_balance_offset"  # detail: the account's name
    MERCHANT_FEES = "merchant_fees"  # payouts: processing fees and processor adjustments
    CHARGEBACKS = "chargebacks"  # payouts: chargebacks withheld and their reversals
    PAYOUT_BANK = "payout_bank"  # payouts: the QBO Bank account the admin mapped (detail: its name)
    CORRECTION_OFFSET = "correction_offset"  # a drift correction's offset, chosen by the admin (detail: its name)


# Accounts whose balance Classbooks ties out: no other role may share one of them.
OWNED = frozenset({AccountRole.RECEIVABLES_CLEARING, AccountRole.UNAPPLIED_CREDITS,
                   AccountRole.MERCHANT_SETTLEMENT, AccountRole.GIFT_CARD_LIABILITY,
                   AccountRole.SALES_TAX_PAYABLE})


@dataclass(frozen=True, order=True)
class AccountKey:
    """Which account a line posts to: a role, plus the category, type or name it is for."""

    role: AccountRole
    detail: str | None = None

    def __str__(self) -> str:
        return self.role.value if self.detail is None else f"{self.role.value}:{self.detail}"


@dataclass(frozen=True)
class AccountSpec:
    """An account to find (and, when `create`, to create as type/sub-type) in the company.

    An existing account of that name is used only if its AccountType is in `allowed_types`
    (empty: any type, as for the opening offset the admin picks)."""

    key: AccountKey
    name: str
    account_type: str | None
    account_subtype: str | None
    create: bool = True
    allowed_types: tuple[str, ...] = ()


_ROUTES = {
    PaymentType.CREDIT_CARD: AccountRole.MERCHANT_SETTLEMENT,
    PaymentType.ECHECK: AccountRole.MERCHANT_SETTLEMENT,
    PaymentType.CASH: AccountRole.PAYMENTS_TO_DEPOSIT,
    PaymentType.CHECK: AccountRole.PAYMENTS_TO_DEPOSIT,
    PaymentType.CUSTOM: AccountRole.PAYMENTS_TO_DEPOSIT,
}
REROUTABLE_REFUNDS = (PaymentType.CASH, PaymentType.CHECK, PaymentType.CUSTOM)


def route_payment(payment_type: PaymentType) -> AccountRole:
    """The account a payment of this type lands in, whatever its processor."""
    return _ROUTES[payment_type]


def route_refund(payment_type: PaymentType, rerouted: Iterable[str] = ()) -> AccountKey:
    """Card and eCheck refunds go back through Merchant Settlement; cash, check and custom ones
    to the account the admin chose for the type (`rerouted` names those types), else where the
    payment went."""
    if payment_type in REROUTABLE_REFUNDS and payment_type.value in set(rerouted):
        return AccountKey(AccountRole.REFUND_ACCOUNT, payment_type.value)
    return AccountKey(_ROUTES[payment_type])


def route_credit(credit_type: CreditType | None = None) -> AccountRole:
    """A redeemed gift card draws down the gift card liability; every other credit type is a
    discount (Discounts and Credits unless the admin re-maps it)."""
    if credit_type is CreditType.GIFT_CARD:
        return AccountRole.GIFT_CARD_LIABILITY
    return AccountRole.DISCOUNTS_AND_CREDITS


def credit_key(credit_type: CreditType) -> AccountKey:
    role = route_credit(credit_type)
    return AccountKey(role) if role is AccountRole.GIFT_CARD_LIABILITY else AccountKey(role, credit_type.value)


_RESERVED = re.compile(r'[":\t\r\n\x00-\x1f]')


def clean_name(raw: str) -> str:
    """A name QBO accepts: reserved characters out (a colon would mean a sub-account), ≤ 100."""
    text = " ".join(_RESERVED.sub(" ", raw).split())
    text = text[:MAX_NAME].rstrip()
    if not text:
        raise AccountNameError(f"{raw!r} leaves no usable account name")
    return text


def clean_full_name(raw: str) -> str:
    """A name the admin gave: "Parent:Child" names a sub-account, each level cleaned as above."""
    levels = raw.split(":")
    if len(levels) > MAX_LEVELS:
        raise AccountNameError(f"{raw!r} nests deeper than QuickBooks' {MAX_LEVELS} levels")
    return ":".join(clean_name(level) for level in levels)


def _fit(template: str, brand: str, studio: str, **extra: str) -> str:
    """Fill {brand}/{studio}, shortening the studio name (not the suffix) to fit 100 chars."""
    brand, studio = clean_name(brand), clean_name(studio)
    room = MAX_NAME - len(template.format(brand=brand, studio="", **extra))
    if len(studio) > room:
        studio = studio[: max(room, 1)].rstrip()
    return clean_name(template.format(brand=brand, studio=studio, **extra))


def category_account_name(category: str) -> str:
    """Default income account for a revenue category: "birthday_party" → "Birthday Party Revenue"."""
    words = re.split(r"[\s_\-]+", category.strip())
    return clean_name(" ".join(w[:1].upper() + w[1:] for w in words if w) + " Revenue")


def tax_account_name(tax: str, brand: str, studio: str) -> str:
    """`{Brand} Sales Tax Payable ({studio})`; a tax of another name gets its own account."""
    tax = clean_name(tax)[:40].rstrip()
    if tax.casefold() in ("sales tax", "sales_tax", "tax"):
        return _fit("{brand} Sales Tax Payable ({studio})", brand, studio)
    return _fit("{brand} Sales Tax Payable - {tax} ({studio})", brand, studio, tax=tax)


def default_name(key: AccountKey, brand: str, studio: str,
                 revenue_names: Mapping[str, str] | None = None,
                 overrides: Mapping[str, str] | None = None) -> str:
    """The name a key's account is found or created under. `overrides` maps `str(key)` to the
    name the admin mapped (credit types, refund routes, tax names); `revenue_names` maps a
    revenue category to its income account. A mapped "Parent:Child" keeps its colon (a sub-account)."""
    role = key.role
    chosen = (overrides or {}).get(str(key)) or (
        (revenue_names or {}).get(key.detail or "") if role is AccountRole.REVENUE else None)
    if chosen:
        return clean_full_name(chosen)
    if role is AccountRole.RECEIVABLES_CLEARING:
        return _fit("{brand} Receivables ({studio})", brand, studio)
    if role is AccountRole.UNAPPLIED_CREDITS:
        return _fit("{brand} ({studio}) Unapplied Credits", brand, studio)
    if role is AccountRole.GIFT_CARD_LIABILITY:
        return _fit("{brand} Gift Card Liability ({studio})", brand, studio)
    if role is AccountRole.SALES_TAX_PAYABLE:
        return tax_account_name(key.detail or "Sales Tax", brand, studio)
    if role is AccountRole.MERCHANT_SETTLEMENT:
        return "Merchant Settlement Account"
    if role is AccountRole.PAYMENTS_TO_DEPOSIT:
        return UNDEPOSITED_FUNDS
    if role is AccountRole.DISCOUNTS_AND_CREDITS:
        return "Discounts and Credits"
    if role is AccountRole.REVENUE:
        return category_account_name(key.detail or "")
    if role is AccountRole.REFUND_ACCOUNT:
        raise AccountNameError(f"no account was chosen for {key.detail} refunds")
    if role is AccountRole.MERCHANT_FEES:
        return clean_name(key.detail or "Merchant Fees")
    if role is AccountRole.CHARGEBACKS:
        return clean_name(key.detail or "Chargebacks")
    if role is AccountRole.PAYOUT_BANK:
        return clean_name(key.detail or "Checking")  # always the admin's mapped name in a plan
    return clean_name(key.detail or "")
