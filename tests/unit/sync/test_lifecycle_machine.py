"""A state machine over a studio's life on fakes: rows arriving late, months closing, transient
faults and killed workers between runs. After every step: each document QuickBooks holds was
posted once, none is dated inside the books' closed period as it stood when it was posted, and
once a run succeeds every charge since go-live is booked to revenue exactly once, and
receivables and unapplied credits equal the ledger as of every date in the open period."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from chalicelib.domain.accounts import AccountRole
from chalicelib.domain.balances import BalanceTotals, family_balances
from chalicelib.domain.journal import PostingType
from chalicelib.domain.schedule import Trigger
from chalicelib.quickbooks.errors import IntuitUnavailable
from chalicelib.sync.messages import SyncMessage
from chalicelib.sync.run import RetryLater, SyncRun
from tests.unit.domain.builders import charge, payment
from tests.unit.sync.conftest import START, studio
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

FIRST_DAY = dt.date(2025, 1, 1)


class StudioLife(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.tenants, self.tasks = FakeTenants(studio()), FakeTasks()
        self.plans = FakePlans(self.tasks)  # the plan's header is written on its task, as in the runs table
        self.ledger, self.qbo, self.clock = FakeLedger(), FakeQuickBooks(), Clock(START)
        self.run = SyncRun(self.tenants, self.tasks, self.plans, self.ledger, lambda t: self.qbo, self.clock,
                           "Classbooks", FakeSnapshots())
        self.runs = 0
        self.closed_when_posted: dict[str, dt.date | None] = {}

    def _seq(self) -> int:
        return len(self.ledger.rows) + 1

    @rule(day=st.integers(0, 60), cents=st.integers(100, 50_000), late=st.booleans())
    def a_charge_arrives(self, day: int, cents: int, late: bool) -> None:
        today = (self.clock.now.date() - FIRST_DAY).days
        offset = min(day, today)
        date = FIRST_DAY + dt.timedelta(days=offset if late else today)
        amount = f"{Decimal(cents) / 100:.2f}"
        self.ledger.rows.append(charge(f"c{self._seq()}", self._seq(), date.isoformat(), amount))

    @rule(cents=st.integers(100, 20_000))
    def a_payment_arrives(self, cents: int) -> None:
        date = self.clock.now.date().isoformat()
        self.ledger.rows.append(payment(f"p{self._seq()}", self._seq(), date, f"{Decimal(cents) / 100:.2f}", "cash"))

    @rule(days_back=st.integers(1, 40))
    def the_accountant_closes_the_books(self, days_back: int) -> None:
        through = self.clock.now.date() - dt.timedelta(days=days_back)
        current = self.qbo.closed_through
        self.qbo.close_books(max(through, current) if current else through)

    @rule(fault=st.sampled_from(["none", "transient", "killed"]), after=st.integers(0, 2))
    def a_sync_runs(self, fault: str, after: int) -> None:
        if fault == "transient":
            self.qbo.inject(IntuitUnavailable("429"), after=after)
        elif fault == "killed":
            self.qbo.inject(WorkerKilled(), after=after)
        self.clock.advance(hours=25)
        self.runs += 1
        message = SyncMessage("t1", Trigger.MANUAL, f"m{self.runs}")
        before = set(self.qbo.book)
        for _ in range(4):  # the queue redelivers until the run is done
            try:
                self.run.handle(message)
                break
            except (RetryLater, WorkerKilled):
                self.clock.advance(minutes=16)  # the lease expires; the message comes back
        self.qbo.fault, self.qbo.fail_after = None, None
        if fault == "none":  # closed months, late rows and earlier faults never stop a clean run
            task = self.tasks.get("t1", message.record_id)
            assert task is not None and task.status == "succeeded", task
        for key in set(self.qbo.book) - before:
            self.closed_when_posted[key] = self.qbo.closed_through

    @invariant()
    def each_document_is_posted_once(self) -> None:
        assert self.qbo.writes == len(self.qbo.book)

    @invariant()
    def nothing_is_posted_into_a_closed_period(self) -> None:
        for key, doc in self.qbo.book.items():
            closed = self.closed_when_posted.get(key)
            assert closed is None or doc.txn_date > closed

    @invariant()
    def after_a_finished_run_every_charge_is_revenue_exactly_once(self) -> None:
        t = self.tenants.get("t1")
        assert t is not None
        if t.open_plan_task_id is not None or t.cursor_seq != len(self.ledger.rows):
            return  # a run is still due: the next one finishes it
        booked = sum((ln.amount for doc in self.qbo.book.values() for ln in doc.lines
                      if ln.account.role is AccountRole.REVENUE and ln.posting_type is PostingType.CREDIT),
                     Decimal("0.00"))
        charged = sum((r.amount for r in self.ledger.rows if r.type.value == "charge"), Decimal("0.00"))
        assert booked == charged

    @invariant()
    def after_a_finished_run_the_books_equal_the_ledger_as_of_every_open_date(self) -> None:
        t = self.tenants.get("t1")
        assert t is not None
        docs = list(self.qbo.book.values())
        if not docs or t.open_plan_task_id is not None or t.cursor_seq != len(self.ledger.rows):
            return
        lump = [d.txn_date for d in docs if d.kind.value == "lump_sum"]
        day = max([min(d.txn_date for d in docs), *lump])
        if self.qbo.closed_through is not None:  # a moved document sits on the first open date
            day = max(day, self.qbo.closed_through + dt.timedelta(days=1))
        last = max(r.date for r in self.ledger.rows)
        while day <= last:
            totals = BalanceTotals.of(family_balances(self.ledger.rows, as_of=day))
            held = {role: sum((ln.signed for d in docs if d.txn_date <= day for ln in d.lines
                               if ln.account.role is role), Decimal("0.00"))
                    for role in (AccountRole.RECEIVABLES_CLEARING, AccountRole.UNAPPLIED_CREDITS)}
            assert held[AccountRole.RECEIVABLES_CLEARING] == totals.receivables, day
            assert -held[AccountRole.UNAPPLIED_CREDITS] == totals.unapplied_credits, day
            day += dt.timedelta(days=1)


StudioLife.TestCase.settings = settings(max_examples=40, stateful_step_count=25, deadline=None,
                                        suppress_health_check=[HealthCheck.too_slow])
test_a_studios_life = StudioLife.TestCase
