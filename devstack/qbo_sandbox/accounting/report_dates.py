"""The period a report covers: start_date/end_date, or one of Intuit's date_macro names.

Intuit: start_date/end_date win when given ("if not specified, value of date_macro is used");
start_date must not be after end_date. Fiscal macros follow CompanyInfo.FiscalYearStartMonth.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from .. import faults
from ..store import Company

DEFAULT_MACRO = "This Fiscal Year-to-date"
METHODS = ("Accrual", "Cash")


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    macro: str
    basis: str


def fiscal_year_start(company: Company, day: date) -> date:
    month = company.fiscal_year_start_month
    year = day.year if day.month >= month else day.year - 1
    return date(year, month, 1)


def _shift_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _month(day: date) -> tuple[date, date]:
    first = day.replace(day=1)
    return first, _shift_months(first, 1) - timedelta(days=1)


def _quarter(company: Company, day: date) -> tuple[date, date]:
    start = fiscal_year_start(company, day)
    while _shift_months(start, 3) <= day:
        start = _shift_months(start, 3)
    return start, _shift_months(start, 3) - timedelta(days=1)


def _fiscal_year(company: Company, day: date) -> tuple[date, date]:
    start = fiscal_year_start(company, day)
    return start, _shift_months(start, 12) - timedelta(days=1)


def _week(day: date) -> tuple[date, date]:
    start = day - timedelta(days=(day.weekday() + 1) % 7)  # weeks start on Sunday
    return start, start + timedelta(days=6)


def macro_range(company: Company, macro: str, today: date) -> tuple[date, date]:
    """(start, end) of an Intuit date_macro on `today`, or fault 2010 for an unknown name."""
    name = " ".join(macro.lower().split())
    to_date = name.endswith("-to-date")
    base = name.removesuffix("-to-date")
    if base in ("today", "yesterday"):
        day = today - timedelta(days=base == "yesterday")
        return day, day
    periods = {"week": _week, "month": _month,
               "fiscal quarter": lambda d: _quarter(company, d),
               "fiscal year": lambda d: _fiscal_year(company, d),
               "calendar year": lambda d: (date(d.year, 1, 1), date(d.year, 12, 31))}
    for unit, span in periods.items():
        for when, shift in (("this", 0), ("last", -1), ("next", 1)):
            if base != f"{when} {unit}":
                continue
            anchor = {"week": today + timedelta(weeks=shift),
                      "month": _shift_months(today, shift),
                      "fiscal quarter": _shift_months(today, 3 * shift)}.get(
                unit, _shift_months(today, 12 * shift))
            start, end = span(anchor)
            return (start, min(end, anchor)) if to_date else (start, end)
    raise faults.invalid_value("date_macro", f"has an unsupported value {macro!r}")


def _day(value: str, name: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise faults.invalid_value(name, "must be YYYY-MM-DD") from exc


def period(company: Company, args: dict[str, str], today: date,
           default_start: str = "fiscal_year") -> Period:
    """The report's period. With only end_date, the period starts at the fiscal year's start."""
    basis = args.get("accounting_method") or "Accrual"
    if basis not in METHODS:
        raise faults.invalid_value("accounting_method", "must be Cash or Accrual")
    start_text, end_text = args.get("start_date"), args.get("end_date")
    if start_text or end_text:
        end = _day(end_text, "end_date") if end_text else today
        start = _day(start_text, "start_date") if start_text else fiscal_year_start(company, end)
        macro = ""
    else:
        macro = args.get("date_macro") or DEFAULT_MACRO
        start, end = macro_range(company, macro, today)
    if start > end:
        raise faults.invalid_value("start_date", "must be on or before end_date")
    return Period(start, end, macro, basis)
