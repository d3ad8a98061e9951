"""EventBridge Scheduler expressions, evaluated the way the service documents them.

`cron(min hour day-of-month month day-of-week year)` in the schedule's IANA time zone (1 = SUN
in day-of-week; `?` in one of the two day fields), plus one-time `at(yyyy-mm-ddThh:mm:ss)`.
Daylight saving follows AWS's documented rule: a local time that does not exist (spring forward)
is skipped, and a local time that happens twice (fall back) fires once. `L`, `W`, `#` and
`rate()` are not used by Classbooks and are refused rather than guessed at.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

UTC = dt.UTC
MONTHS = {name: i + 1 for i, name in enumerate(["JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"])}
DAYS = {name: i + 1 for i, name in enumerate(["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"])}
_FIELDS: tuple[tuple[str, int, int, dict[str, int]], ...] = (
    ("minutes", 0, 59, {}), ("hours", 0, 23, {}), ("day-of-month", 1, 31, {}),
    ("month", 1, 12, MONTHS), ("day-of-week", 1, 7, DAYS), ("year", 1970, 2199, {}))


class UnsupportedExpression(ValueError):
    """An expression outside the subset this evaluator implements (or not valid at all)."""


def _field(text: str, name: str, low: int, high: int, names: dict[str, int]) -> frozenset[int] | None:
    """The values `text` allows, or None for `?` (no constraint from this day field)."""
    if text == "?":
        if name not in ("day-of-month", "day-of-week"):
            raise UnsupportedExpression(f"'?' is only allowed in a day field, not in {name}")
        return None
    values: set[int] = set()
    for part in text.split(","):
        base, _, step_text = part.partition("/")
        step = int(step_text) if step_text.isdigit() else None
        if step_text and not step:
            raise UnsupportedExpression(f"bad step {part!r} in {name}")
        if base == "*":
            start, stop = low, high
        elif "-" in base:
            first, _, last = base.partition("-")
            start, stop = _value(first, name, names), _value(last, name, names)
        else:
            start = _value(base, name, names)
            stop = high if step else start
        if not low <= start <= stop <= high:
            raise UnsupportedExpression(f"{part!r} is out of range for {name} ({low}-{high})")
        values.update(range(start, stop + 1, step or 1))
    return frozenset(values)


def _value(token: str, name: str, names: dict[str, int]) -> int:
    if token.upper() in names:
        return names[token.upper()]
    if not token.isdigit():
        raise UnsupportedExpression(f"{token!r} is not supported in {name}")
    return int(token)


@dataclass(frozen=True)
class Cron:
    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int] | None
    months: frozenset[int]
    weekdays: frozenset[int] | None
    years: frozenset[int]

    def matches(self, day: dt.date) -> bool:
        weekday = (day.weekday() + 1) % 7 + 1  # Python: Monday=0; AWS: SUN=1 … SAT=7
        return (day.month in self.months and day.year in self.years
                and (self.days is None or day.day in self.days)
                and (self.weekdays is None or weekday in self.weekdays))


def parse_cron(expression: str) -> Cron:
    body = re.fullmatch(r"\s*cron\((.*)\)\s*", expression)
    parts = body.group(1).split() if body else []
    if len(parts) != 6:
        raise UnsupportedExpression(f"{expression!r} is not cron(min hour dom month dow year)")
    values = [_field(text, *spec) for text, spec in zip(parts, _FIELDS, strict=True)]
    if (values[2] is None) == (values[4] is None):
        raise UnsupportedExpression("exactly one of day-of-month and day-of-week must be '?'")
    minutes, hours, days, months, weekdays, years = values
    assert minutes is not None and hours is not None and months is not None and years is not None
    return Cron(minutes, hours, days, months, weekdays, years)


def _existing(day: dt.date, hour: int, minute: int, tz: ZoneInfo) -> dt.datetime | None:
    """The UTC instant of a local wall time, None when the time is skipped by spring forward."""
    local = dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)  # fold=0: first of two
    instant = local.astimezone(UTC)
    back = instant.astimezone(tz)
    return instant if (back.hour, back.minute, back.date()) == (hour, minute, day) else None


def fires_between(expression: str, timezone: str | None, after: dt.datetime,
                  until: dt.datetime) -> list[dt.datetime]:
    """The scheduled times (UTC) of `expression` in the window (after, until], in order."""
    tz = ZoneInfo(timezone or "UTC")
    at = re.fullmatch(r"\s*at\((\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\)\s*", expression)
    if at:
        instant = dt.datetime.fromisoformat(at.group(1)).replace(tzinfo=tz).astimezone(UTC)
        return [instant] if after < instant <= until else []
    cron = parse_cron(expression)
    found: list[dt.datetime] = []
    day, last = after.astimezone(tz).date(), until.astimezone(tz).date()
    while day <= last:
        if cron.matches(day):
            for hour in sorted(cron.hours):
                for minute in sorted(cron.minutes):
                    fire = _existing(day, hour, minute, tz)
                    if fire is not None and after < fire <= until:
                        found.append(fire)
        day += dt.timedelta(days=1)
    return sorted(found)
