"""The sync run (DESIGN.md "The sync run"): lease → plan → write plan → post → record → cursor.

One message, one task. The run takes the tenant's lease with one conditional write, finishes a
plan another run left open (its documents keep their keys), then reads the ledger's committed
range after the cursor, plans it with the pure planner, writes the plan down, and only then
talks to QuickBooks. The cursor moves, and the lease is released, in one conditional write after
every document of the plan has its QBO id. Ingest landing meanwhile is past `upto`: next run.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aws_lambda_powertools import Logger

from chalicelib.domain.accounts import AccountKey
from chalicelib.domain.closed_books import documents_to_move
from chalicelib.domain.drift import CHECKED_ROLES, account_nets, added, find_drift
from chalicelib.domain.errors import DomainError
from chalicelib.domain.journal import PostingPlan
from chalicelib.domain.money import format_amount, parse_amount
from chalicelib.domain.schedule import Trigger
from chalicelib.domain.skips import SkipFacts
from chalicelib.domain.specs import account_specs
from chalicelib.ledger.ports import BalanceSnapshots, LedgerReader
from chalicelib.quickbooks.errors import IntuitUnavailable, NeedsReauthorization
from chalicelib.sync import failures
from chalicelib.sync import tasks as st
from chalicelib.sync.executor import document_views, execute
from chalicelib.sync.lease import LEASE_TTL, Admission, LeaseLost, Verdict, admit, skipped
from chalicelib.sync.messages import SyncMessage
from chalicelib.sync.payouts import PayoutSource
from chalicelib.sync.planning import plan_next
from chalicelib.sync.plans import PlanStore, SavedPlan
from chalicelib.sync.ports import PeriodClosed, QuickBooksPoster, QuickBooksRefused, SyncError
from chalicelib.sync.state import posting_settings
from chalicelib.sync.totals import totals_view
from chalicelib.tenants.attention import RunEnd
from chalicelib.tenants.model import Tenant
from chalicelib.tenants.repository import TenantRepository

Clock = Callable[[], dt.datetime]
PosterFactory = Callable[[Tenant], QuickBooksPoster]
GONE_REFERENCE_CODES = frozenset({"2500", "610"})  # Invalid Reference Id / Object Not Found: made inactive or deleted
CLOSES_PER_RUN = 3  # the accountant closing again while one run re-dates: give up after this many
logger = Logger(service="classbooks-sync", child=True)


class RetryLater(Exception):
    """The message must come back later (transient fault, duplicate racing, tenant changed)."""


@dataclass(frozen=True)
class Outcome:
    status: str  # succeeded | failed | skipped | duplicate
    task_id: str
    message: str = ""
    dead_letter: bool = False  # a permanent failure: the message goes to the DLQ (task shows why)


@dataclass
class SyncRun:
    tenants: TenantRepository
    tasks: st.TaskStore
    plans: PlanStore
    ledger: LedgerReader
    poster_for: PosterFactory
    clock: Clock
    brand: str = "Classbooks"
    snapshots: BalanceSnapshots | None = None  # None: every later run reads the whole history
    payouts: PayoutSource | None = None  # None: no payout records are planned (docs/payouts.md)

    def handle(self, msg: SyncMessage) -> Outcome:
        now, task_id, tenant_id = self.clock(), msg.record_id, msg.tenant_id
        task = self.tasks.get(tenant_id, task_id)
        if task is None:
            self.tasks.create(tenant_id, task_id, msg.trigger, now, msg.scheduled_for)
        elif task.terminal:
            return Outcome("duplicate", task_id, f"task is already {task.status}")
        tenant = self.tenants.get(tenant_id)
        if tenant is None:
            return self._skip(tenant_id, task_id, skipped(SkipFacts("unknown_tenant"), now, "UTC"))
        previous = None
        if tenant.last_run_task_id and tenant.last_run_task_id != task_id:
            previous = self.tasks.get(tenant_id, tenant.last_run_task_id)
        admission = admit(tenant, msg, st.last_run(previous, tenant.last_run_started_at), now)
        if admission.verdict is Verdict.BUSY:
            raise RetryLater(admission.message)
        if admission.verdict is Verdict.SKIP:
            outcome = self._skip(tenant_id, task_id, admission)
            self._note(tenant_id, RunEnd.SKIPPED_DAILY if msg.trigger is Trigger.DAILY else None,
                       (msg.scheduled_for or now).astimezone(dt.UTC).date())
            return outcome
        try:
            self.tenants.acquire(tenant, task_id, now, LEASE_TTL, resume=admission.verdict is Verdict.RESUME)
        except LeaseLost:
            raise RetryLater("the studio's settings changed while the sync was starting") from None
        started = {} if task and task.started_at else {"started_at": now}
        self.tasks.update(tenant_id, task_id, st.RUNNING, error=None, **started)
        return self._run(tenant, msg, task_id)

    def _run(self, tenant: Tenant, msg: SyncMessage, task_id: str) -> Outcome:
        tenant_id = tenant.tenant_id
        try:
            documents, plan = self._work(tenant, msg, task_id)
        except IntuitUnavailable as exc:
            return self._retry(tenant_id, task_id, f"QuickBooks did not answer ({exc}); the sync will retry.")
        except NeedsReauthorization as exc:
            self.tenants.mark_needs_reauth(tenant_id)
            return self._fail(tenant_id, task_id, failures.needs_reauth(str(exc)))
        except PeriodClosed as exc:
            return self._fail(tenant_id, task_id, failures.period_closed(str(exc)))
        except QuickBooksRefused as exc:
            return self._fail(tenant_id, task_id, failures.refused(str(exc)))
        except DomainError as exc:
            return self._fail(tenant_id, task_id, failures.not_planned(str(exc)))
        except LeaseLost:
            raise RetryLater("the run's lease expired; the next attempt resumes the plan") from None
        except Exception as exc:
            self._retry(tenant_id, task_id, f"The sync attempt failed ({type(exc).__name__}); it will retry.",
                        raise_=False)
            raise
        readback = self._read_back(tenant, plan)
        self.tasks.update(tenant_id, task_id, st.SUCCEEDED, finished_at=self.clock(), documents=documents,
                          readback=readback, totals=totals_view(plan), error=None, reason=None, range_from=plan.cursor,
                          range_to=plan.upto, business_date=plan.sync_date.isoformat(),
                          first_sync=plan.first_sync)
        if tenant.run_attention != tenant.last_daily_skip:  # else the success leaves it as it is: no write
            self._note(tenant_id, RunEnd.SUCCEEDED)
        return Outcome(st.SUCCEEDED, task_id, f"{len(documents)} document(s) posted")

    def _work(self, tenant: Tenant, msg: SyncMessage, task_id: str) -> tuple[list[Any], PostingPlan]:
        documents: list[Any] = []
        cursor, first_sync = tenant.cursor_seq, not tenant.first_sync_done
        inherited = tenant.open_plan_task_id
        if inherited and inherited != task_id:
            saved = self.plans.load(tenant.tenant_id, inherited)
            if saved is not None:
                documents += self._finish(tenant, saved, task_id, last=False)
                cursor, first_sync = saved.plan.upto, False
        saved = self.plans.load(tenant.tenant_id, task_id) or self._plan(tenant, msg, task_id, cursor, first_sync)
        documents += self._finish(tenant, saved, task_id, last=True)
        return documents, saved.plan

    def _plan(self, tenant: Tenant, msg: SyncMessage, task_id: str, cursor: int,
              first_sync: bool) -> SavedPlan:
        plan = plan_next(self.ledger, self.snapshots, self.payouts, tenant, self.brand, run_id=task_id,
                         sync_date=tenant.local_date(msg.scheduled_for or self.clock()), cursor=cursor,
                         first_sync=first_sync, keep=True)
        self.plans.write(task_id, plan, tenant.realm_id)
        self.tenants.open_plan(tenant.tenant_id, task_id)
        return SavedPlan(task_id, plan, {})

    def _finish(self, tenant: Tenant, saved: SavedPlan, task_id: str, last: bool) -> list[Any]:
        """Post what is left of `saved` and move the cursor over it (unless that already happened)."""
        latest = self.tenants.get(tenant.tenant_id) or tenant
        if latest.cursor_seq != saved.plan.cursor and latest.open_plan_task_id != saved.task_id:
            if last:  # committed by an earlier attempt that died before finishing its task
                self.tenants.release(tenant.tenant_id, task_id, clear_pending=True)
            return document_views(saved, saved.posted)
        saved, posted = self._execute(tenant, saved, latest)
        self.tenants.commit(tenant.tenant_id, task_id, saved.plan.cursor, saved.plan.upto, release=last,
                            clear_pending=last and latest.pending_task_id == task_id,
                            posted_balances=_moved_totals(latest, saved))
        return document_views(saved, posted)

    def _execute(self, tenant: Tenant, saved: SavedPlan, latest: Tenant) -> tuple[SavedPlan, dict[str, str]]:
        """Post `saved`; a closed-period refusal re-dates what is unposted and posts it again."""
        refs = dict(latest.qbo_refs)

        def save_refs(found: Any) -> None:
            refs.update(found)
            self.tenants.save_refs(tenant.tenant_id, found)
        refreshed = False
        for attempt in range(CLOSES_PER_RUN + 1):
            try:
                return saved, execute(saved, lambda: self.poster_for(tenant), self.plans, refs, save_refs, self.clock)
            except PeriodClosed as refusal:
                if attempt == CLOSES_PER_RUN:
                    raise
                saved = self._move_out_of_closed_period(tenant, saved, refusal)
            except QuickBooksRefused as refusal:
                if refreshed or not refs or not refusal.codes or not set(refusal.codes) <= GONE_REFERENCE_CODES:
                    raise
                # an account or class the cache names was deleted or made inactive in QuickBooks:
                # forget the cache once, so the poster finds (or re-creates) them by name
                refreshed = True
                refs.clear()
                self.tenants.save_refs(tenant.tenant_id, {})
                saved = self.plans.load(saved.plan.tenant_id, saved.task_id) or saved
        raise AssertionError("unreachable")  # pragma: no cover

    def _move_out_of_closed_period(self, tenant: Tenant, saved: SavedPlan, refusal: PeriodClosed) -> SavedPlan:
        """Re-read BookCloseDate (the one metered read this costs), keep it, and re-date the
        plan's unposted documents it covers; the refused documents were never posted."""
        close = self.poster_for(tenant).book_close_date()
        current = self.plans.load(saved.plan.tenant_id, saved.task_id) or saved
        refused = [d for d in current.pending if d.key in refusal.refused]
        if close is None or not any(d.txn_date <= close for d in refused):
            raise QuickBooksRefused(
                f"{refusal} QuickBooks says the period is closed, but its closing date "
                f"({close or 'none'}) does not cover these documents; check Settings > Advanced > "
                "Close the books in QuickBooks (a closing password blocks every post into the closed "
                "period), then Sync Now") from None
        self.tenants.record_book_close(tenant.tenant_id, close)
        return self.plans.redate(current, documents_to_move(current.pending, close))

    def _read_back(self, tenant: Tenant, plan: PostingPlan) -> dict[str, Any] | None:
        """One report read after posting: do Classbooks' own accounts in QuickBooks hold what it
        posted? None when the run posted nothing (no QuickBooks call on an empty night)."""
        if plan.empty:
            return None
        latest = self.tenants.get(tenant.tenant_id) or tenant
        settings = posting_settings(latest, self.brand)
        specs = [s for s in account_specs([AccountKey(r) for r in CHECKED_ROLES], settings.brand,
                                          settings.studio_name, settings.revenue_accounts, settings.overrides)]
        as_of = max([plan.sync_date] + [d.txn_date for d in plan.documents])
        try:
            actual = self.poster_for(tenant).account_balances(specs, latest.qbo_refs, as_of)
        except SyncError as exc:  # the books are posted; the check waits for the next run
            return {"status": "not_read", "reason": str(exc)}
        if latest.posted_balances is None:  # after a reset or a new company: QuickBooks' figures are the start
            self.tenants.set_posted_balances(tenant.tenant_id, {k: format_amount(v) for k, v in actual.items()})
            return {"status": "baseline", "as_of": as_of.isoformat()}
        expected = {k: parse_amount(v) for k, v in latest.posted_balances.items() if k in actual}
        drift = find_drift(expected, actual)
        return {"status": "drift" if drift else "ok", "as_of": as_of.isoformat(),
                "accounts": [d.to_dict() for d in drift]}

    def _skip(self, tenant_id: str, task_id: str, admission: Admission) -> Outcome:
        self.tasks.update(tenant_id, task_id, st.SKIPPED, finished_at=self.clock(), reason=admission.message,
                          reason_code=admission.code, next_run_at=admission.next_run_at,
                          reason_facts=admission.facts.to_dict() if admission.facts else None)
        self.tenants.clear_pending(tenant_id, task_id)
        return Outcome(st.SKIPPED, task_id, admission.message)

    def _fail(self, tenant_id: str, task_id: str, failure: failures.Failure) -> Outcome:
        self.tasks.update(tenant_id, task_id, st.FAILED, finished_at=self.clock(), error=failure.text,
                          reason_code=failure.code, next_step=failure.next_step)
        self.tenants.release(tenant_id, task_id, clear_pending=True)
        self._note(tenant_id, RunEnd.FAILED)
        return Outcome(st.FAILED, task_id, failure.text, dead_letter=True)

    def _note(self, tenant_id: str, end: RunEnd | None, on: dt.date | None = None) -> None:
        """Support's attention index after the task is recorded (chalicelib/tenants/attention.py).
        It only narrows support's candidates, so a failed write is logged and never fails the run."""
        if end is None:
            return
        try:
            self.tenants.note_run_end(tenant_id, end, on)
        except Exception:
            logger.warning("run attention not written", extra={"tenant_id": tenant_id, "end": end.value},
                           exc_info=True)

    def _retry(self, tenant_id: str, task_id: str, message: str, raise_: bool = True) -> Outcome:
        self.tenants.release(tenant_id, task_id, clear_pending=False)
        self.tasks.update(tenant_id, task_id, st.QUEUED, error=message)
        if raise_:
            raise RetryLater(message)
        return Outcome(st.QUEUED, task_id, message)

    def give_up(self, msg: SyncMessage, reason: str) -> None:
        """The message's last delivery failed: the task shows why before the message goes to the DLQ."""
        tenant = self.tenants.get(msg.tenant_id)
        if tenant is not None and tenant.lease_held(self.clock()) and tenant.lease_task_id == msg.record_id:
            return  # another delivery of this run holds the lease and is working on it
        task = self.tasks.get(msg.tenant_id, msg.record_id)
        if task is not None and not task.terminal:
            self._fail(msg.tenant_id, msg.record_id, failures.gave_up(reason))


def _moved_totals(latest: Tenant, saved: SavedPlan) -> dict[str, str] | None:
    """The read-back's running totals after `saved` (None while there is no baseline yet)."""
    if latest.posted_balances is None and not _brand_new(latest):
        return None
    before = {k: parse_amount(v) for k, v in (latest.posted_balances or {}).items()}
    return {k: format_amount(v) for k, v in added(before, account_nets(saved.plan.documents,
                                                                       saved.plan.accounts)).items()}


def _brand_new(t: Tenant) -> bool:
    """Nothing of this tenant can stand in QuickBooks yet: the read-back counts from zero."""
    return t.generation == 0 and not t.first_sync_done
