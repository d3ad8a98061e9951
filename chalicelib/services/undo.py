"""After a reset: list what Classbooks posted to the company and undo it on request.

Undo never edits a document: where its date is open it is deleted, where the books are closed
its reversal (every line on the other side) is posted on the first open date. It runs only
between a reset and the next Go Live Date (so no sync is posting meanwhile), and it is safe to
repeat: a deleted document reads as gone, a reversal has a deterministic key and is looked up
before it is posted.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from chalicelib.domain.accounts import DEFAULT_BRAND, AccountKey, AccountRole, AccountSpec
from chalicelib.domain.correction import offset_spec
from chalicelib.domain.journal import PostingPlan
from chalicelib.domain.mapping import AccountMapping
from chalicelib.domain.money import ZERO, format_amount
from chalicelib.domain.settings import PostingSettings
from chalicelib.domain.specs import account_specs
from chalicelib.domain.standing import Delete, Reverse, StandingDocument, earliest_safe_go_live, undo_actions
from chalicelib.errors import Conflict, NotFound
from chalicelib.quickbooks.audit import Audit
from chalicelib.sync.plans import PlanStore
from chalicelib.sync.standing_store import DynamoStandingDocuments
from chalicelib.tenants.model import Tenant
from chalicelib.tenants.repository import TenantRepository

Link = Callable[[str, str], str]  # (realm, QBO id) → a URL that opens the journal entry


class UndoService:
    def __init__(self, tenants: TenantRepository, standing: DynamoStandingDocuments, plans: PlanStore,
                 poster_for: Callable[[Tenant], Any], audit: Audit, clock: Callable[[], dt.datetime],
                 link: Link, brand: str = DEFAULT_BRAND) -> None:
        self._tenants, self._standing, self._plans = tenants, standing, plans
        self._poster_for, self._audit, self._clock, self._link = poster_for, audit, clock, link
        self._brand = brand

    def _tenant(self, tenant_id: str) -> Tenant:
        t = self._tenants.get(tenant_id)
        if t is None:
            raise NotFound(f"no studio {tenant_id!r}")
        return t

    def posted(self, tenant_id: str) -> dict[str, Any]:
        """What stands in QuickBooks and what undo would do with each (no QuickBooks call)."""
        t = self._tenant(tenant_id)
        standing = self._standing.standing(tenant_id, t.realm_id)
        actions = undo_actions(standing, t.book_close_date, "")
        safe = earliest_safe_go_live(standing)
        return {"documents": [self._view(t, a.standing, "reverse" if isinstance(a, Reverse) else "delete")
                              for a in actions],
                "count": len(standing),
                "revenue": format_amount(sum((s.revenue for s in standing), start=ZERO)),
                "last_business_date": (safe - dt.timedelta(days=1)).isoformat() if safe else None,
                "earliest_go_live_date": safe.isoformat() if safe else None}

    def _view(self, t: Tenant, s: StandingDocument, action: str) -> dict[str, Any]:
        d = s.document
        return {"doc_number": d.doc_number, "qbo_id": s.qbo_id, "kind": d.kind.value,
                "txn_date": d.txn_date.isoformat(), "business_date": d.business_date.isoformat(),
                "amount": format_amount(d.total_debits),
                "revenue": format_amount(s.revenue), "task_id": s.task_id, "undo": action,
                "link": self._link(t.realm_id or "", s.qbo_id)}

    def undo(self, tenant_id: str, actor: tuple[str, str]) -> dict[str, Any]:
        t, now = self._tenant(tenant_id), self._clock()
        if not t.connected:
            raise Conflict("QuickBooks is not connected: reconnect it to undo what Classbooks posted",
                           code="not_connected")
        if t.go_live_date is not None:
            raise Conflict("Undo is offered after a reset, before a new Go Live Date is chosen: reset the "
                           "integration first", code="undo_needs_reset")
        if t.lease_held(now):
            raise Conflict("a sync is running; undo once it has finished", code="sync_running")
        standing = self._standing.standing(tenant_id, t.realm_id)
        if not standing:
            return {"deleted": [], "reversed": [], "refused": [], "message": "Nothing Classbooks posted stands."}
        poster = self._poster_for(t)
        close = poster.book_close_date()
        self._tenants.record_book_close(tenant_id, close)
        local = t.local_date(now)
        actions = undo_actions(standing, close, f"Classbooks reset on {local}")
        deleted, refused = self._delete(t, poster, [a for a in actions if isinstance(a, Delete)], now)
        reversed_ = self._reverse(t, poster, [a for a in actions if isinstance(a, Reverse)], now)
        self._audit.record(tenant_id, actor, "undo", deleted=len(deleted), reversed=len(reversed_),
                           refused=len(refused))
        words = f"{len(deleted)} deleted, {len(reversed_)} reversed on the first open date"
        if refused:
            words += f"; {len(refused)} could not be undone (see each reason)"
        return {"deleted": deleted, "reversed": reversed_, "refused": refused,
                "message": f"Undo finished: {words}.", **{k: v for k, v in self.posted(tenant_id).items()
                                                          if k == "earliest_go_live_date"}}

    def _delete(self, t: Tenant, poster: Any, deletes: list[Delete], now: dt.datetime
                ) -> tuple[list[str], list[dict[str, str]]]:
        if not deletes:
            return [], []
        outcome = poster.delete([(a.standing.document.key, a.standing.qbo_id) for a in deletes])
        done, refused = [], []
        for a in deletes:
            d = a.standing.document
            result = outcome.get(d.key, "no answer from QuickBooks; undo again")
            if result in ("deleted", "gone"):
                self._standing.mark_undone(t.tenant_id, d.key, "deleted", now)
                done.append(d.doc_number)
            else:
                refused.append({"doc_number": d.doc_number, "reason": result})
        return done, refused

    def _reverse(self, t: Tenant, poster: Any, reversals: list[Reverse], now: dt.datetime) -> list[str]:
        if not reversals:
            return []
        by_task: dict[str, list[Reverse]] = defaultdict(list)
        for a in reversals:
            by_task[a.standing.task_id].append(a)
        done = []
        refs_cache = dict(t.qbo_refs)
        for task_id, group in by_task.items():
            saved = self._plans.load(t.tenant_id, task_id)
            accounts, classes = (saved.plan.accounts, saved.plan.classes) if saved else ((), ())
            docs = tuple(a.reversal for a in group)
            # a drift correction's lines are not its task's plan's: its offset and the checked accounts
            missing = {ln.account for d in docs for ln in d.lines} - {s.key for s in accounts}
            if missing:
                accounts = (*accounts, *self._specs_for(t, missing))
            shell = PostingPlan(t.tenant_id, f"undo-{task_id}", t.local_date(now), 0, 0, False, docs, accounts,
                                classes)
            found = {p.key: p for p in poster.recover(docs)}  # an earlier undo may have posted some
            pending = [d for d in docs if d.key not in found]
            if pending:
                refs = poster.ensure_references(shell, refs_cache)
                refs_cache.update(refs.cache)
                found.update({p.key: p for p in poster.post(pending, refs)})
            for a in group:
                posted = found[a.reversal.key]
                self._standing.record_reversal(t.tenant_id, f"undo-{task_id}", t.realm_id, a.reversal,
                                               posted.qbo_id, now)
                self._standing.mark_undone(t.tenant_id, a.standing.document.key, "reversed", now, posted.qbo_id)
                done.append(a.standing.document.doc_number)
        if refs_cache != dict(t.qbo_refs):
            self._tenants.save_refs(t.tenant_id, refs_cache)
        return done

    def _specs_for(self, t: Tenant, keys: set[AccountKey]) -> list[AccountSpec]:
        """Specs for accounts no stored plan names (a correction's), as the correction made them:
        the admin's offset by its name, the others by the mapping (no Go Live Date is set now)."""
        mapping = AccountMapping.from_stored(t.posting_map)
        settings = PostingSettings(tenant_id=t.tenant_id, studio_name=t.name or t.tenant_id,
                                   go_live_date=dt.date.min, brand=mapping.brand or self._brand,
                                   revenue_accounts=mapping.revenue_accounts, credit_accounts=mapping.credit_accounts,
                                   refund_accounts=mapping.refund_accounts, tax_accounts=mapping.tax_accounts)
        offsets = [offset_spec(k.detail or "") for k in keys if k.role is AccountRole.CORRECTION_OFFSET]
        others = [k for k in keys if k.role is not AccountRole.CORRECTION_OFFSET]
        return [*offsets, *account_specs(others, settings.brand, settings.studio_name, settings.revenue_accounts,
                                         settings.overrides)]

