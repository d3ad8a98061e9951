"""Which tenants' runs need support's look: the `run_attention` values the sync's run ends store.

Pure: no I/O. A run that ends failed stores `failing`; a daily run that is skipped stores
`skipped#<UTC date>` (the date of its scheduled time) and keeps it as the tenant's last skip; a
run that succeeds stores that last skip again (a skipped night stays "skipped last night" after
a later manual sync) or nothing. The value is only a candidate list for support's list
(`chalicelib/support/service.py`): its status rules still decide each tenant, so a stale value
costs one examined tenant, never a wrong row. Skips key by date, so old ones are never read.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum

FAILING = "failing"
SKIPPED_PREFIX = "skipped#"


class RunEnd(StrEnum):
    """How a run ended, as the tenant's attention write needs it."""

    SUCCEEDED = "succeeded"
    FAILED = "failed"
    SKIPPED_DAILY = "skipped_daily"


def skipped_on(day: dt.date) -> str:
    """The value a daily run skipped on UTC date `day` stores."""
    return f"{SKIPPED_PREFIX}{day.isoformat()}"


def skip_days(since: dt.datetime, until: dt.datetime) -> list[dt.date]:
    """The UTC dates from `since` to `until`, oldest first (the skip partitions that window spans)."""
    first, last = since.astimezone(dt.UTC).date(), until.astimezone(dt.UTC).date()
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def replay(ends: Iterable[tuple[RunEnd, dt.date | None]]) -> tuple[str | None, str | None]:
    """(`run_attention`, last skip) after these run ends, oldest first, as the writes leave them."""
    current: str | None = None
    last_skip: str | None = None
    for end, on in ends:
        if end is RunEnd.FAILED:
            current = FAILING
        elif end is RunEnd.SKIPPED_DAILY and on is not None:
            current = last_skip = skipped_on(on)
        elif end is RunEnd.SUCCEEDED:
            current = last_skip
    return current, last_skip
