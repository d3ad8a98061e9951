from __future__ import annotations

import datetime as dt

import pytest

from chalicelib.domain.errors import GoLiveError
from chalicelib.domain.golive import account_eligibility, check_go_live_date, current_fiscal_year, go_live_range, plan_support
from chalicelib.domain.plans import QboPlan

D = dt.date
UTC = dt.UTC


def test_calendar_fiscal_year_starts_january_first() -> None:
    fy = current_fiscal_year(1, D(2025, 8, 15))
    assert (fy.earliest, fy.latest) == (D(2025, 1, 1), D(2025, 12, 31))


def test_july_fiscal_year_before_july_started_last_year() -> None:
    fy = current_fiscal_year(7, D(2025, 3, 1))
    assert (fy.earliest, fy.latest) == (D(2024, 7, 1), D(2025, 6, 30))


def test_july_fiscal_year_from_july_starts_this_year() -> None:
    assert current_fiscal_year(7, D(2025, 7, 1)).earliest == D(2025, 7, 1)


def test_go_live_range_runs_from_fiscal_start_to_today() -> None:
    allowed = go_live_range(fiscal_start_month=1, today=D(2025, 5, 10), tz="America/Chicago")
    assert (allowed.earliest, allowed.latest) == (D(2025, 1, 1), D(2025, 5, 10))


def test_go_live_may_not_precede_the_last_import_date_in_the_tenant_zone() -> None:
    imported = dt.datetime(2025, 3, 5, 3, 0, tzinfo=UTC)  # 9 PM on March 4 in Chicago
    allowed = go_live_range(fiscal_start_month=1, today=D(2025, 5, 10), tz="America/Chicago", last_import_at=imported)
    assert allowed.earliest == D(2025, 3, 4)


def test_a_go_live_date_in_the_future_is_refused() -> None:
    allowed = go_live_range(fiscal_start_month=1, today=D(2025, 5, 10), tz="UTC")
    with pytest.raises(GoLiveError, match="in the future"):
        check_go_live_date(D(2025, 5, 11), allowed)


def test_a_go_live_date_before_the_fiscal_year_is_refused() -> None:
    allowed = go_live_range(fiscal_start_month=1, today=D(2025, 5, 10), tz="UTC")
    with pytest.raises(GoLiveError, match="outside the current fiscal year"):
        check_go_live_date(D(2024, 12, 31), allowed)


def test_a_go_live_date_before_the_last_import_says_so() -> None:
    allowed = go_live_range(fiscal_start_month=1, today=D(2025, 5, 10), tz="UTC",
                            last_import_at=dt.datetime(2025, 3, 4, 12, tzinfo=UTC))
    with pytest.raises(GoLiveError, match="before the last data import"):
        check_go_live_date(D(2025, 3, 1), allowed, last_import=D(2025, 3, 4))
    check_go_live_date(D(2025, 3, 4), allowed)


def test_an_account_younger_than_90_days_is_not_eligible() -> None:
    result = account_eligibility(created_at=dt.datetime(2025, 3, 1, tzinfo=UTC), onboarding=False,
                                 today=D(2025, 5, 1), tz="UTC")
    assert not result.eligible and "61 days old" in result.reasons[0] and "2025-05-30" in result.reasons[0]


def test_an_account_90_days_old_and_out_of_onboarding_is_eligible() -> None:
    result = account_eligibility(created_at=dt.datetime(2025, 1, 31, tzinfo=UTC), onboarding=False,
                                 today=D(2025, 5, 1), tz="UTC")
    assert result.eligible and result.reasons == ()


def test_an_onboarding_account_is_not_eligible() -> None:
    result = account_eligibility(created_at=dt.datetime(2024, 1, 1, tzinfo=UTC), onboarding=True,
                                 today=D(2025, 5, 1), tz="UTC")
    assert not result.eligible and "onboarding" in result.reasons[0]


def test_support_override_makes_an_account_eligible_but_keeps_the_reasons() -> None:
    result = account_eligibility(created_at=dt.datetime(2025, 4, 1, tzinfo=UTC), onboarding=True,
                                 today=D(2025, 5, 1), tz="UTC", support_override=True)
    assert result.eligible and result.overridden and len(result.reasons) == 2


def test_simple_start_is_not_supported() -> None:
    support = plan_support(QboPlan.SIMPLE_START, True)
    assert not support.supported and "Essentials or higher" in (support.reason or "")


def test_essentials_syncs_without_revenue_by_location() -> None:
    support = plan_support(QboPlan.ESSENTIALS, True)
    assert support.supported and not support.class_tracking
    assert (support.location_note or "").startswith("revenue by location is unavailable because")


def test_plus_with_class_tracking_off_explains_how_to_turn_it_on() -> None:
    support = plan_support(QboPlan.PLUS, False)
    assert support.supported and not support.class_tracking and "Track classes" in (support.location_note or "")


@pytest.mark.parametrize("plan", [QboPlan.PLUS, QboPlan.ADVANCED])
def test_plus_and_advanced_with_class_tracking_track_locations(plan: QboPlan) -> None:
    assert plan_support(plan, True).class_tracking
