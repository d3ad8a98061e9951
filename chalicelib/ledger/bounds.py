"""Bounds on what the platform may send, beyond its types (issue #16 items 7-9).

Each validator is a pydantic `BeforeValidator`/`AfterValidator` body for `schemas.py` (raises
ValueError with a message the 400 shows), or a plain check the ingest calls with the tenant:

- amounts: a plain decimal (no exponent), at most 12 integer digits (QBO's own limit is lower);
  "1e308" and 40-digit numbers would otherwise overflow `Decimal.quantize`.
- business dates: not before 2000-01-01 and not after 2099-12-31 when parsed; at ingest, not
  after today + 31 days in the studio's zone (a future-dated charge is fine, a typo year is not).
- instants (`created_at`, `last_import_at`): with a UTC offset, between 2000-01-01 and one day
  after now (a profile is about the past); no overflow however extreme the text.
- time zones: IANA area/location names only; `localtime`, `posixrules`, `Factory`, `posix/...`,
  `right/...` and the like load on Linux but EventBridge Scheduler refuses them.
- text and ids: no control characters (C0, C1, DEL), no bidi overrides or isolates (which make
  an id read differently than it sorts), no surrogates or non-characters.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from zoneinfo import available_timezones

from chalicelib.domain.errors import ScheduleError
from chalicelib.domain.money import parse_positive_amount
from chalicelib.domain.schedule import zone
from chalicelib.domain.transactions import Transaction
from chalicelib.errors import InvalidRequest

if TYPE_CHECKING:
    from pydantic import ValidationInfo

EARLIEST_DATE = dt.date(2000, 1, 1)
LATEST_DATE = dt.date(2099, 12, 31)
MAX_FUTURE_DAYS = 31
EARLIEST_INSTANT = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
INSTANT_FUTURE = dt.timedelta(days=1)
_AMOUNT = re.compile(r"[0-9]{1,12}(\.[0-9]{1,6})?")
_NOT_IANA = frozenset({"localtime", "posixrules", "Factory"})
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def amount(value: Any) -> Decimal:
    if not isinstance(value, str) or not _AMOUNT.fullmatch(value.strip()):
        raise ValueError('must be a decimal string such as "12.50" (at most 12 digits before the point)')
    return parse_positive_amount(value)


def business_date(value: Any) -> dt.date:
    if isinstance(value, str) and len(value) == 10:
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            day = None
        if day is not None:
            if not EARLIEST_DATE <= day <= LATEST_DATE:
                raise ValueError(f"must be between {EARLIEST_DATE} and {LATEST_DATE}")
            return day
    raise ValueError("must be an ISO date (YYYY-MM-DD)")


def latest_business_date(today_in_zone: dt.date) -> dt.date:
    """The last business date a studio may send today (its own local today)."""
    return today_in_zone + dt.timedelta(days=MAX_FUTURE_DAYS)


def utc_instant(value: Any, info: ValidationInfo) -> dt.datetime:
    """A profile instant, bounded by the parse's `now` (pydantic's validation context, set by
    `schemas.parse_profile`: the container's clock)."""
    return bounded_instant(value, (info.context or {})["now"])


def bounded_instant(value: Any, now: dt.datetime) -> dt.datetime:
    problem = "must be an ISO-8601 time with a UTC offset, e.g. 2025-01-31T08:00:00Z"
    if not isinstance(value, str) or len(value) > 40:
        raise ValueError(problem)
    try:
        instant = dt.datetime.fromisoformat(value)
        if instant.tzinfo is None or instant.utcoffset() is None:
            raise ValueError(problem)
        instant = instant.astimezone(dt.UTC)
    except (ValueError, OverflowError):
        raise ValueError(problem) from None
    latest = now + INSTANT_FUTURE
    if not EARLIEST_INSTANT <= instant <= latest:
        raise ValueError(f"must be between {EARLIEST_INSTANT:%Y-%m-%d} and now")
    return instant


def time_zone(value: Any) -> str:
    if not isinstance(value, str) or value not in iana_zones():
        raise ValueError("must be an IANA time zone name such as America/Chicago")
    try:
        zone(value)
    except ScheduleError as exc:
        raise ValueError(str(exc)) from None
    return value


@lru_cache(maxsize=1)
def iana_zones() -> frozenset[str]:
    """The tz database's names, less the files that are not zones (`posix/`, `right/`, `localtime`, …)."""
    return frozenset(z for z in available_timezones()
                     if z not in _NOT_IANA and not z.startswith(("posix/", "right/")))


def clean_text(value: str) -> str:
    """Refuse text that would render or sort as something else (control and bidi characters)."""
    for ch in value:
        category = unicodedata.category(ch)
        if category in ("Cc", "Cs", "Co", "Cn") or ch in _BIDI:
            raise ValueError(f"must not contain control or direction characters (U+{ord(ch):04X})")
    return value


def refuse_far_future(batch: Sequence[Transaction], today_in_zone: dt.date | None) -> None:
    """InvalidRequest naming every item dated after the studio's latest business date (nothing stored)."""
    if today_in_zone is None:  # no profile yet: the ingest answers 404 on its own
        return
    latest = latest_business_date(today_in_zone)
    details = [{"index": i, "id": t.id, "errors": [{
        "field": "date", "code": "date_out_of_range",
        "message": f"{t.date} is after {latest}, {MAX_FUTURE_DAYS} days after today in the studio's time zone"}]}
        for i, t in enumerate(batch) if t.date > latest]
    if details:
        raise InvalidRequest(f"{len(details)} of the batch's transactions are invalid; nothing was stored",
                             details, code="invalid_transactions")
