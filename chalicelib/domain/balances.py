"""Family balances, receivables, unapplied credits and the FIN-12 report.

balance = charges − payments − credits + refunds, and a void removes the transaction it voids
from the void's own date on. Positive balances are receivables; negative ones are unapplied
credits (what the studio owes families).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from chalicelib.domain.money import ZERO
from chalicelib.domain.transactions import Transaction, TxnType

_SIGN = {TxnType.CHARGE: 1, TxnType.PAYMENT: -1, TxnType.CREDIT: -1, TxnType.REFUND: 1}


def net_effect(t: Transaction) -> Decimal:
    """What `t` adds to its family's balance (a void's effect depends on its target)."""
    return t.amount * _SIGN[t.type] if t.type in _SIGN else ZERO


def ordered(transactions: Iterable[Transaction]) -> list[Transaction]:
    """The one deterministic processing order: business date, then ingest sequence."""
    return sorted(transactions, key=lambda t: (t.date, t.seq, t.id))


def family_balances(
    transactions: Iterable[Transaction], as_of: dt.date | None = None
) -> dict[str, Decimal]:
    """Each family's balance counting transactions dated ≤ `as_of` (all of them when None).

    A void counts when it is dated ≤ `as_of` and its target counts; a second void of the same
    transaction changes nothing (the validator refuses it; this stays total anyway).
    """
    rows = [t for t in ordered(transactions) if as_of is None or t.date <= as_of]
    by_id = {t.id: t for t in rows}
    voided: set[str] = set()
    balances: dict[str, Decimal] = {}
    for t in rows:
        if t.type is TxnType.VOID:
            target = by_id.get(t.voids or "")
            if target is None or target.id in voided or target.type is TxnType.VOID:
                continue
            voided.add(target.id)
            family, effect = target.family_id, -net_effect(target)
        else:
            family, effect = t.family_id, net_effect(t)
        balances[family] = balances.get(family, ZERO) + effect
    return balances


def signed_rows(transactions: Iterable[Transaction],
                as_of: dt.date | None = None) -> list[tuple[Transaction, Transaction, int]]:
    """(row, what it changes, sign) for rows dated ≤ `as_of`, in order: a void gives its target
    with sign −1 (once; a void of nothing counted changes nothing), any other row itself, +1."""
    rows = [t for t in ordered(transactions) if as_of is None or t.date <= as_of]
    by_id = {t.id: t for t in rows}
    voided: set[str] = set()
    out = []
    for t in rows:
        if t.type is not TxnType.VOID:
            out.append((t, t, 1))
            continue
        target = by_id.get(t.voids or "")
        if target is None or target.id in voided or target.type is TxnType.VOID:
            continue
        voided.add(target.id)
        out.append((t, target, -1))
    return out


def receivables(balances: Mapping[str, Decimal]) -> Decimal:
    """Sum of the positive balances: what families owe the studio."""
    return sum((b for b in balances.values() if b > 0), ZERO)


def unapplied_credits(balances: Mapping[str, Decimal]) -> Decimal:
    """Sum of |negative balances|: what the studio owes families (the FIN-12 total)."""
    return sum((-b for b in balances.values() if b < 0), ZERO)


@dataclass(frozen=True)
class BalanceTotals:
    """Receivables and unapplied credits of a set of balances."""

    receivables: Decimal
    unapplied_credits: Decimal

    @classmethod
    def of(cls, balances: Mapping[str, Decimal]) -> BalanceTotals:
        return cls(receivables(balances), unapplied_credits(balances))


@dataclass(frozen=True)
class FamilyCredit:
    """One FIN-12 row: `balance` is negative, `credit` is the same figure as a positive amount."""

    family_id: str
    balance: Decimal

    @property
    def credit(self) -> Decimal:
        return -self.balance


@dataclass(frozen=True)
class UnappliedCreditsReport:
    """FIN-12 "Families with Unapplied Credit Balances" as of a date."""

    as_of: dt.date
    families: tuple[FamilyCredit, ...]
    total: Decimal


def unapplied_credits_report(
    transactions: Iterable[Transaction], as_of: dt.date
) -> UnappliedCreditsReport:
    """Families with a credit balance as of `as_of` (sorted by family id) and their total."""
    balances = family_balances(transactions, as_of)
    rows = tuple(FamilyCredit(f, b) for f, b in sorted(balances.items()) if b < 0)
    return UnappliedCreditsReport(as_of, rows, sum((r.credit for r in rows), ZERO))


class RunningBalances:
    """Balances that move one effect at a time, reporting the change of AR and UC (planner use)."""

    def __init__(self, start: Mapping[str, Decimal] | None = None) -> None:
        self._b: dict[str, Decimal] = dict(start or {})

    def apply(self, family_id: str, effect: Decimal) -> tuple[Decimal, Decimal]:
        """Add `effect` to a family; return (ΔAR, ΔUC) it caused."""
        before = self._b.get(family_id, ZERO)
        after = before + effect
        self._b[family_id] = after
        d_ar = max(after, ZERO) - max(before, ZERO)
        d_uc = max(-after, ZERO) - max(-before, ZERO)
        return d_ar, d_uc

    def totals(self) -> BalanceTotals:
        return BalanceTotals.of(self._b)
