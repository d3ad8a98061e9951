"""The account mapping an admin edits: revenue category → income account, credit type →
account, refund route → account, tax name → account, and the brand in Classbooks' own names.

Parsing refuses what QBO would refuse (a quote, over 100 characters a level, over 5 levels:
"Parent:Child" names a sub-account, domain/subaccounts.py) and what would break the books (an
unknown credit type, a card refund rerouted away from Merchant Settlement). `check_chart`
compares the mapped names with the company's chart of accounts (by full name): an existing
account must be of a type its purpose allows; a missing one is created only where Classbooks
may create it (income and liability accounts, under a parent of the same type), never for a
refund route.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from chalicelib.domain.accounts import REROUTABLE_REFUNDS, AccountKey, AccountRole, clean_full_name, credit_key
from chalicelib.domain.charges import tax_name
from chalicelib.domain.errors import AccountNameError, FieldError
from chalicelib.domain.first_sync import FirstSyncEntries, parse_entries
from chalicelib.domain.specs import account_specs, spec_for
from chalicelib.domain.subaccounts import article, by_full_name, full_name, name_problem, parent_problem
from chalicelib.domain.transactions import MAX_TEXT, CreditType

MAX_BRAND = 40
MAX_ENTRIES = 200
SECTIONS = ("revenue_accounts", "credit_accounts", "refund_accounts", "tax_accounts")
FIELDS = ("brand", "opening_offset", "first_sync_entries", *SECTIONS)
_KEYS = {"credit_accounts": tuple(c.value for c in CreditType),
         "refund_accounts": tuple(p.value for p in REROUTABLE_REFUNDS)}


class MappingInvalid(ValueError):
    def __init__(self, errors: Iterable[FieldError]) -> None:
        self.errors = tuple(errors)
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in self.errors))


@dataclass(frozen=True)
class AccountMapping:
    """`opening_offset` names the existing account the opening entry offsets against; None: the
    admin books the opening entry by hand (the figures are still shown before the first sync).
    `first_sync_entries`: one lump sum (the seed's), one entry per month or one per day."""

    brand: str | None = None
    revenue_accounts: Mapping[str, str] = field(default_factory=dict)
    credit_accounts: Mapping[str, str] = field(default_factory=dict)
    refund_accounts: Mapping[str, str] = field(default_factory=dict)
    tax_accounts: Mapping[str, str] = field(default_factory=dict)
    opening_offset: str | None = None
    first_sync_entries: FirstSyncEntries = FirstSyncEntries.LUMP_SUM

    def __post_init__(self) -> None:
        for name in SECTIONS:
            object.__setattr__(self, name, MappingProxyType(dict(sorted(getattr(self, name).items()))))

    def to_dict(self) -> dict[str, Any]:
        return {"brand": self.brand, **{name: dict(getattr(self, name)) for name in SECTIONS},
                "opening_offset": self.opening_offset, "first_sync_entries": self.first_sync_entries.value}

    @classmethod
    def from_stored(cls, data: Mapping[str, Any] | None) -> AccountMapping:
        """What `to_dict` stored (already checked when it was saved)."""
        data = data or {}
        return cls(data.get("brand") or None, **{n: dict(data.get(n) or {}) for n in SECTIONS},
                   opening_offset=data.get("opening_offset") or None,
                   first_sync_entries=FirstSyncEntries(data.get("first_sync_entries") or FirstSyncEntries.LUMP_SUM.value))

    def entries(self) -> list[tuple[str, AccountKey, str]]:
        """(field, key, name) for every mapped account, e.g. ("credit_accounts.coupon", ...)."""
        out = [(f"revenue_accounts.{c}", AccountKey(AccountRole.REVENUE, c), n) for c, n in self.revenue_accounts.items()]
        out += [(f"credit_accounts.{c}", credit_key(CreditType(c)), n) for c, n in self.credit_accounts.items()]
        out += [(f"refund_accounts.{p}", AccountKey(AccountRole.REFUND_ACCOUNT, p), n) for p, n in self.refund_accounts.items()]
        out += [(f"tax_accounts.{t}", AccountKey(AccountRole.SALES_TAX_PAYABLE, t), n) for t, n in self.tax_accounts.items()]
        if self.opening_offset:
            out.append(("opening_offset", AccountKey(AccountRole.OPENING_BALANCE_OFFSET, self.opening_offset),
                        self.opening_offset))
        return out


def _name(raw: Any, where: str, errors: list[FieldError], *limits: int) -> str | None:
    """A name QBO can hold; "Parent:Child" (spaces around each part trimmed) names a sub-account.
    `limits`: characters a level and levels, when not QBO's (`name_problem`)."""
    if not isinstance(raw, str) or not raw.strip():
        errors.append(FieldError(where, "must be an account name (a non-empty string)"))
        return None
    problem = name_problem(raw, *limits)
    if problem:
        errors.append(FieldError(where, problem))
        return None
    return clean_full_name(raw)


def _section(body: Mapping[str, Any], section: str, errors: list[FieldError]) -> dict[str, str]:
    raw = body.get(section)
    if raw is None:
        return {}
    if not isinstance(raw, dict) or len(raw) > MAX_ENTRIES:
        errors.append(FieldError(section, f"must be an object of at most {MAX_ENTRIES} entries"))
        return {}
    out: dict[str, str] = {}
    for key, value in raw.items():
        where = f"{section}.{key}"
        allowed = _KEYS.get(section)
        if allowed and key not in allowed:
            why = " (card and eCheck refunds always go back through Merchant Settlement)" if section == "refund_accounts" else ""
            errors.append(FieldError(where, f"{key!r} is not one of {' | '.join(allowed)}{why}"))
            continue
        if not key.strip() or len(key) > MAX_TEXT:
            errors.append(FieldError(where, f"must be named by a non-empty key of at most {MAX_TEXT} characters"))
            continue
        if value is None or value == "":
            continue  # back to the default
        name = _name(value, where, errors)
        if name is not None:
            out[tax_name(key) if section == "tax_accounts" else key] = name
    return out


def parse_mapping(body: Any) -> AccountMapping:
    """The mapping in a PUT body (the whole mapping: what it leaves out goes back to the default)."""
    if not isinstance(body, dict):
        raise MappingInvalid([FieldError("body", "must be a JSON object")])
    errors = [FieldError(k, "is not a mapping field") for k in body if k not in FIELDS]
    brand = None if body.get("brand") in (None, "") else _name(body["brand"], "brand", errors, MAX_BRAND, 1)
    offset = None if body.get("opening_offset") in (None, "") else _name(body["opening_offset"], "opening_offset", errors)
    entries = parse_entries(body.get("first_sync_entries"))
    if entries is None:
        errors.append(FieldError("first_sync_entries", f"must be one of {' | '.join(e.value for e in FirstSyncEntries)}"))
    sections = {s: _section(body, s, errors) for s in SECTIONS}
    if errors:
        raise MappingInvalid(errors)
    mapping = AccountMapping(brand, **sections, opening_offset=offset, first_sync_entries=entries or FirstSyncEntries.LUMP_SUM)
    try:  # names that would merge two accounts Classbooks ties out, or types with nothing in common
        owned = [AccountKey(r) for r in (AccountRole.RECEIVABLES_CLEARING, AccountRole.UNAPPLIED_CREDITS,
                                          AccountRole.MERCHANT_SETTLEMENT, AccountRole.GIFT_CARD_LIABILITY)]
        account_specs([k for _, k, _ in mapping.entries()] + owned, brand or "Classbooks", "studio",
                      mapping.revenue_accounts, _overrides(mapping))
    except AccountNameError as exc:
        raise MappingInvalid([FieldError("mapping", str(exc))]) from None
    return mapping


def _overrides(m: AccountMapping) -> dict[str, str]:
    return {str(key): name for _, key, name in m.entries() if key.role is not AccountRole.REVENUE}


def check_chart(mapping: AccountMapping, chart: Iterable[Mapping[str, Any]]) -> list[FieldError]:
    """Each mapped name against the company's active accounts ({"Name", "AccountType"} and, for
    a sub-account, "FullyQualifiedName"): "Parent:Child" is the child under that parent."""
    index = by_full_name(chart)
    errors = []
    for where, key, name in mapping.entries():
        spec = spec_for(key, name)
        found = index.get(name.casefold())
        allowed = " or ".join(spec.allowed_types)
        if found is None and not spec.create:
            what = "refunds are paid from" if key.role is AccountRole.REFUND_ACCOUNT else "the opening entry offsets to"
            errors.append(FieldError(where, f'QuickBooks has no active account named "{name}"; {what} '
                                            f"an existing {allowed} account"))
        elif found is None and (problem := parent_problem(name, spec.account_type, index)):
            errors.append(FieldError(where, f'"{name}" cannot be created: {problem}'))
        elif found is not None and spec.allowed_types and found.get("AccountType") not in spec.allowed_types:
            kind = str(found.get("AccountType"))
            errors.append(FieldError(where, f'"{full_name(found)}" is {article(kind)} {kind} account in QuickBooks; '
                                            f"{_purpose(key)} must post to {article(allowed)} {allowed} account"))
    return errors


def _purpose(key: AccountKey) -> str:
    return {AccountRole.REVENUE: f"{key.detail} charges", AccountRole.DISCOUNTS_AND_CREDITS: f"{key.detail} credits",
            AccountRole.GIFT_CARD_LIABILITY: "gift cards (sold and redeemed)",
            AccountRole.REFUND_ACCOUNT: f"{key.detail} refunds",
            AccountRole.SALES_TAX_PAYABLE: f"{key.detail} collected",
            AccountRole.OPENING_BALANCE_OFFSET: "the opening entry"}.get(key.role, str(key))


def locked_changes(old: AccountMapping, new: AccountMapping) -> list[str]:
    """What may not change once a sync has posted: the brand (it names the clearing accounts),
    the gift card liability and the tax accounts already mapped (each holds a balance Classbooks
    ties out; moving one would split it), and the opening entry and first-sync entries choices
    (the first sync made them)."""
    out = []
    if old.brand != new.brand:
        out.append("brand")
    if old.opening_offset != new.opening_offset:
        out.append("opening_offset")
    if old.first_sync_entries != new.first_sync_entries:
        out.append("first_sync_entries")
    if old.credit_accounts.get("gift_card") != new.credit_accounts.get("gift_card"):
        out.append("credit_accounts.gift_card")
    out += [f"tax_accounts.{t}" for t, n in old.tax_accounts.items() if new.tax_accounts.get(t) != n]
    return out
