"""Which first-sync entry a business date belongs to. (Pure.)

The seed posts a first sync as one lump sum dated the sync date. Two boundaries it must never
cross: a fiscal year's end (the year's income would land in the next year's books) and the
books' close date (what falls in the closed period can only post on the first open date, and
what follows it need not wait with it). So each entry ends at the earliest of: the sync date,
the fiscal year's last day, the close date (for dates in the closed period) and, if the admin
chose one entry per month, the month's last day. One entry per day posts each date on its own.
"""
from __future__ import annotations

import datetime as dt
from enum import Enum

ONE_DAY = dt.timedelta(days=1)


class FirstSyncEntries(str, Enum):
    LUMP_SUM = "lump_sum"  # the seed's single lump sum (split only where it must be)
    MONTHLY = "monthly"  # one entry per month, dated the month's last day
    DAILY = "daily"  # one entry per business date, as every later night posts


def parse_entries(raw: object) -> FirstSyncEntries | None:
    """The admin's choice (absent or empty: the lump sum); None when it is no choice we offer."""
    if raw in (None, ""):
        return FirstSyncEntries.LUMP_SUM
    return next((e for e in FirstSyncEntries if e.value == raw), None)


def month_end(day: dt.date) -> dt.date:
    first_of_next = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return first_of_next - ONE_DAY


def fiscal_year_end(day: dt.date, start_month: int) -> dt.date:
    """The last day of the fiscal year (starting on the 1st of `start_month`) holding `day`."""
    if not 1 <= start_month <= 12:
        raise ValueError(f"a fiscal year starts in month 1..12, not {start_month}")
    next_start_year = day.year + 1 if day.month >= start_month else day.year
    return dt.date(next_start_year, start_month, 1) - ONE_DAY


def entry_date(day: dt.date, sync_date: dt.date, entries: FirstSyncEntries, fiscal_start_month: int,
               book_close_date: dt.date | None) -> dt.date:
    """The business date of the first-sync entry that sums `day` (`day` ≤ `sync_date`)."""
    if entries is FirstSyncEntries.DAILY:
        return day
    ends = [sync_date, fiscal_year_end(day, fiscal_start_month)]
    if entries is FirstSyncEntries.MONTHLY:
        ends.append(month_end(day))
    if book_close_date is not None and day <= book_close_date:
        ends.append(book_close_date)
    return min(ends)
