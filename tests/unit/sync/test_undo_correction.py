"""Undo after a reset, with the books closed since a drift correction was posted: the correction
is reversed on the first open date (its offset and checked accounts are no stored plan's)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from chalicelib.domain.accounts import AccountKey, AccountRole
from chalicelib.domain.correction import correcting_entry, offset_spec
from chalicelib.domain.drift import CHECKED_ROLES, Drift
from chalicelib.domain.journal import PostingPlan
from chalicelib.domain.specs import account_specs
from chalicelib.services.undo import UndoService
from tests.fakes.quickbooks import FakeQuickBooks
from tests.fakes.standing import FakeStandingDocuments
from tests.unit.sync.conftest import START, studio
from tests.unit.sync.fakes import FakePlans, FakeTenants

POSTED_ON = dt.date(2025, 2, 20)


class NoAudit:
    def record(self, *args: Any, **detail: Any) -> None:
        pass


def _world(close: dt.date | None) -> tuple[UndoService, FakeQuickBooks, FakeStandingDocuments, Any]:
    tenants, plans, qbo = FakeTenants(studio()), FakePlans(), FakeQuickBooks(chart=30, accounts=["Reconciliation Discrepancies"])
    standing = FakeStandingDocuments(plans)
    t = tenants.get("t1")
    assert t is not None
    specs = account_specs([AccountKey(r) for r in CHECKED_ROLES], "Classbooks", t.name or "t1")
    offset = offset_spec("Reconciliation Discrepancies")
    receivables = next(s for s in specs if s.key.role is AccountRole.RECEIVABLES_CLEARING)
    doc = correcting_entry("t1", "task-7", POSTED_ON, [Drift(receivables.name, Decimal("80.00"), Decimal("50.00"))],
                           specs, offset, POSTED_ON)
    refs = qbo.ensure_references(PostingPlan("t1", "correction-task-7", POSTED_ON, 0, 0, False, (doc,),
                                             (*specs, offset), ()), {})
    tenants.save_refs("t1", refs.cache)
    posted = qbo.post([doc], refs)
    standing.record_correction("t1", "task-7", t.realm_id, doc, posted[0].qbo_id, START)
    qbo.close_books(close)
    tenants.reset("t1", START)
    undo = UndoService(tenants, standing, plans, lambda t: qbo, NoAudit(), lambda: START,  # type: ignore[arg-type]
                       lambda realm, qbo_id: "")
    return undo, qbo, standing, (receivables, offset, refs)


def test_a_correction_in_a_closed_period_is_reversed_on_the_first_open_date() -> None:
    undo, qbo, standing, (receivables, offset, _) = _world(close=dt.date(2025, 2, 28))
    result = undo.undo("t1", ("u1", "admin"))
    assert (len(result["reversed"]), result["deleted"], result["refused"]) == (1, [], [])
    reversal = next(d for d in qbo.entries.values() if d.key.endswith("-undo"))
    assert reversal.txn_date == dt.date(2025, 3, 1)
    for spec in (receivables, offset):  # the correction and its reversal net to nothing from then on
        assert qbo.balance(spec.name, dt.date(2025, 3, 1)) == Decimal("0.00")
    assert qbo.balance(receivables.name, POSTED_ON) == Decimal("30.00")  # the closed month is not edited
    assert standing.standing("t1", "r1") == []
    assert undo.undo("t1", ("u1", "admin"))["reversed"] == []  # repeating it does nothing more


def test_a_correction_in_an_open_period_is_deleted() -> None:
    undo, qbo, standing, _ = _world(close=None)
    result = undo.undo("t1", ("u1", "admin"))
    assert (len(result["deleted"]), result["reversed"]) == (1, [])
    assert qbo.entries == {} and standing.standing("t1", "r1") == []


def test_the_offset_is_found_in_the_chart_under_the_name_the_admin_chose() -> None:
    undo, qbo, _, (_, offset, refs) = _world(close=dt.date(2025, 2, 28))
    undo.undo("t1", ("u1", "admin"))
    reversal = next(d for d in qbo.entries.values() if d.key.endswith("-undo"))
    assert offset.key in {ln.account for ln in reversal.lines}
    assert refs.cache[f"account:{offset.name.casefold()}"] in qbo.chart
