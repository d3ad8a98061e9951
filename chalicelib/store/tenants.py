"""`TenantRepository` on DynamoDB: the one module that knows the tenant item's attributes.

Every write is one UpdateItem with the condition its name promises; a failed condition is a
`TenantConflict`. Reads are consistent (a decision is never made on a stale replica).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from pynamodb.exceptions import UpdateError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action

from chalicelib.domain.schedule import Schedule
from chalicelib.store.models import TenantItem
from chalicelib.tenants.attention import FAILING, RunEnd, skipped_on
from chalicelib.tenants.model import Connection, ConnectionStatus, EligibilityOverride, Profile, Tenant, locations_from
from chalicelib.tenants.repository import NoProfile, SettingsChange, TenantConflict, TenantScan

_FAILED = "ConditionalCheckFailedException"
SCAN_PAGE = 100


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _override(raw: Any) -> EligibilityOverride | None:
    if not raw:
        return None
    at = dt.datetime.fromisoformat(str(raw.get("at") or "1970-01-01T00:00:00+00:00"))
    return EligibilityOverride(str(raw.get("by") or "support"), str(raw.get("reason") or ""), at)


def tenant_from_item(m: TenantItem) -> Tenant:
    """The stored item as a `Tenant` (attributes older items lack read as their defaults)."""
    return Tenant(
        tenant_id=m.tenant_id, name=m.name, timezone=m.timezone, created_at=m.created_at,
        onboarding=bool(m.onboarding), last_import_at=m.last_import_at, locations=locations_from(m.locations),
        profile_updated_at=m.profile_updated_at, next_seq=int(m.next_seq or 0), ledger_alloc_at=m.ledger_alloc_at,
        cursor_seq=int(m.cursor_seq or 0),
        connection_status=ConnectionStatus(m.connection_status or ConnectionStatus.NOT_CONNECTED),
        realm_id=m.realm_id, company_name=m.company_name, plan=m.plan,
        fiscal_year_start_month=int(m.fiscal_year_start_month) if m.fiscal_year_start_month else None,
        book_close_date=_day(m.book_close_date), class_tracking=bool(m.class_tracking),
        connected_at=m.connected_at, connected_by=m.connected_by, generation=int(m.generation or 0),
        go_live_date=_day(m.go_live_date), schedule=Schedule(m.schedule) if m.schedule else None,
        schedule_changed_at=m.schedule_changed_at, first_sync_done=bool(m.first_sync_done),
        last_run_task_id=m.last_run_task_id, last_run_started_at=m.last_run_started_at,
        lease_task_id=m.lease_task_id, lease_expires_at=m.lease_expires_at,
        open_plan_task_id=m.open_plan_task_id, pending_task_id=m.pending_task_id,
        qbo_refs={str(k): str(v) for k, v in (m.qbo_refs or {}).items()},
        eligibility_override=_override(m.eligibility_override),
        posted_balances={str(k): str(v) for k, v in m.posted_balances.items()}
        if isinstance(m.posted_balances, dict) else None,
        posting_map=dict(m.posting_map) if isinstance(m.posting_map, dict) else {},
        run_attention=m.run_attention, last_daily_skip=m.last_daily_skip,
    )


class DynamoTenants:
    """The tenants table."""

    def __init__(self, item: type[TenantItem]) -> None:
        self.T = item

    # --- reads --------------------------------------------------------------------------

    def get(self, tenant_id: str) -> Tenant | None:
        try:
            return tenant_from_item(self.T.get(tenant_id, consistent_read=True))
        except self.T.DoesNotExist:
            return None

    def scan(self, where: TenantScan, start_after: str | None = None) -> Iterator[Tenant]:
        start = {"tenant_id": {"S": start_after}} if start_after else None
        for item in self.T.scan(filter_condition=self._filter(where), page_size=SCAN_PAGE,
                                last_evaluated_key=start):
            yield tenant_from_item(item)

    def reachable(self) -> bool:
        return bool(self.T.exists())

    def ids_by_status(self, status: str, where: TenantScan, start_after: str | None = None,
                      page_size: int = SCAN_PAGE) -> Iterator[str]:
        return self._ids(self.T.status_index, "connection_status", status, where, start_after, page_size)

    def get_many(self, tenant_ids: Sequence[str]) -> dict[str, Tenant]:
        return {item.tenant_id: tenant_from_item(item) for item in self.T.batch_get(list(tenant_ids))}

    def ids_by_attention(self, attention: str, where: TenantScan, start_after: str | None = None,
                         page_size: int = SCAN_PAGE) -> Iterator[str]:
        return self._ids(self.T.attention_index, "run_attention", attention, where, start_after, page_size)

    def _ids(self, index: Any, key: str, value: str, where: TenantScan, start_after: str | None,
             page_size: int) -> Iterator[str]:
        """One partition of a tenant index, in id order, after `start_after`, filtered by plan and zone."""
        start = {key: {"S": value}, "tenant_id": {"S": start_after}} if start_after else None
        for item in index.query(value, filter_condition=self._filter(
                TenantScan(plan=where.plan, timezone=where.timezone)), page_size=page_size, last_evaluated_key=start):
            yield str(item.tenant_id)

    def _filter(self, where: TenantScan) -> Condition | None:
        m = self.T
        condition: Condition | None = None
        if where.connection_statuses:
            condition = m.connection_status.is_in(*sorted(where.connection_statuses))
            if ConnectionStatus.NOT_CONNECTED in where.connection_statuses:  # a profile-only tenant
                condition = condition | m.connection_status.does_not_exist()
        for extra in ((m.plan == where.plan) if where.plan else None,
                      (m.timezone == where.timezone) if where.timezone else None):
            if extra is not None:
                condition = extra if condition is None else condition & extra
        return condition

    # --- writes -------------------------------------------------------------------------

    def _update(self, tenant_id: str, actions: list[Action], condition: Condition | None,
                quiet: bool = False) -> bool:
        """One conditional UpdateItem; False (or TenantConflict unless `quiet`) when it fails."""
        try:
            self.T(tenant_id).update(actions=actions, condition=condition)
        except UpdateError as exc:
            if exc.cause_response_code != _FAILED:
                raise
            if not quiet:
                raise TenantConflict(tenant_id) from None
            return False
        return True

    def _exists(self) -> Condition:
        return self.T.tenant_id.exists()

    def put_profile(self, tenant_id: str, profile: Profile, now: dt.datetime) -> bool:
        m = self.T
        actions: list[Action] = [
            m.name.set(profile.name), m.timezone.set(profile.timezone), m.created_at.set(profile.created_at),
            m.onboarding.set(profile.onboarding),
            m.locations.set([{"id": loc.id, "name": loc.name} for loc in profile.locations]),
            m.profile_updated_at.set(now),
            m.cursor_seq.set(m.cursor_seq | 0),  # counters stored from the start, never reset here
            m.next_seq.set(m.next_seq | 0),
            # every tenant item carries a status (support lists by it); a real one is never replaced
            m.connection_status.set(m.connection_status | ConnectionStatus.NOT_CONNECTED.value),
            m.last_import_at.set(profile.last_import_at) if profile.last_import_at else m.last_import_at.remove(),
        ]
        if self._update(tenant_id, actions, m.profile_updated_at.exists(), quiet=True):
            return False
        self._update(tenant_id, actions, None)
        return True

    def allocate_seqs(self, tenant_id: str, count: int, now: dt.datetime) -> int:
        m = self.T
        tenant = m(tenant_id)
        try:
            tenant.update(actions=[m.next_seq.add(count), m.ledger_alloc_at.set(now)],
                          condition=m.profile_updated_at.exists())
        except UpdateError as exc:
            if exc.cause_response_code == _FAILED:
                raise NoProfile(tenant_id) from None
            raise
        return int(tenant.next_seq) - count + 1

    def _fresh_start(self) -> list[Action]:
        m = self.T
        return [m.go_live_date.remove(), m.schedule.remove(), m.schedule_changed_at.remove(),
                m.cursor_seq.set(0), m.first_sync_done.set(False), m.generation.add(1),
                m.open_plan_task_id.remove(),  # its unposted rest is abandoned; what it posted stands
                m.posted_balances.remove()]

    def record_connection(self, tenant_id: str, connection: Connection, *, fresh_start: bool) -> None:
        m, c = self.T, connection
        actions: list[Action] = [
            m.connection_status.set(ConnectionStatus.CONNECTED.value), m.realm_id.set(c.realm_id),
            m.company_name.set(c.company_name), m.plan.set(c.plan),
            m.fiscal_year_start_month.set(c.fiscal_year_start_month),
            m.book_close_date.set(c.book_close_date.isoformat()) if c.book_close_date else m.book_close_date.remove(),
            m.class_tracking.set(c.class_tracking), m.connected_at.set(c.connected_at),
            m.connected_by.set(c.connected_by),
        ]
        other_company = [*self._fresh_start(), m.qbo_refs.remove()]  # its ids are not this company's
        self._update(tenant_id, (other_company if fresh_start else []) + actions, self._exists())

    def set_eligibility_override(self, tenant_id: str, override: EligibilityOverride) -> None:
        self._update(tenant_id, [self.T.eligibility_override.set(override.to_dict())], self._exists())

    def set_posting_map(self, tenant_id: str, posting_map: Mapping[str, Any]) -> None:
        self._update(tenant_id, [self.T.posting_map.set(dict(posting_map))], self._exists())

    def configure(self, tenant_id: str, change: SettingsChange) -> None:
        m = self.T
        actions: list[Action] = []
        condition = m.connection_status == ConnectionStatus.CONNECTED.value
        if change.go_live_date is not None:
            actions.append(m.go_live_date.set(change.go_live_date.isoformat()))
            condition &= m.go_live_date.does_not_exist()
        if change.schedule is not None:
            actions.append(m.schedule.set(change.schedule.value))
        if change.schedule_changed_at is not None:
            actions.append(m.schedule_changed_at.set(change.schedule_changed_at))
        if actions:
            self._update(tenant_id, actions, condition)

    def reset(self, tenant_id: str, now: dt.datetime) -> None:
        m = self.T
        idle = m.lease_task_id.does_not_exist() | m.lease_expires_at.does_not_exist() | (m.lease_expires_at < now)
        self._update(tenant_id, self._fresh_start(), self._exists() & idle)

    def mark_disconnected(self, tenant_id: str) -> None:
        self._update(tenant_id, [self.T.connection_status.set(ConnectionStatus.DISCONNECTED.value)], self._exists())

    def mark_needs_reauth(self, tenant_id: str) -> bool:
        m = self.T
        return self._update(tenant_id, [m.connection_status.set(ConnectionStatus.NEEDS_REAUTH.value)],
                            m.connection_status == ConnectionStatus.CONNECTED.value, quiet=True)

    # --- the sync run's lease ------------------------------------------------------------

    def _pin(self, attribute: Any, value: Any) -> Condition:
        return attribute.does_not_exist() if value is None else attribute == value

    def _free(self, now: dt.datetime) -> Condition:
        return self.T.lease_expires_at.does_not_exist() | (self.T.lease_expires_at <= now)

    def acquire(self, t: Tenant, task_id: str, now: dt.datetime, ttl: dt.timedelta, resume: bool) -> None:
        m = self.T
        actions: list[Action] = [m.lease_task_id.set(task_id), m.lease_expires_at.set(now + ttl)]
        if resume:
            condition = self._free(now) & (m.last_run_task_id == task_id)
        else:
            actions += [m.last_run_task_id.set(task_id), m.last_run_started_at.set(now)]
            schedule = t.schedule.value if t.schedule else None
            generation = (m.generation == t.generation) if t.generation else (
                m.generation.does_not_exist() | (m.generation == 0))
            condition = (self._free(now) & self._pin(m.schedule, schedule)
                         & self._pin(m.schedule_changed_at, t.schedule_changed_at)
                         & self._pin(m.last_run_task_id, t.last_run_task_id)
                         & (m.connection_status == ConnectionStatus.CONNECTED.value) & generation)
        self._update(t.tenant_id, actions, self._exists() & condition)

    def open_plan(self, tenant_id: str, task_id: str) -> None:
        self._update(tenant_id, [self.T.open_plan_task_id.set(task_id)], self.T.lease_task_id == task_id)

    def commit(self, tenant_id: str, task_id: str, cursor: int, upto: int, *, release: bool,
               clear_pending: bool, posted_balances: Mapping[str, str] | None = None) -> None:
        m = self.T
        actions: list[Action] = [m.cursor_seq.set(upto), m.open_plan_task_id.remove(), m.first_sync_done.set(True)]
        if posted_balances is not None:
            actions.append(m.posted_balances.set(dict(posted_balances)))
        if release:
            actions += [m.lease_task_id.remove(), m.lease_expires_at.remove()]
        if clear_pending:
            actions.append(m.pending_task_id.remove())
        at_cursor = m.cursor_seq == cursor
        if cursor == 0:  # a tenant whose profile was written by update() has no counter stored yet
            at_cursor = at_cursor | m.cursor_seq.does_not_exist()
        self._update(tenant_id, actions, (m.lease_task_id == task_id) & at_cursor)

    def release(self, tenant_id: str, task_id: str, *, clear_pending: bool) -> None:
        m = self.T
        self._update(tenant_id, [m.lease_task_id.remove(), m.lease_expires_at.remove()],
                     m.lease_task_id == task_id, quiet=True)
        if clear_pending:
            self.clear_pending(tenant_id, task_id)

    def clear_pending(self, tenant_id: str, task_id: str) -> None:
        self._update(tenant_id, [self.T.pending_task_id.remove()], self.T.pending_task_id == task_id, quiet=True)

    def note_run_end(self, tenant_id: str, end: RunEnd, on: dt.date | None = None) -> None:
        m = self.T
        if end is RunEnd.FAILED:
            self._update(tenant_id, [m.run_attention.set(FAILING)], self._exists(), quiet=True)
        elif end is RunEnd.SKIPPED_DAILY:
            if on is None:
                raise ValueError("a skipped daily run's attention needs its UTC date")
            value = skipped_on(on)
            self._update(tenant_id, [m.run_attention.set(value), m.last_daily_skip.set(value)],
                         self._exists(), quiet=True)
        elif not self._update(tenant_id, [m.run_attention.set(m.last_daily_skip)],
                              self._exists() & m.last_daily_skip.exists(), quiet=True):
            self._update(tenant_id, [m.run_attention.remove()], self._exists(), quiet=True)

    def request_sync(self, tenant_id: str, task_id: str, now: dt.datetime, stale_pending: str | None) -> None:
        m = self.T
        manual = m.schedule == Schedule.MANUAL.value
        condition = self._free(now) & manual & self._pin(m.pending_task_id, stale_pending)
        self._update(tenant_id, [m.pending_task_id.set(task_id)], self._exists() & condition)

    def save_refs(self, tenant_id: str, refs: Mapping[str, str]) -> None:
        self._update(tenant_id, [self.T.qbo_refs.set(dict(refs))], self._exists())

    def set_posted_balances(self, tenant_id: str, balances: Mapping[str, str] | None) -> None:
        m = self.T
        action = m.posted_balances.set(dict(balances)) if balances is not None else m.posted_balances.remove()
        self._update(tenant_id, [action], self._exists())

    def record_book_close(self, tenant_id: str, book_close_date: dt.date | None) -> None:
        m = self.T
        action = m.book_close_date.set(book_close_date.isoformat()) if book_close_date else m.book_close_date.remove()
        self._update(tenant_id, [action], self._exists())
