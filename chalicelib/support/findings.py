"""A finding: one plain-English answer to one of the seed's troubleshooting questions."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from chalicelib.domain.schedule import say_clock, say_duration, utc, zone
from chalicelib.domain.skips import SkipFacts, skip_cause

OK, INFO, WARNING, ERROR = "ok", "info", "warning", "error"


@dataclass(frozen=True)
class Finding:
    """`topic` names the question (daily_sync, last_error, go_live, eligibility, plan,
    class_tracking, payments); `code` the answer; `message` says it to a person."""

    topic: str
    code: str
    severity: str
    message: str
    details: tuple[Mapping[str, Any], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"topic": self.topic, "code": self.code, "severity": self.severity,
                                "message": self.message}
        if self.details:
            body["details"] = [dict(d) for d in self.details]
        return body


def local(instant: dt.datetime, tz: str) -> dt.datetime:
    return utc(instant).astimezone(zone(tz))


def clock_beside(instant: dt.datetime, anchor: dt.datetime, tz: str) -> str:
    """"at 5:05 PM" for a moment on `anchor`'s local day (the zone is said once, at the anchor);
    "on Tue Jan 13 at 5:05 PM CST" otherwise; the zone is repeated only when it differs."""
    here, there = local(instant, tz), local(anchor, tz)
    text = say_clock(instant, tz)
    if here.tzname() == there.tzname():
        text = text.rsplit(" ", 1)[0]
    if here.date() == there.date():
        return f"at {text}"
    return f"on {here:%a %b} {here.day} at {text}"


def skip_reason(facts: SkipFacts, at: dt.datetime, tz: str) -> str:
    """Why the run at `at` was skipped, as a clause worded from its stored facts: "only 6 h 26 min
    since the manual sync at 5:05 PM", "another sync (task m-7) is running"."""
    if facts.too_soon and facts.since is not None and facts.elapsed is not None:
        since = clock_beside(facts.since, at, tz)
        if facts.after is not None:
            return f"only {say_duration(facts.elapsed)} since the {facts.after} sync {since}"
        return (f"only {say_duration(facts.elapsed)} since the schedule was changed {since} "
                "(changing the schedule resets the 23-hour timer)")
    return skip_cause(facts)


def recorded(reason: str | None) -> str:
    """A run stored before skips kept their facts: its reason shown whole, as it was written."""
    return f"the recorded reason is \u201c{reason.strip()}\u201d" if reason and reason.strip() else "no reason was recorded"
