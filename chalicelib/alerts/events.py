"""The alert events (pure): what each says, its id, and the rules that decide when one is due.

Every alert has an `alert_id` derived from (detail type, tenant, subject), where the subject is
what makes one occurrence distinct (a task id, a day, an expiry date, a month and threshold).
The same trouble seen twice (an SQS redelivery, a second worker, tomorrow's check of the same
expiry) gives the same id, so the platform dedupes on it; a new occurrence gives a new id.
"""
from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

SOURCE = "classbooks"

SYNC_FAILED = "Sync failed"
SYNC_SKIPPED = "Sync skipped"
NEEDS_RECONNECT = "QuickBooks needs reconnecting"
DRIFT_FOUND = "Books drift found"
REFRESH_TOKEN_EXPIRING = "Refresh token nearing expiry"
TENANT_PAUSED = "Tenant paused"
METERED_READS_NEAR_ALLOWANCE = "Metered reads near allowance"
DETAIL_TYPES = (SYNC_FAILED, SYNC_SKIPPED, NEEDS_RECONNECT, DRIFT_FOUND, REFRESH_TOKEN_EXPIRING,
                TENANT_PAUSED, METERED_READS_NEAR_ALLOWANCE)

# A fixed namespace: ids are stable across deployments and versions of this code.
_NAMESPACE = uuid.UUID("6f1c3d2e-8a51-4f0b-9a57-1c0de5a1e7b5")

# Intuit's refresh tokens roll for 100 days on every refresh; since late 2025 they also stop five
# years after the studio first authorised. A refresh that returns less than this much life left
# is therefore running into the five-year cap: the studio must reconnect before it ends.
REFRESH_WARNING = dt.timedelta(days=30)
# A tenant whose nightly sync fails this many nights in a row is paused (its schedule disabled)
# until someone looks: retrying a broken connection every night only adds noise and metered
# reads. Codat pauses after 31 days; a studio's books a week behind is already worth stopping for.
PAUSE_AFTER_NIGHTS = 7
# Intuit's App Partner Program Builder tier: 500,000 metered (CorePlus) reads a month per app,
# after which reads are blocked. Alerts go out when a month's use crosses each share.
METERED_READ_ALLOWANCE = 500_000
ALLOWANCE_WARNINGS = (0.8, 0.95)


def alert_id(detail_type: str, tenant_id: str | None, subject: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{detail_type}|{tenant_id or '-'}|{subject}"))


def _iso(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


@dataclass(frozen=True)
class Alert:
    detail_type: str
    tenant_id: str | None  # None: about the whole app (metered reads)
    subject: str
    occurred_at: dt.datetime
    reason: str
    facts: Mapping[str, Any] = field(default_factory=dict)

    @property
    def alert_id(self) -> str:
        return alert_id(self.detail_type, self.tenant_id, self.subject)

    def detail(self) -> dict[str, Any]:
        """The event's `detail`: the id to dedupe on, who, when, why, and the facts."""
        return {"alert_id": self.alert_id, "type": self.detail_type, "tenant_id": self.tenant_id,
                "occurred_at": _iso(self.occurred_at), "reason": self.reason, **self.facts}


def sync_failed(tenant_id: str, task_id: str, reason: str, at: dt.datetime) -> Alert:
    return Alert(SYNC_FAILED, tenant_id, task_id, at, reason, {"task_id": task_id})


def sync_skipped(tenant_id: str, task_id: str, reason: str, at: dt.datetime) -> Alert:
    return Alert(SYNC_SKIPPED, tenant_id, task_id, at, reason, {"task_id": task_id})


def needs_reconnect(tenant_id: str, at: dt.datetime, reason: str) -> Alert:
    """One a day at most while the connection stays broken (the subject is the UTC day)."""
    return Alert(NEEDS_RECONNECT, tenant_id, at.astimezone(dt.UTC).date().isoformat(), at, reason)


def drift_found(tenant_id: str, business_date: str, differences: Sequence[Mapping[str, Any]],
                at: dt.datetime) -> Alert:
    """The nightly read-back found QuickBooks balances that differ from what was posted."""
    return Alert(DRIFT_FOUND, tenant_id, business_date, at,
                 f"{len(differences)} balance(s) in QuickBooks differ from what Classbooks posted",
                 {"business_date": business_date, "differences": [dict(d) for d in differences]})


def refresh_token_expiring(tenant_id: str, expires_at: dt.datetime, at: dt.datetime) -> Alert:
    days = max(0, (expires_at - at).days)
    return Alert(REFRESH_TOKEN_EXPIRING, tenant_id, _iso(expires_at)[:10], at,
                 f"QuickBooks' authorisation ends in {days} day(s) (Intuit's five-year limit); "
                 "an admin must reconnect QuickBooks before then",
                 {"expires_at": _iso(expires_at), "days_left": days})


def tenant_paused(tenant_id: str, nights: int, last_task_id: str, at: dt.datetime) -> Alert:
    return Alert(TENANT_PAUSED, tenant_id, last_task_id, at,
                 f"The nightly sync failed {nights} nights in a row, so its schedule is paused; "
                 "fix the cause, then save the sync settings (or reconnect) to resume",
                 {"nights": nights, "last_task_id": last_task_id})


def metered_reads_near_allowance(month: str, used: int, allowance: int, share: float,
                                 at: dt.datetime) -> Alert:
    return Alert(METERED_READS_NEAR_ALLOWANCE, None, f"{month}@{round(share * 100)}", at,
                 f"{used:,} of the app's {allowance:,} metered QuickBooks reads used in {month} "
                 f"({round(share * 100)} % reached); past the allowance Intuit blocks reads",
                 {"month": month, "used": used, "allowance": allowance, "share": share})


# --- rules ---------------------------------------------------------------------------------


def refresh_cap_near(expires_at: dt.datetime | None, now: dt.datetime,
                     warning: dt.timedelta = REFRESH_WARNING) -> bool:
    """After a refresh, less than `warning` of life left means the five-year cap is close."""
    return expires_at is not None and expires_at - now <= warning


def consecutive_failed_nights(runs: Iterable[Mapping[str, Any]]) -> int:
    """Nightly runs that failed, counted from the newest back to the first that did not.

    `runs` are newest first, each with `trigger`, `status` and `sync_date`; manual runs do not
    count either way, and runs still queued or running are passed over. Retries of the same night
    count once (the same sync date).
    """
    nights: set[str] = set()
    for run in runs:
        if run.get("trigger") != "daily" or run.get("status") in ("queued", "running"):
            continue
        if run.get("status") != "failed":
            break
        nights.add(str(run.get("sync_date") or run.get("task_id")))
    return len(nights)


def allowance_shares_crossed(before: int, after: int, allowance: int = METERED_READ_ALLOWANCE,
                             shares: Sequence[float] = ALLOWANCE_WARNINGS) -> list[float]:
    """The warning shares that `before → after` reads crossed (each is crossed once a month)."""
    return [s for s in shares if before < s * allowance <= after]
