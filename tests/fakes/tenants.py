"""An in-memory `TenantRepository`: the same conditions as `chalicelib/store/tenants.py`, no I/O.

Checked against the DynamoDB adapter by `tests/contract/test_tenants.py`.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from chalicelib.domain.schedule import Schedule
from chalicelib.tenants.attention import FAILING, RunEnd, skipped_on
from chalicelib.tenants.model import Connection, ConnectionStatus, EligibilityOverride, Profile, Tenant
from chalicelib.tenants.repository import NoProfile, SettingsChange, TenantConflict, TenantScan


class InMemoryTenants:
    def __init__(self, *tenants: Tenant) -> None:
        self.rows: dict[str, Tenant] = {t.tenant_id: t for t in tenants}
        self.writes = 0

    # --- reads --------------------------------------------------------------------------
    def get(self, tenant_id: str) -> Tenant | None:
        return self.rows.get(tenant_id)

    def load(self, tenant_id: str) -> Tenant | None:  # the name the sync's older fakes used
        return self.get(tenant_id)

    def scan(self, where: TenantScan, start_after: str | None = None) -> Iterator[Tenant]:
        for tenant_id in sorted(self.rows):
            if start_after is not None and tenant_id <= start_after:
                continue
            t = self.rows[tenant_id]
            if where.connection_statuses and t.connection_status.value not in where.connection_statuses:
                continue
            if where.plan and t.plan != where.plan:
                continue
            if where.timezone and t.timezone != where.timezone:
                continue
            yield t

    def reachable(self) -> bool:
        return True

    def ids_by_status(self, status: str, where: TenantScan, start_after: str | None = None,
                      page_size: int = 100) -> Iterator[str]:
        for t in self.scan(TenantScan(frozenset({status}), where.plan, where.timezone), start_after):
            yield t.tenant_id

    def get_many(self, tenant_ids: Sequence[str]) -> dict[str, Tenant]:
        return {i: self.rows[i] for i in tenant_ids if i in self.rows}

    def ids_by_attention(self, attention: str, where: TenantScan, start_after: str | None = None,
                         page_size: int = 100) -> Iterator[str]:
        for t in self.scan(TenantScan(plan=where.plan, timezone=where.timezone), start_after):
            if t.run_attention == attention:
                yield t.tenant_id

    # --- writes -------------------------------------------------------------------------
    def _set(self, tenant_id: str, **changes: Any) -> None:
        self.writes += 1
        current = self.rows.get(tenant_id) or Tenant(tenant_id)
        self.rows[tenant_id] = dataclasses.replace(current, **changes)

    def _require(self, tenant_id: str) -> Tenant:
        t = self.rows.get(tenant_id)
        if t is None:
            raise TenantConflict(tenant_id)
        return t

    def put_profile(self, tenant_id: str, profile: Profile, now: dt.datetime) -> bool:
        created = not (tenant_id in self.rows and self.rows[tenant_id].has_profile)
        self._set(tenant_id, name=profile.name, timezone=profile.timezone, created_at=profile.created_at,
                  onboarding=profile.onboarding, locations=profile.locations, profile_updated_at=now,
                  last_import_at=profile.last_import_at)
        return created

    def allocate_seqs(self, tenant_id: str, count: int, now: dt.datetime) -> int:
        t = self.rows.get(tenant_id)
        if t is None or not t.has_profile:
            raise NoProfile(tenant_id)
        self._set(tenant_id, next_seq=t.next_seq + count, ledger_alloc_at=now)
        return t.next_seq + 1

    def _fresh_start(self, t: Tenant) -> dict[str, Any]:
        return {"go_live_date": None, "schedule": None, "schedule_changed_at": None, "cursor_seq": 0,
                "first_sync_done": False, "generation": t.generation + 1, "open_plan_task_id": None,
                "posted_balances": None}

    def record_connection(self, tenant_id: str, connection: Connection, *, fresh_start: bool) -> None:
        t = self._require(tenant_id)
        c = connection
        self._set(tenant_id, **({**self._fresh_start(t), "qbo_refs": {}} if fresh_start else {}),
                  connection_status=ConnectionStatus.CONNECTED, realm_id=c.realm_id,
                  company_name=c.company_name, plan=c.plan, fiscal_year_start_month=c.fiscal_year_start_month,
                  book_close_date=c.book_close_date, class_tracking=c.class_tracking,
                  connected_at=c.connected_at, connected_by=c.connected_by)

    def set_eligibility_override(self, tenant_id: str, override: EligibilityOverride) -> None:
        self._require(tenant_id)
        self._set(tenant_id, eligibility_override=override)

    def set_posting_map(self, tenant_id: str, posting_map: Mapping[str, Any]) -> None:
        self._require(tenant_id)
        self._set(tenant_id, posting_map=dict(posting_map))

    def configure(self, tenant_id: str, change: SettingsChange) -> None:
        t = self._require(tenant_id)
        changes: dict[str, Any] = {}
        if change.go_live_date is not None:
            if t.go_live_date is not None:
                raise TenantConflict(tenant_id)
            changes["go_live_date"] = change.go_live_date
        if change.schedule is not None:
            changes["schedule"] = change.schedule
        if change.schedule_changed_at is not None:
            changes["schedule_changed_at"] = change.schedule_changed_at
        if changes:
            if t.connection_status is not ConnectionStatus.CONNECTED:
                raise TenantConflict(tenant_id)
            self._set(tenant_id, **changes)

    def reset(self, tenant_id: str, now: dt.datetime) -> None:
        t = self._require(tenant_id)
        if t.lease_task_id is not None and t.lease_expires_at is not None and t.lease_expires_at >= now:
            raise TenantConflict(tenant_id)
        self._set(tenant_id, **self._fresh_start(t))

    def mark_disconnected(self, tenant_id: str) -> None:
        self._require(tenant_id)
        self._set(tenant_id, connection_status=ConnectionStatus.DISCONNECTED)

    def mark_needs_reauth(self, tenant_id: str) -> bool:
        t = self.rows.get(tenant_id)
        if t is None or t.connection_status is not ConnectionStatus.CONNECTED:
            return False
        self._set(tenant_id, connection_status=ConnectionStatus.NEEDS_REAUTH)
        return True

    # --- the sync run's lease ------------------------------------------------------------
    def acquire(self, t: Tenant, task_id: str, now: dt.datetime, ttl: dt.timedelta, resume: bool) -> None:
        cur = self._require(t.tenant_id)
        ok = not cur.lease_held(now) and (
            cur.last_run_task_id == task_id if resume else
            (cur.schedule, cur.schedule_changed_at, cur.last_run_task_id, cur.generation) ==
            (t.schedule, t.schedule_changed_at, t.last_run_task_id, t.generation)
            and cur.connection_status is ConnectionStatus.CONNECTED)
        if not ok:
            raise TenantConflict(t.tenant_id)
        extra = {} if resume else {"last_run_task_id": task_id, "last_run_started_at": now}
        self._set(t.tenant_id, lease_task_id=task_id, lease_expires_at=now + ttl, **extra)

    def open_plan(self, tenant_id: str, task_id: str) -> None:
        if self._require(tenant_id).lease_task_id != task_id:
            raise TenantConflict(tenant_id)
        self._set(tenant_id, open_plan_task_id=task_id)

    def commit(self, tenant_id: str, task_id: str, cursor: int, upto: int, *, release: bool,
               clear_pending: bool, posted_balances: Mapping[str, str] | None = None) -> None:
        cur = self._require(tenant_id)
        if cur.lease_task_id != task_id or cur.cursor_seq != cursor:
            raise TenantConflict(tenant_id)
        changes: dict[str, Any] = {"cursor_seq": upto, "open_plan_task_id": None, "first_sync_done": True}
        if posted_balances is not None:
            changes["posted_balances"] = dict(posted_balances)
        if release:
            changes.update(lease_task_id=None, lease_expires_at=None)
        if clear_pending:
            changes["pending_task_id"] = None
        self._set(tenant_id, **changes)

    def release(self, tenant_id: str, task_id: str, *, clear_pending: bool) -> None:
        t = self.rows.get(tenant_id)
        if t is not None and t.lease_task_id == task_id:
            self._set(tenant_id, lease_task_id=None, lease_expires_at=None)
        if clear_pending:
            self.clear_pending(tenant_id, task_id)

    def clear_pending(self, tenant_id: str, task_id: str) -> None:
        t = self.rows.get(tenant_id)
        if t is not None and t.pending_task_id == task_id:
            self._set(tenant_id, pending_task_id=None)

    def note_run_end(self, tenant_id: str, end: RunEnd, on: dt.date | None = None) -> None:
        t = self.rows.get(tenant_id)
        if t is None:
            return
        if end is RunEnd.FAILED:
            self._set(tenant_id, run_attention=FAILING)
        elif end is RunEnd.SKIPPED_DAILY:
            if on is None:
                raise ValueError("a skipped daily run's attention needs its UTC date")
            self._set(tenant_id, run_attention=skipped_on(on), last_daily_skip=skipped_on(on))
        else:
            self._set(tenant_id, run_attention=t.last_daily_skip)

    def request_sync(self, tenant_id: str, task_id: str, now: dt.datetime, stale_pending: str | None) -> None:
        cur = self._require(tenant_id)
        if cur.lease_held(now) or cur.schedule is not Schedule.MANUAL or cur.pending_task_id != stale_pending:
            raise TenantConflict(tenant_id)
        self._set(tenant_id, pending_task_id=task_id)

    def save_refs(self, tenant_id: str, refs: Mapping[str, str]) -> None:
        self._require(tenant_id)
        self._set(tenant_id, qbo_refs=dict(refs))

    def set_posted_balances(self, tenant_id: str, balances: Mapping[str, str] | None) -> None:
        self._require(tenant_id)
        self._set(tenant_id, posted_balances=None if balances is None else dict(balances))

    def record_book_close(self, tenant_id: str, book_close_date: dt.date | None) -> None:
        self._require(tenant_id)
        self._set(tenant_id, book_close_date=book_close_date)
