"""Preview: what the next sync would post, planned exactly as the run would, posting nothing.

Before the first sync it also shows the opening figures (receivables and the FIN-12 total the
day before Go Live), the seed's manual steps. A plan left open by a failed run is listed first:
the next run finishes it before planning anything new.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from chalicelib.domain.errors import DomainError
from chalicelib.domain.journal import JournalDocument, PostingPlan
from chalicelib.domain.money import format_amount
from chalicelib.domain.schedule import Schedule, next_daily_fire
from chalicelib.errors import Conflict, NotFound
from chalicelib.ledger.ports import BalanceSnapshots, LedgerReader
from chalicelib.sync.payouts import PayoutSource
from chalicelib.sync.planning import plan_next
from chalicelib.sync.plans import PlanStore
from chalicelib.sync.totals import figures_view, totals_view
from chalicelib.tenants.repository import TenantRepository


def document_view(doc: JournalDocument, names: dict[str, str]) -> dict[str, Any]:
    return {"doc_number": doc.doc_number, "kind": doc.kind.value, "entity": doc.entity,
            "business_date": doc.business_date.isoformat(),
            "txn_date": doc.txn_date.isoformat(), "private_note": doc.private_note,
            "transactions": doc.transaction_count, "amount": format_amount(doc.total_debits),
            "lines": [{"posting_type": ln.posting_type.value, "amount": format_amount(ln.amount),
                       "account": names.get(str(ln.account), str(ln.account)), "class": ln.class_name,
                       "description": ln.description} for ln in doc.lines]}


def _names(plan: PostingPlan) -> dict[str, str]:
    return {str(s.key): s.name for s in plan.accounts}


@dataclass
class Preview:
    tenants: TenantRepository
    plans: PlanStore
    ledger: LedgerReader
    clock: Callable[[], dt.datetime]
    brand: str = "Classbooks"
    snapshots: BalanceSnapshots | None = None  # the run's reads: snapshots when complete
    payouts: PayoutSource | None = None  # payouts in the range are previewed as the run plans them

    def next_sync(self, tenant_id: str) -> dict[str, Any]:
        t = self.tenants.get(tenant_id)
        if t is None:
            raise NotFound("no such studio")
        if t.go_live_date is None:
            raise Conflict("Choose a Go Live Date first: the preview plans from it.", code="not_configured")
        now = self.clock()
        cursor, first_sync, unfinished = t.cursor_seq, not t.first_sync_done, []
        if t.open_plan_task_id:
            saved = self.plans.load(tenant_id, t.open_plan_task_id)
            if saved is not None:
                unfinished = [document_view(d, _names(saved.plan)) for d in saved.pending]
                cursor, first_sync = saved.plan.upto, False
        when = next_daily_fire(now, t.tz) if t.schedule is Schedule.DAILY else now
        try:
            plan = plan_next(self.ledger, self.snapshots, self.payouts, t, self.brand, run_id="preview",
                             sync_date=t.local_date(when), cursor=cursor, first_sync=first_sync, keep=False)
        except DomainError as exc:
            raise Conflict(f"The next sync could not be planned: {exc}", code="cannot_plan") from None
        names = _names(plan)
        return {"sync_date": plan.sync_date.isoformat(), "first_sync": plan.first_sync,
                "ledger_range": {"after_seq": plan.cursor, "upto_seq": plan.upto},
                "opening": figures_view(plan.opening), "pre_go_live_change": figures_view(plan.pre_go_live_change),
                "unfinished": unfinished,
                "documents": [document_view(d, names) for d in plan.documents],
                "accounts": [{"role": str(s.key), "name": s.name, "type": s.account_type,
                              "create": s.create} for s in plan.accounts],
                "classes": list(plan.classes), "totals": totals_view(plan)}
