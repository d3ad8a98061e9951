"""Configure QuickBooks Integration (Go Live Date, Synchronization Schedule) and read its status.

The Go Live Date is set once: within the company's current fiscal year, not before the last data
import, not in the future; changing it needs a reset. Before it is saved, QBO is asked how many
deposits, sales receipts and journal entries are already dated on or after it: if any, the PUT
is refused with the counts (409 `go_live_overlap`) until the admin repeats it with
`confirm_overlap: true`. Switching the schedule restarts the 23-hour timer; Daily keeps an
EventBridge schedule for the tenant, Manual has none.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from chalicelib.aws.schedules import SchedulePort
from chalicelib.domain.errors import DomainError
from chalicelib.domain.golive import check_go_live_date, go_live_range, plan_support
from chalicelib.domain.money import format_amount
from chalicelib.domain.plans import plan_from_sku
from chalicelib.domain.schedule import LastRun, Schedule, next_sync_at, say_clock, zone
from chalicelib.domain.standing import earliest_safe_go_live
from chalicelib.domain.standing import overlap as own_overlap
from chalicelib.errors import Conflict, InvalidRequest, NotFound
from chalicelib.quickbooks.client import CompanyPort
from chalicelib.quickbooks.errors import NeedsReauthorization, NotConnected
from chalicelib.services.connect import tenant_eligibility
from chalicelib.services.ports import AuditTrail, LastRuns
from chalicelib.services.tokens import NEEDS_REAUTH_MESSAGE, Credentials
from chalicelib.tenants.model import ConnectionStatus, Tenant
from chalicelib.tenants.repository import SettingsChange, TenantConflict, TenantRepository


class FreshTokens(Protocol):
    def fresh(self, tenant_id: str) -> Credentials:
        """A usable access token for the tenant's company (`chalicelib/services/tokens.py`)."""


def settings_view(tenant: Tenant) -> dict[str, Any]:
    return {"go_live_date": _day(tenant.go_live_date), "schedule": tenant.schedule.value if tenant.schedule else None,
            "schedule_changed_at": _iso(tenant.schedule_changed_at),
            "go_live_locked": bool(tenant.go_live_date),
            "configured": bool(tenant.go_live_date and tenant.schedule)}


class SettingsService:
    def __init__(self, tenants: TenantRepository, runs: LastRuns, tokens: FreshTokens, company: CompanyPort,
                 schedules: SchedulePort, audit: AuditTrail, clock: Callable[[], dt.datetime],
                 standing: Any = None) -> None:
        self._tenants, self._runs, self._tokens, self._company = tenants, runs, tokens, company
        self._schedules, self._audit, self._clock, self._standing = schedules, audit, clock, standing

    def get(self, tenant_id: str) -> dict[str, Any]:
        tenant = self.tenant(tenant_id)
        view = {"tenant_id": tenant_id, **settings_view(tenant), "allowed_go_live": None}
        if tenant.connected and not tenant.go_live_date:
            try:
                allowed = self._allowed(tenant)
                earliest, safe = allowed.earliest, self._earliest_safe(tenant)
                if safe is not None and safe > earliest:  # before it, Classbooks' own documents would post twice
                    earliest = safe
                view["allowed_go_live"] = {"earliest": earliest.isoformat(), "latest": allowed.latest.isoformat()}
                if safe is not None:
                    view["suggested_go_live"] = safe.isoformat()
            except InvalidRequest as why:
                view["allowed_go_live_reason"] = why.message
        return view

    def put(self, tenant_id: str, actor: tuple[str, str], body: Mapping[str, Any]) -> dict[str, Any]:
        tenant, now = self.tenant(tenant_id), self._clock()
        self._require_connected(tenant)
        confirm = body.get("confirm_overlap", False)
        if not isinstance(confirm, bool):
            raise InvalidRequest("confirm_overlap must be true or false")
        changes: dict[str, Any] = {}
        overlap: list[dict[str, Any]] = []
        go_live: dt.date | None = None
        if body.get("go_live_date") is not None:
            day = _date(body["go_live_date"])
            if tenant.go_live_date and tenant.go_live_date != day:
                raise Conflict(f"The Go Live Date is {tenant.go_live_date} and cannot be edited; changing it "
                               "needs a reset of the integration.", code="go_live_locked")
            if not tenant.go_live_date:
                overlap = self._check_go_live(tenant, day, confirm)
                go_live = day
                changes["go_live_date"] = day.isoformat()
        elif not tenant.go_live_date:
            raise InvalidRequest("choose a Go Live Date (go_live_date, YYYY-MM-DD)")
        schedule = self._schedule(body.get("schedule"), tenant)
        switched: dt.datetime | None = None
        if schedule is not tenant.schedule:
            changes["schedule"] = schedule.value
            if tenant.schedule is not None:  # a switch (not the first choice) restarts the 23-hour timer
                switched = now
        if changes:
            try:
                self._tenants.configure(tenant_id, SettingsChange(
                    go_live_date=go_live, schedule=schedule if "schedule" in changes else None,
                    schedule_changed_at=switched))
            except TenantConflict:
                raise Conflict("the settings changed meanwhile; reload and try again", code="conflict") from None
        if schedule is Schedule.DAILY:
            self._schedules.ensure(tenant_id, tenant.tz)
        else:
            self._schedules.delete(tenant_id)
        if changes:
            self._audit.record(tenant_id, actor, "settings", changes=changes, overlap=overlap or None)
        return {**self.get(tenant_id), "overlap": overlap}

    def status(self, tenant_id: str) -> dict[str, Any]:
        """Connection, company, plan, class tracking (and why), go-live, schedule; never tokens."""
        tenant, now = self.tenant(tenant_id), self._clock()
        plan = plan_from_sku(tenant.plan) if tenant.plan else None
        support = plan_support(plan, bool(tenant.class_tracking)) if plan else None
        last_run = self._last_run(tenant)
        upcoming = None
        if tenant.connected and tenant.schedule and tenant.go_live_date and tenant.timezone:
            upcoming = next_sync_at(tenant.schedule, now, tenant.timezone, last_run, tenant.schedule_changed_at)
        try:
            verdict = tenant_eligibility(tenant, now)
            eligibility = {"eligible": verdict.eligible, "reasons": list(verdict.reasons), "overridden": verdict.overridden}
        except Conflict as missing:
            eligibility = {"eligible": False, "reasons": [missing.message], "overridden": False}
        return {
            "tenant_id": tenant_id,
            "connection": {"status": tenant.connection_status.value, "needs_reauth": tenant.connection_status == "needs_reauth",
                           "message": NEEDS_REAUTH_MESSAGE if tenant.connection_status == "needs_reauth" else None,
                           "realm_id": tenant.realm_id, "company_name": tenant.company_name,
                           "connected_at": _iso(tenant.connected_at), "connected_by": tenant.connected_by},
            "company": {"plan": tenant.plan, "plan_supported": support.supported if support else None,
                        "plan_reason": support.reason if support else None,
                        "fiscal_year_start_month": tenant.fiscal_year_start_month,
                        "book_close_date": _day(tenant.book_close_date)},
            "class_tracking": {"enabled": bool(support and support.class_tracking),
                               "reason": support.location_note if support else None},
            "eligibility": {**eligibility, "override": tenant.eligibility_override.to_dict()
                            if tenant.eligibility_override else None},
            "settings": settings_view(tenant),
            "next_sync_at": _iso(upcoming),
            "next_sync_local": _say_local(upcoming, tenant.timezone),  # the page's "Next Sync Date"
            "sync_now_available": bool(tenant.schedule is Schedule.MANUAL and tenant.go_live_date
                                       and tenant.connected),  # seed: hidden on Daily
            "last_run": {"task_id": tenant.last_run_task_id, **_run_view(last_run)} if last_run else None,
        }

    def _last_run(self, tenant: Tenant) -> LastRun | None:
        if not tenant.last_run_task_id:
            return None
        return self._runs.last_run(tenant.tenant_id, tenant.last_run_task_id)

    def tenant(self, tenant_id: str) -> Tenant:
        tenant = self._tenants.get(tenant_id)
        if tenant is None:
            raise NotFound(f"no studio {tenant_id!r}")
        return tenant

    def _check_go_live(self, tenant: Tenant, day: dt.date, confirm: bool) -> list[dict[str, Any]]:
        allowed, last_import = self._allowed(tenant), _local_date(tenant.last_import_at, tenant.tz)
        try:
            check_go_live_date(day, allowed, last_import=last_import)
        except DomainError as error:
            raise InvalidRequest(str(error)[:1].upper() + str(error)[1:] + ".", code="invalid_go_live_date") from None
        self._refuse_own_overlap(tenant, day)
        creds = self._tokens.fresh(tenant.tenant_id)
        counts = self._company.documents_on_or_after(creds.realm_id, creds.access_token, day)
        overlap = [{"entity": entity, "count": n} for entity, n in counts.items() if n]
        if overlap and not confirm:
            found = ", ".join(f"{o['count']} {o['entity']}" for o in overlap)
            raise Conflict(f"QuickBooks already has documents dated on or after {day}: {found}. Syncing from "
                           "this date may duplicate revenue. Choose a later date, or repeat with "
                           "confirm_overlap: true to save anyway.", details=overlap, code="go_live_overlap")
        return overlap

    def _standing_documents(self, tenant: Tenant) -> list[Any]:
        return [] if self._standing is None else self._standing.standing(tenant.tenant_id, tenant.realm_id)

    def _earliest_safe(self, tenant: Tenant) -> dt.date | None:
        return earliest_safe_go_live(self._standing_documents(tenant))

    def _refuse_own_overlap(self, tenant: Tenant, day: dt.date) -> None:
        """Classbooks' own standing documents are never posted twice: not even with confirm_overlap."""
        found = own_overlap(self._standing_documents(tenant), day)
        if found is None:
            return
        raise Conflict(
            f"Classbooks already posted {len(found.documents)} journal entr"
            f"{'y' if len(found.documents) == 1 else 'ies'} to this company for business dates up to "
            f"{found.last_date} ({format_amount(found.revenue)} of revenue). A Go Live Date of {day} would post "
            f"{format_amount(found.revenue)} twice. Choose {found.earliest_safe} or later, or undo those "
            "entries first (Reset, then Undo).", code="go_live_overlaps_classbooks",
            details=[{"doc_number": s.document.doc_number, "txn_date": s.document.txn_date.isoformat(),
                      "revenue": format_amount(s.revenue)} for s in found.documents][:50])

    def _allowed(self, tenant: Tenant) -> Any:
        if not tenant.timezone or not tenant.fiscal_year_start_month:
            raise InvalidRequest("the studio's time zone or the company's fiscal year is unknown")
        today = self._clock().astimezone(zone(tenant.timezone)).date()
        try:
            return go_live_range(fiscal_start_month=int(tenant.fiscal_year_start_month), today=today,
                                 tz=tenant.timezone, last_import_at=tenant.last_import_at)
        except DomainError as error:
            raise InvalidRequest(str(error), code="invalid_go_live_date") from None

    @staticmethod
    def _schedule(raw: Any, tenant: Tenant) -> Schedule:
        if raw is None:
            if tenant.schedule is None:
                raise InvalidRequest("choose a Synchronization Schedule (schedule: daily or manual)")
            return tenant.schedule
        try:
            return Schedule(str(raw).lower())
        except ValueError:
            raise InvalidRequest("schedule must be daily or manual") from None

    @staticmethod
    def _require_connected(tenant: Tenant) -> None:
        if tenant.connection_status is ConnectionStatus.NEEDS_REAUTH:
            raise NeedsReauthorization(NEEDS_REAUTH_MESSAGE)
        if not tenant.connected:
            raise NotConnected("connect QuickBooks before configuring the integration")


def _run_view(run: LastRun) -> dict[str, Any]:
    return {"trigger": run.trigger.value, "started_at": _iso(run.started_at)}


def _date(raw: Any) -> dt.date:
    try:
        return dt.date.fromisoformat(str(raw))
    except ValueError:
        raise InvalidRequest(f"go_live_date must be a date as YYYY-MM-DD, got {raw!r}") from None


def _local_date(instant: dt.datetime | None, tz: str) -> dt.date | None:
    return instant.astimezone(zone(tz)).date() if instant else None


def _say_local(instant: dt.datetime | None, tz: str | None) -> str | None:
    """"Thu, Nov 26, 11:31 PM CST": the next sync in the studio's own time zone."""
    if instant is None or not tz:
        return None
    local = instant.astimezone(zone(tz))
    return f"{local:%a, %b} {local.day}, {say_clock(instant, tz)}"


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None
