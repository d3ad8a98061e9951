"""The port every use case reads and writes the tenant through: named, conditional writes.

Each write says what it means (`record_connection`, `configure`, `acquire`, ...) and carries
its own condition, so a decision made on a stale read fails the write (`TenantConflict`)
instead of overwriting a newer one. The DynamoDB adapter is `chalicelib/store/tenants.py`; the
in-memory fake the unit tests use is `tests/fakes/tenants.py`; one contract suite
(`tests/contract/test_tenants.py`) runs the same cases against both.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from chalicelib.domain.schedule import Schedule
from chalicelib.tenants.attention import RunEnd
from chalicelib.tenants.model import Connection, EligibilityOverride, Profile, Tenant


class TenantConflict(Exception):
    """A write's condition failed: the tenant changed since it was read (or is not there)."""


class NoProfile(Exception):
    """The platform has not stored this tenant's profile yet (nothing can be sequenced for it)."""


@dataclass(frozen=True)
class SettingsChange:
    """Configure QuickBooks Integration: what to set (None: leave as it is).

    `go_live_date` is written only where none is set yet; `schedule_changed_at` restarts the
    23-hour timer (a switch, not the first choice).
    """

    go_live_date: dt.date | None = None
    schedule: Schedule | None = None
    schedule_changed_at: dt.datetime | None = None


@dataclass(frozen=True)
class TenantScan:
    """Support's list filters that the store can apply (the rest are the support rules' job)."""

    connection_statuses: frozenset[str] = frozenset()  # "not_connected" also matches no status yet
    plan: str | None = None  # the stored label, e.g. "QuickBooks Online Plus"
    timezone: str | None = None


class TenantRepository(Protocol):
    # --- reads --------------------------------------------------------------------------
    def get(self, tenant_id: str) -> Tenant | None:
        """The tenant, read consistently (None when there is no item)."""

    def scan(self, where: TenantScan, start_after: str | None = None) -> Iterator[Tenant]:
        """Tenants matching `where`, in the store's order, resuming after `start_after`."""

    def reachable(self) -> bool:
        """Can the store be read at all (health)?"""

    def ids_by_status(self, status: str, where: TenantScan, start_after: str | None = None,
                      page_size: int = 100) -> Iterator[str]:
        """Ids of the tenants stored with connection status `status`, in id order, after
        `start_after`, with `where`'s plan and time zone applied (support's status index)."""

    def get_many(self, tenant_ids: Sequence[str]) -> dict[str, Tenant]:
        """The tenants among `tenant_ids` that exist, by id (one batch read, not consistent)."""

    def ids_by_attention(self, attention: str, where: TenantScan, start_after: str | None = None,
                         page_size: int = 100) -> Iterator[str]:
        """Ids of the tenants whose runs stored `attention` (`failing`, `skipped#<date>`), in id
        order, after `start_after`, with `where`'s plan and time zone applied (support's index)."""

    # --- the platform: profile and ledger sequence ----------------------------------------
    def put_profile(self, tenant_id: str, profile: Profile, now: dt.datetime) -> bool:
        """Store the profile, touching nothing else (but a `not_connected` status where none is
        stored yet: every tenant item carries one); True when the tenant had none before."""

    def allocate_seqs(self, tenant_id: str, count: int, now: dt.datetime) -> int:
        """Reserve `count` ledger seqs (one atomic add); returns the first. NoProfile if none."""

    # --- the connection and its settings --------------------------------------------------
    def record_connection(self, tenant_id: str, connection: Connection, *, fresh_start: bool) -> None:
        """A company was connected; `fresh_start` (another company) also forgets the settings, the
        sync position and the cached QBO ids (every company numbers its own accounts: the old
        company's ids name other accounts in the new one) and starts a new generation."""

    def set_eligibility_override(self, tenant_id: str, override: EligibilityOverride) -> None: ...

    def set_posting_map(self, tenant_id: str, posting_map: Mapping[str, Any]) -> None:
        """The admin's account mapping, as `AccountMapping.to_dict()` stores it (the tenant must exist)."""

    def configure(self, tenant_id: str, change: SettingsChange) -> None:
        """Apply `change` while the tenant is connected (TenantConflict otherwise, or when a Go
        Live Date was set meanwhile)."""

    def reset(self, tenant_id: str, now: dt.datetime) -> None:
        """Forget settings and sync position, start a new generation; TenantConflict while a
        run's lease is live."""

    def mark_disconnected(self, tenant_id: str) -> None: ...

    def mark_needs_reauth(self, tenant_id: str) -> bool:
        """Connected → needs re-authorisation; False when it was not connected (nothing done)."""

    # --- the sync run's lease (see chalicelib/sync/lease.py) -------------------------------
    def acquire(self, t: Tenant, task_id: str, now: dt.datetime, ttl: dt.timedelta, resume: bool) -> None:
        """Take the lease pinned to what `t` says; a new run also becomes the tenant's last run."""

    def open_plan(self, tenant_id: str, task_id: str) -> None:
        """`task_id`'s plan is written and must be finished before any other."""

    def commit(self, tenant_id: str, task_id: str, cursor: int, upto: int, *, release: bool,
               clear_pending: bool, posted_balances: Mapping[str, str] | None = None) -> None:
        """Move the cursor cursor → upto and close the open plan (and release the lease); with
        `posted_balances`, the read-back's running totals move in the same write."""

    def release(self, tenant_id: str, task_id: str, *, clear_pending: bool) -> None:
        """Give the lease up without moving the cursor (the open plan stays open)."""

    def clear_pending(self, tenant_id: str, task_id: str) -> None: ...

    def note_run_end(self, tenant_id: str, end: RunEnd, on: dt.date | None = None) -> None:
        """Support's attention after a run (chalicelib/tenants/attention.py): FAILED stores
        `failing`; SKIPPED_DAILY on UTC date `on` stores `skipped#<on>` as the last skip too;
        SUCCEEDED stores the last skip again, or nothing. Nothing happens to an unknown tenant."""

    def request_sync(self, tenant_id: str, task_id: str, now: dt.datetime, stale_pending: str | None) -> None:
        """Sync Now: `task_id` becomes the pending run if the schedule is Manual, no lease is live
        and the pending run is still `stale_pending` (TenantConflict otherwise)."""

    def save_refs(self, tenant_id: str, refs: Mapping[str, str]) -> None:
        """QBO ids the sync found or created, trusted next time instead of re-read."""

    def set_posted_balances(self, tenant_id: str, balances: Mapping[str, str] | None) -> None:
        """The read-back's baseline (None: take QuickBooks' balances as the next baseline)."""

    def record_book_close(self, tenant_id: str, book_close_date: dt.date | None) -> None:
        """QuickBooks' BookCloseDate as read after a closed-period refusal (later plans use it)."""
