"""Sales tax collected, by period and tax name: what the Sales Tax Payable accounts received.

Tax is counted on the date of the row that moves it (a charge, or the void that cancels one), the
same date the sync posts it under, so a period's figure never changes once the period is over
unless a late row arrives for it.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from chalicelib.domain.balances import signed_rows
from chalicelib.domain.money import ZERO
from chalicelib.domain.transactions import Transaction, TxnType


class Period(str, Enum):
    DAY = "day"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"

    def label(self, day: dt.date) -> str:
        if self is Period.DAY:
            return day.isoformat()
        if self is Period.MONTH:
            return f"{day:%Y-%m}"
        if self is Period.QUARTER:
            return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
        return str(day.year)


@dataclass(frozen=True)
class TaxRow:
    period: str
    name: str
    taxable_sales: Decimal  # charges net of this tax (gross amounts of the charges that carry it, less it)
    tax: Decimal


@dataclass(frozen=True)
class TaxReport:
    start: dt.date
    end: dt.date
    period: Period
    rows: tuple[TaxRow, ...]

    @property
    def total(self) -> Decimal:
        return sum((r.tax for r in self.rows), ZERO)


def tax_report(transactions: Iterable[Transaction], start: dt.date, end: dt.date,
               period: Period = Period.MONTH) -> TaxReport:
    """Tax collected per (period, name) over rows dated start..end, sorted; empty rows dropped."""
    tax: dict[tuple[str, str], Decimal] = {}
    sales: dict[tuple[str, str], Decimal] = {}
    for row, target, sign in signed_rows(transactions, end):
        if row.date < start or target.type is not TxnType.CHARGE:
            continue
        for part in target.tax:
            slot = (period.label(row.date), part.name)
            tax[slot] = tax.get(slot, ZERO) + part.amount * sign
            net = target.amount - sum((p.amount for p in target.tax), ZERO)
            sales[slot] = sales.get(slot, ZERO) + net * sign
    rows = tuple(TaxRow(p, n, sales[(p, n)], tax[(p, n)]) for p, n in sorted(tax) if tax[(p, n)] or sales[(p, n)])
    return TaxReport(start, end, period, rows)
