"""Go Live rules from the seed: current fiscal year only, after the last import, not in the
future; a tenant at least 90 days old and out of onboarding; QBO Essentials or higher, and
Plus or higher (with class tracking on) for revenue by location.

Decision: the Go Live Date may be on the day of the last import (the brief's "not before"); the
seed's "after any data imports" is honoured by the import's own rows being dated before it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from chalicelib.domain.errors import GoLiveError
from chalicelib.domain.plans import QboPlan
from chalicelib.domain.schedule import utc, zone

MIN_ACCOUNT_AGE_DAYS = 90


@dataclass(frozen=True)
class DateRange:
    """Inclusive range of allowed dates."""

    earliest: dt.date
    latest: dt.date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.earliest <= day <= self.latest


def current_fiscal_year(start_month: int, today: dt.date) -> DateRange:
    """The fiscal year holding `today`, for a year starting on the 1st of `start_month`."""
    if not 1 <= start_month <= 12:
        raise GoLiveError(f"fiscal year start month must be 1-12, got {start_month}")
    year = today.year if today.month >= start_month else today.year - 1
    start = dt.date(year, start_month, 1)
    end = dt.date(year + 1, start_month, 1) - dt.timedelta(days=1)
    return DateRange(start, end)


def go_live_range(*, fiscal_start_month: int, today: dt.date, tz: str,
                  last_import_at: dt.datetime | None = None) -> DateRange:
    """Allowed Go Live Dates: in the current fiscal year, on/after the last import, ≤ today."""
    fiscal = current_fiscal_year(fiscal_start_month, today)
    earliest = fiscal.earliest
    if last_import_at is not None:
        earliest = max(earliest, utc(last_import_at).astimezone(zone(tz)).date())
    if earliest > today:
        raise GoLiveError(f"no Go Live Date is possible yet: the last data import is dated "
                          f"{earliest}, after today ({today})")
    return DateRange(earliest, today)


def check_go_live_date(go_live: dt.date, allowed: DateRange, fiscal_start: dt.date | None = None,
                       last_import: dt.date | None = None) -> None:
    """Raise GoLiveError saying why `go_live` is outside `allowed`."""
    if go_live in allowed:
        return
    if go_live > allowed.latest:
        raise GoLiveError(f"the Go Live Date {go_live} is in the future; "
                          f"choose {allowed.latest} or earlier")
    if last_import is not None and go_live < last_import and allowed.earliest == last_import:
        raise GoLiveError(f"the Go Live Date {go_live} is before the last data import "
                          f"({last_import}); imported history must not sync")
    raise GoLiveError(f"the Go Live Date {go_live} is outside the current fiscal year; "
                      f"choose a date from {allowed.earliest} to {allowed.latest}")


@dataclass(frozen=True)
class Eligibility:
    """Whether a tenant may connect now; `reasons` say why not (kept even when overridden)."""

    eligible: bool
    reasons: tuple[str, ...] = ()
    overridden: bool = False


def account_eligibility(*, created_at: dt.datetime, onboarding: bool, today: dt.date, tz: str,
                        support_override: bool = False) -> Eligibility:
    """90 days of use and not onboarding, unless support has set the override flag."""
    reasons = []
    age = (today - utc(created_at).astimezone(zone(tz)).date()).days
    if age < MIN_ACCOUNT_AGE_DAYS:
        ready = today + dt.timedelta(days=MIN_ACCOUNT_AGE_DAYS - age)
        reasons.append(f"the account is {age} days old; QuickBooks integration opens after "
                       f"{MIN_ACCOUNT_AGE_DAYS} days of use (on {ready})")
    if onboarding:
        reasons.append("the account is still onboarding; integrate once onboarding is finished")
    if reasons and support_override:
        return Eligibility(True, tuple(reasons), overridden=True)
    return Eligibility(not reasons, tuple(reasons))


@dataclass(frozen=True)
class PlanSupport:
    """What the QBO plan allows: sync at all, and revenue by location (classes)."""

    supported: bool
    class_tracking: bool
    reason: str | None = None
    location_note: str | None = None


def plan_support(plan: QboPlan, class_tracking_pref: bool) -> PlanSupport:
    """Essentials or higher to sync; Plus/Advanced with class tracking on for locations."""
    if plan < QboPlan.ESSENTIALS:
        return PlanSupport(False, False, f"{plan.label} is not supported: QuickBooks Online "
                           "Essentials or higher is required", None)
    if plan < QboPlan.PLUS:
        note = (f"revenue by location is unavailable because {plan.label} has no classes "
                "(QuickBooks Online Plus or higher is required)")
        return PlanSupport(True, False, None, note)
    if not class_tracking_pref:
        note = ("revenue by location is unavailable because class tracking is turned off in "
                "QuickBooks (Settings > Advanced > Categories > Track classes)")
        return PlanSupport(True, False, None, note)
    return PlanSupport(True, True)
