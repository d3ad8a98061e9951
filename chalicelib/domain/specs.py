"""The accounts a plan needs, as specs the references step finds or creates.

Several keys may share one QBO account (revenue categories, credit types, a refund route and
the studio's own cash account), but never one Classbooks ties out (`OWNED`): sharing it would
mix two balances that each must equal a report. Keys that share need a type in common.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from chalicelib.domain.account_types import _NEVER_CREATED, ALLOWED_TYPES, QBO_TYPES
from chalicelib.domain.accounts import OWNED, AccountKey, AccountRole, AccountSpec, default_name
from chalicelib.domain.errors import AccountNameError


def spec_for(key: AccountKey, name: str) -> AccountSpec:
    kind, sub = QBO_TYPES[key.role]
    return AccountSpec(key, name, kind, sub, key.role not in _NEVER_CREATED, ALLOWED_TYPES[key.role])


def account_specs(keys: Iterable[AccountKey], brand: str, studio: str,
                  revenue_names: Mapping[str, str] | None = None,
                  overrides: Mapping[str, str] | None = None) -> tuple[AccountSpec, ...]:
    """Specs for `keys`, sorted; names shared only where the books still tie out."""
    specs: dict[AccountKey, AccountSpec] = {}
    owners: dict[str, AccountKey] = {}
    for key in sorted(set(keys)):
        spec = spec_for(key, default_name(key, brand, studio, revenue_names, overrides))
        other = owners.setdefault(spec.name.casefold(), key)
        if other != key:
            first = specs[other]
            _check_share(first, spec)
            maker = spec if key.role is AccountRole.REVENUE or not first.account_type else first
            spec = AccountSpec(key, first.name, maker.account_type, maker.account_subtype,  # one spelling
                               first.create and spec.create, _common(first, spec))
            for k, s in specs.items():  # earlier sharers agree on how the account is made
                if s.name == first.name:
                    specs[k] = AccountSpec(k, s.name, spec.account_type, spec.account_subtype,
                                           spec.create, spec.allowed_types)
        specs[key] = spec
    return tuple(specs[k] for k in sorted(specs))


def _common(a: AccountSpec, b: AccountSpec) -> tuple[str, ...]:
    if not a.allowed_types or not b.allowed_types:
        return a.allowed_types or b.allowed_types
    return tuple(t for t in a.allowed_types if t in b.allowed_types)


def _check_share(a: AccountSpec, b: AccountSpec) -> None:
    roles = {a.key.role, b.key.role}
    if roles & OWNED and len(roles) > 1:
        raise AccountNameError(f"accounts for {a.key} and {b.key} would both be named {a.name!r}; "
                               "Classbooks keeps that account for one purpose")
    if a.allowed_types and b.allowed_types and not _common(a, b):
        raise AccountNameError(f"accounts for {a.key} and {b.key} would both be named {a.name!r}, "
                               f"but one must be {' or '.join(a.allowed_types)} and the other "
                               f"{' or '.join(b.allowed_types)}")
