"""Why a run was skipped, kept as facts (the skip decision's own record), and said as a clause.

The schedule rule (`schedule.decide_run`) and the run lease (`sync/lease.admit`) decide skips; the
task stores these facts beside its reason, and the reason, support's diagnosis and anything else
that says why a run was skipped word them from the facts: nothing parses a stored sentence.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

TOO_SOON = frozenset({"too_soon_after_run", "too_soon_after_schedule_change"})


def _utc(instant: dt.datetime) -> dt.datetime:
    return instant.astimezone(dt.UTC)


@dataclass(frozen=True)
class SkipFacts:
    """Why a run was skipped, as facts: stored with the task, and every sentence about the skip
    (the task's reason, support's diagnosis) is worded from them, never parsed out of one.

    `code`: too_soon_after_run, too_soon_after_schedule_change, schedule_is_manual,
    another_sync_running, connection_<status>, not_configured, unknown_tenant. Too soon: `since` is
    the instant the 23 hours count from, `elapsed` how long before the run that was, and `after`
    the trigger of the run it was too soon after (None after a schedule change). `task_id`: the
    sync that was running. `next_run_at`: when the next daily run happens (None on Manual).
    """

    code: str
    next_run_at: dt.datetime | None = None
    elapsed: dt.timedelta | None = None
    since: dt.datetime | None = None
    after: str | None = None  # "manual" or "daily"
    task_id: str | None = None

    @property
    def too_soon(self) -> bool:
        """Refused by the 23-hour rule (and the facts to say by how much are there)."""
        return self.code in TOO_SOON and self.since is not None and self.elapsed is not None

    def to_dict(self) -> dict[str, Any]:
        """The stored form (JSON): instants as ISO 8601 UTC, `elapsed` in whole seconds."""
        body: dict[str, Any] = {"code": self.code}
        if self.next_run_at is not None:
            body["next_run_at"] = _utc(self.next_run_at).isoformat()
        if self.elapsed is not None:
            body["elapsed_seconds"] = int(self.elapsed.total_seconds())
        if self.since is not None:
            body["since"] = _utc(self.since).isoformat()
        if self.after is not None:
            body["after"] = self.after
        if self.task_id is not None:
            body["task_id"] = self.task_id
        return body

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> SkipFacts | None:
        """The inverse of `to_dict`; None for a run stored before skips kept their facts."""
        if not data or not data.get("code"):
            return None
        instant = lambda key: dt.datetime.fromisoformat(data[key]) if data.get(key) else None  # noqa: E731
        seconds = data.get("elapsed_seconds")
        return cls(str(data["code"]), instant("next_run_at"),
                   None if seconds is None else dt.timedelta(seconds=int(seconds)), instant("since"),
                   data.get("after"), data.get("task_id"))


def skip_cause(facts: SkipFacts) -> str:
    """A skip other than "too soon", as a clause ("another sync (task m-7) is running")."""
    if facts.code == "another_sync_running":
        return f"another sync (task {facts.task_id}) is running"
    if facts.code == "connection_needs_reauth":
        return "QuickBooks needs to be reconnected"
    if facts.code.startswith("connection_"):
        return "QuickBooks is not connected"
    if facts.code == "not_configured":
        return "choose a Go Live Date and a schedule first"
    if facts.code == "schedule_is_manual":
        return "the schedule is Manual, so syncs run only when an admin selects Sync Now"
    if facts.code == "unknown_tenant":
        return "the studio is unknown"
    return f"the run was refused ({facts.code})"
