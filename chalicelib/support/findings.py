"""A finding: one plain-English answer to one of the seed's troubleshooting questions."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from chalicelib.domain.schedule import say_clock, utc, zone

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


def sentence(text: str) -> str:
    """A stored message as a clause: no leading "Sync skipped:" and no final period."""
    for prefix in ("Daily sync skipped: ", "Sync skipped: "):
        if text.startswith(prefix):
            text = text[len(prefix):]
    text = text.split(". Next run")[0].split("; the minimum is 23 hours")[0].strip().rstrip(".")
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first[0].isupper() and first[1:].islower():  # "Another", not "QuickBooks"
        text = text[0].lower() + text[1:]
    return text
