"""Where a first sync's entries end: the sync date, a fiscal year's end, the books' close, a month."""
from __future__ import annotations

import datetime as dt

import pytest

from chalicelib.domain.first_sync import FirstSyncEntries, entry_date, fiscal_year_end, month_end

D = dt.date
LUMP, MONTHLY, DAILY = FirstSyncEntries.LUMP_SUM, FirstSyncEntries.MONTHLY, FirstSyncEntries.DAILY


def test_a_calendar_fiscal_year_ends_on_december_31() -> None:
    assert fiscal_year_end(D(2025, 6, 5), 1) == D(2025, 12, 31)


def test_a_fiscal_year_starting_in_april_ends_on_march_31_of_the_next_calendar_year() -> None:
    assert (fiscal_year_end(D(2025, 4, 1), 4), fiscal_year_end(D(2025, 3, 31), 4)) == (D(2026, 3, 31), D(2025, 3, 31))


def test_a_fiscal_start_month_outside_1_to_12_is_refused() -> None:
    with pytest.raises(ValueError, match=r"month 1\.\.12"):
        fiscal_year_end(D(2025, 1, 1), 13)


def test_month_end_knows_leap_years() -> None:
    assert (month_end(D(2024, 2, 10)), month_end(D(2025, 2, 10)), month_end(D(2025, 12, 1))) == (
        D(2024, 2, 29), D(2025, 2, 28), D(2025, 12, 31))


def test_the_lump_sum_ends_at_the_sync_date_inside_one_fiscal_year() -> None:
    assert entry_date(D(2025, 11, 3), D(2025, 12, 20), LUMP, 1, None) == D(2025, 12, 20)


def test_the_lump_sum_ends_at_the_fiscal_years_last_day_when_the_sync_is_in_the_next_year() -> None:
    assert entry_date(D(2025, 11, 3), D(2026, 1, 20), LUMP, 1, None) == D(2025, 12, 31)


def test_a_date_in_the_closed_period_ends_its_entry_at_the_close_date() -> None:
    assert entry_date(D(2025, 11, 3), D(2025, 12, 20), LUMP, 1, D(2025, 11, 30)) == D(2025, 11, 30)
    assert entry_date(D(2025, 12, 3), D(2025, 12, 20), LUMP, 1, D(2025, 11, 30)) == D(2025, 12, 20)


def test_one_entry_per_month_ends_at_each_months_last_day_or_the_sync_date() -> None:
    assert entry_date(D(2025, 11, 3), D(2025, 12, 20), MONTHLY, 1, None) == D(2025, 11, 30)
    assert entry_date(D(2025, 12, 3), D(2025, 12, 20), MONTHLY, 1, None) == D(2025, 12, 20)


def test_one_entry_per_day_is_dated_its_own_day() -> None:
    assert entry_date(D(2025, 11, 3), D(2025, 12, 20), DAILY, 1, D(2025, 11, 30)) == D(2025, 11, 3)
