"""The sync run plans each payout in its range beside the journal entries and posts both."""
from __future__ import annotations

from typing import Any

import pytest

from chalicelib.domain.journal import DEPOSIT, JOURNAL_ENTRY
from chalicelib.domain.payout_record import Payout
from chalicelib.domain.transactions import Transaction
from chalicelib.sync.run import SyncRun
from tests.unit.domain.builders import payment
from tests.unit.payouts.builders import payout
from tests.unit.sync.conftest import START, World, studio
from tests.unit.sync.fakes import (
    Clock,
    FakeLedger,
    FakePlans,
    FakeQuickBooks,
    FakeSnapshots,
    FakeTasks,
    FakeTenants,
    WorkerKilled,
)

MAPPING = {"realm_id": "r1", "banks": {"ba-1": {"id": "35", "name": "Business Checking"}}}


class FakePayouts:
    """Payout rows sharing the ledger's seqs, and the admin's stored mapping."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger, self.stored = ledger, dict(MAPPING)
        self.settings_reads = 0

    def read_range(self, tenant_id: str, after: int, upto: int) -> list[Payout]:
        return [p for p in self.ledger.payouts if after < p.seq <= upto]

    def settings(self, tenant_id: str) -> dict[str, Any]:
        self.settings_reads += 1
        return self.stored


class Ledger(FakeLedger):
    def __init__(self) -> None:
        super().__init__()
        self.payouts: list[Payout] = []

    def read_committed(self, tenant_id: str, after_seq: int, limit: int | None = None) -> tuple[list[Transaction], int]:
        rows, upto = super().read_committed(tenant_id, after_seq, limit)
        return rows, max([upto] + [p.seq for p in self.payouts if p.seq > after_seq])


@pytest.fixture
def world() -> tuple[World, Ledger, FakePayouts]:
    tenants, tasks, ledger, qbo = FakeTenants(studio()), FakeTasks(), Ledger(), FakeQuickBooks(accounts=["Business Checking"])
    plans = FakePlans(tasks)  # the plan's header is written on its task, as in the runs table
    clock, snapshots, payouts = Clock(START), FakeSnapshots(), None
    payouts = FakePayouts(ledger)
    run = SyncRun(tenants, tasks, plans, ledger, lambda tenant: qbo, clock, "Classbooks", snapshots, payouts)
    return World(tenants, tasks, plans, ledger, qbo, clock, run, snapshots), ledger, payouts


def test_a_run_posts_the_journal_entry_and_one_deposit_per_payout(world) -> None:
    w, ledger, _ = world
    ledger.rows = [payment("p1", 1, "2025-03-03", "100.00", "credit_card")]
    ledger.payouts = [payout("po1", "100.00", fees="3.00", payments=["p1"], date="2025-03-05", seq=2)]
    outcome = w.run.handle(w.manual())
    assert outcome.status == "succeeded"
    documents = w.task(w.manual()).documents
    assert [(d["entity"], d["kind"]) for d in documents] == [(JOURNAL_ENTRY, "lump_sum"), (DEPOSIT, "payout")]
    assert w.tenant.cursor_seq == 2 and len(w.qbo.book) == 2


def test_a_later_run_never_posts_a_payout_again(world) -> None:
    w, ledger, _ = world
    ledger.rows = [payment("p1", 1, "2025-03-03", "100.00", "credit_card")]
    ledger.payouts = [payout("po1", "100.00", payments=["p1"], seq=2)]
    w.run.handle(w.manual("m1"))
    w.clock.advance(hours=1)
    ledger.rows.append(payment("p2", 3, "2025-03-10", "20.00", "credit_card"))
    w.run.handle(w.manual("m2"))
    assert [d["entity"] for d in w.task(w.manual("m2")).documents] == [JOURNAL_ENTRY]
    assert w.qbo.writes == 3


def test_a_night_without_payouts_reads_no_payout_settings(world) -> None:
    w, ledger, payouts = world
    ledger.rows = [payment("p1", 1, "2025-03-03", "100.00", "credit_card")]
    w.run.handle(w.manual())
    assert payouts.settings_reads == 0


def test_an_unmapped_bank_account_fails_the_run_naming_it_and_the_cursor_stays(world) -> None:
    w, ledger, payouts = world
    payouts.stored = {"realm_id": "r1", "banks": {}}
    ledger.payouts = [payout("po1", seq=1)]
    outcome = w.run.handle(w.manual())
    assert outcome.status == "failed" and "ba-1" in outcome.message and w.tenant.cursor_seq == 0
    assert w.qbo.writes == 0


def test_a_mapping_made_for_another_company_is_refused(world) -> None:
    w, ledger, payouts = world
    payouts.stored = {**MAPPING, "realm_id": "r-old"}
    ledger.payouts = [payout("po1", seq=1)]
    outcome = w.run.handle(w.manual())
    assert outcome.status == "failed" and "another QuickBooks company" in outcome.message


def test_a_run_killed_after_the_deposit_was_posted_resumes_without_posting_it_twice(world) -> None:
    w, ledger, _ = world
    ledger.rows = [payment("p1", 1, "2025-03-03", "100.00", "credit_card")]
    ledger.payouts = [payout("po1", "100.00", payments=["p1"], seq=2)]
    w.qbo.inject(WorkerKilled(), after=2)
    with pytest.raises(WorkerKilled):
        w.run.handle(w.manual())
    w.clock.advance(minutes=20)  # the lease expires; the message comes back
    assert w.run.handle(w.manual()).status == "succeeded"
    assert w.qbo.writes == 2 and w.qbo.lookups == 1
