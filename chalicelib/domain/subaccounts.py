"""Sub-accounts: a name the admin maps as "Parent:Child" means the QBO account whose
FullyQualifiedName that is, not an account whose Name holds a colon (QBO refuses those).

In QBO a sub-account has `SubAccount` true and `ParentRef` naming its parent; QBO builds the
read-only `FullyQualifiedName` from the names down the tree, joined by colons, at most 5 levels.
A sub-account must have its parent's AccountType (the sub-type may differ), and accounts of a few
detail types can neither have sub-accounts nor be one. Names are matched without regard to case.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from chalicelib.domain.accounts import MAX_LEVELS, MAX_NAME

# Intuit's Account.SubAccount: these "cannot have a sub account and cannot be a sub account".
NO_SUB_ACCOUNTS = frozenset({"OpeningBalanceEquity", "UndepositedFunds", "RetainedEarnings",
                             "CashReceiptIncome", "CashExpenditureExpense", "ExchangeGainOrLoss"})


def name_problem(raw: str, limit: int = MAX_NAME, levels: int = MAX_LEVELS) -> str | None:
    """Why QBO could not hold the name `raw` as given (None: it can, once spaces are trimmed).
    Each colon starts a level; `levels` 1 refuses the colon (the brand, which names accounts)."""
    if '"' in raw or any(ord(c) < 32 for c in raw):
        return f"{raw!r}: QuickBooks account names may not hold a double quote or control characters"
    parts = [" ".join(part.split()) for part in raw.split(":")]
    if levels == 1 and len(parts) > 1:
        return f"{raw!r}: may not hold a colon (it names Classbooks' own accounts, which are never sub-accounts)"
    if len(parts) > levels:
        return (f"{raw!r}: a colon names a sub-account (Parent:Child), and QuickBooks nests "
                f"accounts at most {levels} levels deep; this name has {len(parts)}")
    if not all(parts):
        return (f"{raw!r}: a colon names a sub-account (Parent:Child), so each part between "
                "colons must name an account; one part is empty")
    if any(len(part) > limit for part in parts):
        each = " each account name between colons" if len(parts) > 1 else ""
        return f"{raw!r}:{each} must be at most {limit} characters"
    return None


def full_name(account: Mapping[str, Any]) -> str:
    """An account's FullyQualifiedName ("Parent:Child"), or its Name where the row has none."""
    return str(account.get("FullyQualifiedName") or account.get("Name") or "")


def by_full_name(chart: Iterable[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    """The chart keyed by casefolded FullyQualifiedName (unique in QBO, unlike Name)."""
    return {full_name(a).casefold(): a for a in chart}


def leaf(name: str) -> str:
    """The account's own Name: "Revenue:Classes" → "Classes"."""
    return name.rsplit(":", 1)[-1]


def ancestors(name: str) -> list[str]:
    """The full names above `name`, top first: "A:B:C" → ["A", "A:B"]."""
    levels = name.split(":")
    return [":".join(levels[:i]) for i in range(1, len(levels))]


def missing_parents(name: str, index: Mapping[str, Mapping[str, Any]]) -> tuple[Mapping[str, Any] | None, list[str]]:
    """The nearest parent `index` already holds (None: none), and the full names below it that
    must be created, top first, before `name` itself can be."""
    above = ancestors(name)
    for depth in range(len(above), 0, -1):
        found = index.get(above[depth - 1].casefold())
        if found is not None:
            return found, above[depth:]
    return None, above


def parent_problem(name: str, account_type: str | None, index: Mapping[str, Mapping[str, Any]]) -> str | None:
    """Why `name` cannot be created as `account_type` under the parents `index` holds (None:
    it can; parents still missing will be created with that type)."""
    parent, _ = missing_parents(name, index)
    if parent is None:
        return None
    kind, sub = str(parent.get("AccountType")), str(parent.get("AccountSubType"))
    if account_type and kind != account_type:
        return (f'its parent "{full_name(parent)}" is {article(kind)} {kind} account in QuickBooks, and a '
                f"sub-account must have its parent's type ({account_type} here)")
    if sub in NO_SUB_ACCOUNTS:
        return f'its parent "{full_name(parent)}" is of detail type {sub}, which QuickBooks gives no sub-accounts'
    return None


def article(word: str) -> str:
    return "an" if word[:1].upper() in "AEIOU" else "a"
