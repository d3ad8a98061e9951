"""Post the correcting entry for a task whose read-back found drift (docs/lifecycle.md).

Exactly once per task: the entry's key (and DocNumber) come from the task alone; a correction
already recorded is answered again without a QuickBooks call, and one QuickBooks holds but we
never recorded (an ambiguous failure) is found by its DocNumber before anything is posted.

Before posting, QuickBooks' balances are read again (one report read) and must still differ from
Classbooks' running totals exactly as the task found: an accountant who fixed the books by hand
meanwhile, or a later correction, leaves nothing to put back. The running totals are not moved:
the correction makes QuickBooks hold them again, so the next read-back is ok.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from chalicelib.domain.accounts import AccountKey, AccountSpec
from chalicelib.domain.correction import (
    CorrectionRefused,
    correcting_entry,
    correction_key,
    findings,
    offset_choices,
    offset_refusal,
    offset_spec,
    suggested_offset,
)
from chalicelib.domain.drift import CHECKED_ROLES, Drift, find_drift
from chalicelib.domain.errors import AccountNameError
from chalicelib.domain.journal import JournalDocument, PostingPlan
from chalicelib.domain.money import format_amount, parse_amount
from chalicelib.domain.settings import open_date
from chalicelib.domain.specs import account_specs
from chalicelib.errors import Conflict, InvalidRequest, NotFound
from chalicelib.quickbooks.audit import Audit
from chalicelib.quickbooks.errors import NotConnected, QuickBooksApiError
from chalicelib.quickbooks.wire import QboFault
from chalicelib.sync.ports import QuickBooksRefused
from chalicelib.sync.standing_store import DynamoStandingDocuments
from chalicelib.sync.state import posting_settings
from chalicelib.tenants.model import Tenant
from chalicelib.tenants.repository import TenantRepository

Link = Callable[[str, str], str]


class CorrectionService:
    def __init__(self, tenants: TenantRepository, tasks: Any, standing: DynamoStandingDocuments,
                 poster_for: Callable[[Tenant], Any], audit: Audit,
                 clock: Callable[[], dt.datetime], link: Link, brand: str = "Classbooks") -> None:
        self._tenants, self._tasks, self._standing, self._poster_for = tenants, tasks, standing, poster_for
        self._audit, self._clock, self._link, self._brand = audit, clock, link, brand

    def _load(self, tenant_id: str, task_id: str) -> tuple[Tenant, Any]:
        t = self._tenants.get(tenant_id)
        if t is None:
            raise NotFound(f"no studio {tenant_id!r}")
        task = self._tasks.get(tenant_id, task_id)
        if task is None:
            raise NotFound("no such background task")
        return t, task

    def recorded_for(self, tenant_id: str, task_id: str) -> dict[str, Any] | None:
        t = self._tenants.get(tenant_id)
        return None if t is None else self.recorded(t, task_id)

    def recorded(self, t: Tenant, task_id: str) -> dict[str, Any] | None:
        """The correction posted for the task, as the API shows it (None: none yet)."""
        row = self._standing.find(t.tenant_id, correction_key(t.tenant_id, task_id))
        if row is None or not row.qbo_id:
            return None
        return {"doc_number": row.doc_number, "qbo_id": row.qbo_id, "txn_date": row.txn_date,
                "link": self._link(t.realm_id or "", row.qbo_id), "undone": row.undone}

    def offer(self, tenant_id: str, task_id: str) -> dict[str, Any]:
        """What the page offers: the accounts that may take the offset (one chart read), the
        suggested one, and the correction already posted if there is one."""
        t, task = self._load(tenant_id, task_id)
        done = self.recorded(t, task_id)
        if done is not None:
            return {"correction": done, "choices": [], "suggested": None}
        try:
            findings(task.readback)
        except CorrectionRefused as refused:
            raise Conflict(str(refused), code="no_drift") from None
        if not t.connected:
            raise NotConnected("QuickBooks is not connected: reconnect it to post a correction")
        choices = offset_choices(self._quickbooks(lambda: self._poster_for(t).chart()))
        return {"correction": None, "choices": choices, "suggested": suggested_offset(choices)}

    def post(self, tenant_id: str, task_id: str, actor: tuple[str, str], body: Mapping[str, Any]) -> dict[str, Any]:
        t, task = self._load(tenant_id, task_id)
        done = self.recorded(t, task_id)
        if done is not None:  # a retried or duplicate request: nothing is posted twice
            return {**done, "message": f"The correcting entry {done['doc_number']} was already posted."}
        offset = _offset(body)
        now = self._clock()
        if not t.connected:
            raise NotConnected("QuickBooks is not connected: reconnect it to post a correction")
        if t.lease_held(now):
            raise Conflict("a sync is running; post the correction once it has finished", code="sync_running")
        try:
            drift = findings(task.readback)
        except CorrectionRefused as refused:
            raise Conflict(str(refused), code="no_drift") from None
        reason = offset_refusal(offset.name, self._quickbooks(lambda: self._poster_for(t).chart()))
        if reason:
            raise InvalidRequest(reason, code="invalid_offset_account")
        return self._quickbooks(lambda: self._post(t, task, drift, offset, actor, now))

    def _post(self, t: Tenant, task: Any, drift: Sequence[Drift], offset: AccountSpec, actor: tuple[str, str],
              now: dt.datetime) -> dict[str, Any]:
        poster = self._poster_for(t)
        close = poster.book_close_date()
        self._tenants.record_book_close(t.tenant_id, close)
        on = open_date(t.local_date(now), close)
        specs = self._checked(t)
        business = dt.date.fromisoformat(str(task.readback.get("as_of") or task.business_date or on))
        try:
            doc = correcting_entry(t.tenant_id, task.task_id, business, drift, specs, offset, on)
        except CorrectionRefused as refused:
            raise Conflict(str(refused), code="correction_refused") from None
        found = poster.recover([doc])  # an earlier attempt's post QuickBooks committed
        if not found:
            self._still_drifted(t, poster, specs, drift, max(on, business))
            refs_cache = dict(t.qbo_refs)
            shell = PostingPlan(t.tenant_id, f"correction-{task.task_id}", on, 0, 0, False, (doc,),
                                (*specs, offset), ())
            refs = poster.ensure_references(shell, refs_cache)
            if dict(refs.cache) != refs_cache:
                self._tenants.save_refs(t.tenant_id, refs.cache)
            found = poster.post([doc], refs)
        posted = found[0]
        self._standing.record_correction(t.tenant_id, task.task_id, t.realm_id, doc, posted.qbo_id, now)
        self._audit.record(t.tenant_id, actor, "drift_correction", task_id=task.task_id, doc_number=doc.doc_number,
                           offset=offset.name, amount=format_amount(doc.total_debits))
        return {"doc_number": doc.doc_number, "qbo_id": posted.qbo_id, "txn_date": doc.txn_date.isoformat(),
                "link": self._link(t.realm_id or "", posted.qbo_id), "undone": None,
                "amount": format_amount(doc.total_debits), "lines": _lines(doc, specs, offset),
                "message": f"Posted the correcting entry {doc.doc_number}, dated {doc.txn_date.isoformat()}."}

    def _checked(self, t: Tenant) -> list[AccountSpec]:
        settings = posting_settings(t, self._brand)
        return list(account_specs([AccountKey(r) for r in CHECKED_ROLES], settings.brand, settings.studio_name,
                                  settings.revenue_accounts, settings.overrides))

    def _still_drifted(self, t: Tenant, poster: Any, specs: list[AccountSpec], drift: Sequence[Drift],
                       as_of: dt.date) -> None:
        """QuickBooks must still differ from the running totals exactly as the task found."""
        actual = poster.account_balances(specs, t.qbo_refs, as_of)
        expected = {k: parse_amount(v) for k, v in (t.posted_balances or {}).items() if k in actual}
        now = {d.account: d.difference for d in find_drift(expected, actual)}
        if now != {d.account: d.difference for d in drift}:
            raise Conflict("QuickBooks no longer differs from what Classbooks posted as this task found (the "
                           "books were changed since, or corrected): nothing was posted. The next sync reads "
                           "the books again.", code="drift_changed")

    def _quickbooks(self, call: Callable[[], Any]) -> Any:
        try:
            return call()  # NeedsReauthorization (409) and IntuitUnavailable (502) pass
        except QboFault as fault:
            raise QuickBooksApiError(f"QuickBooks refused: {fault.plain()}") from None
        except QuickBooksRefused as exc:
            raise Conflict(f"QuickBooks refused the correction: {exc}; nothing was posted",
                           code="quickbooks_refused") from None


def _offset(body: Mapping[str, Any]) -> AccountSpec:
    name = body.get("offset_account")
    if not isinstance(name, str) or not name.strip():
        raise InvalidRequest("choose the offset account (an existing income, expense or equity account)",
                             code="offset_account_required")
    try:
        return offset_spec(name)
    except AccountNameError as exc:
        raise InvalidRequest(str(exc), code="invalid_offset_account") from None


def _lines(doc: JournalDocument, specs: list[AccountSpec], offset: AccountSpec) -> list[dict[str, str]]:
    names = {s.key: s.name for s in (*specs, offset)}
    return [{"account": names.get(ln.account, str(ln.account)), "side": ln.posting_type.value,
             "amount": format_amount(ln.amount)} for ln in doc.lines]
