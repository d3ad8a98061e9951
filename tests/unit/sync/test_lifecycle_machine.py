"""A state machine over a studio's life on fakes: rows arriving late, refunds and voids, months
closing, transient faults and killed workers between runs, resets (Undo of what was posted, then
a new Go Live Date) and reconnects (the same company, or another).

The runs are `SyncRun` and Undo is `UndoService`, wired to the port fakes (`tests/fakes/`, each
checked against its adapter by `tests/contract/`, QuickBooks against the devstack sandbox). The
reset and the connection are the tenant repository's `reset` and `record_connection` (what
`ResetService` and `ConnectService._store` do; both still write through pynamodb models, so the
machine cannot run them on fakes), and the Go Live Date is checked by `standing.overlap`, the
rule `SettingsService` applies before it saves one.

After every step: no company holds a document twice or got one re-posted after it was deleted,
none is dated inside the books' closed period as it stood when it was posted, and once a run has
finished, the current company's revenue is the ledger's since the Go Live Date exactly once and
each account Classbooks owns (receivables clearing, unapplied credits) equals the ledger as of
every date in the open period, read both as QuickBooks' own figure by account name and through
the port with the ids Classbooks cached."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from chalicelib.domain.accounts import AccountRole, AccountSpec
from chalicelib.domain.balances import BalanceTotals, family_balances
from chalicelib.domain.journal import PostingType
from chalicelib.domain.schedule import Schedule, Trigger
from chalicelib.domain.standing import overlap
from chalicelib.domain.transactions import TxnType
from chalicelib.quickbooks.errors import IntuitUnavailable
from chalicelib.services.undo import UndoService
from chalicelib.sync.messages import SyncMessage
from chalicelib.sync.run import RetryLater, SyncRun
from chalicelib.tenants.model import Connection
from chalicelib.tenants.repository import SettingsChange
from tests.fakes.standing import FakeStandingDocuments
from tests.unit.domain.builders import charge, payment, refund, void
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
OWNED = (AccountRole.RECEIVABLES_CLEARING, AccountRole.UNAPPLIED_CREDITS)
# r2's chart is longer than r1's: the ids Classbooks created in r1 name other accounts in r2, as
# in QBO, where every company numbers its accounts from 1
CHARTS = {"r1": 40, "r2": 60}


class NoAudit:
    def record(self, *args: Any, **detail: Any) -> None:
        pass


class StudioLife(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.tenants = FakeTenants(studio(posting_map={"opening_offset": "Opening Balance Equity"}))
        self.tasks = FakeTasks()
        self.plans = FakePlans(self.tasks)  # the plan's header is written on its task, as in the runs table
        self.ledger, self.clock = FakeLedger(), Clock(START)
        self.companies = {realm: FakeQuickBooks(chart=n, accounts=["Opening Balance Equity"]) for realm, n in CHARTS.items()}
        self.standing = FakeStandingDocuments(self.plans)
        self.run = SyncRun(self.tenants, self.tasks, self.plans, self.ledger, self._poster, self.clock,
                           "Classbooks", FakeSnapshots())
        self.undo = UndoService(self.tenants, self.standing, self.plans, self._poster,  # type: ignore[arg-type]
                                NoAudit(), self.clock, lambda realm, qbo_id: "")  # type: ignore[arg-type]
        self.runs = 0
        self.closed_when_posted: dict[tuple[str, str], dt.date | None] = {}  # (realm, QBO id) → close then
        self.ever: dict[str, set[str]] = {realm: set() for realm in CHARTS}  # every key a company was sent
        self.specs: dict[AccountRole, AccountSpec] = {}
        self.task_generation: dict[str, int] = {}  # each run's generation when it was sent

    def _poster(self, t: Any) -> FakeQuickBooks:
        return self.companies[t.realm_id]

    @property
    def t(self) -> Any:
        t = self.tenants.get("t1")
        assert t is not None
        return t

    @property
    def qbo(self) -> FakeQuickBooks:
        return self.companies[self.t.realm_id]

    def _seq(self) -> int:
        return len(self.ledger.rows) + 1

    def _today(self) -> dt.date:
        return self.t.local_date(self.clock.now)

    # --- the platform's ledger -------------------------------------------------------------
    @rule(day=st.integers(0, 60), cents=st.integers(100, 50_000), late=st.booleans())
    def a_charge_arrives(self, day: int, cents: int, late: bool) -> None:
        today = (self._today() - FIRST_DAY).days
        date = FIRST_DAY + dt.timedelta(days=min(day, today) if late else today)
        amount = f"{Decimal(cents) / 100:.2f}"
        self.ledger.rows.append(charge(f"c{self._seq()}", self._seq(), date.isoformat(), amount))

    @rule(cents=st.integers(100, 20_000))
    def a_payment_arrives(self, cents: int) -> None:
        date = self._today().isoformat()
        self.ledger.rows.append(payment(f"p{self._seq()}", self._seq(), date, f"{Decimal(cents) / 100:.2f}", "cash"))

    @rule(which=st.integers(0, 1000), share=st.integers(1, 100))
    def a_payment_is_refunded(self, which: int, share: int) -> None:
        refunded = {r.refunds for r in self.ledger.rows if r.type is TxnType.REFUND}
        paid = [r for r in self.ledger.rows if r.type is TxnType.PAYMENT and r.id not in refunded]
        if paid:
            p = paid[which % len(paid)]
            amount = (p.amount * share / 100).quantize(Decimal("0.01"))
            self.ledger.rows.append(refund(f"r{self._seq()}", self._seq(), self._today().isoformat(),
                                           f"{max(amount, Decimal('0.01')):.2f}", p.id, "cash"))

    @rule(which=st.integers(0, 1000))
    def a_charge_is_voided(self, which: int) -> None:
        voided = {r.voids for r in self.ledger.rows if r.type is TxnType.VOID}
        charges = [r for r in self.ledger.rows if r.type is TxnType.CHARGE and r.id not in voided]
        if charges:
            target = charges[which % len(charges)]
            self.ledger.rows.append(void(f"v{self._seq()}", self._seq(), self._today().isoformat(), target))

    # --- QuickBooks and the studio's admin ----------------------------------------------------
    @rule(days_back=st.integers(1, 40))
    def the_accountant_closes_the_books(self, days_back: int) -> None:
        through = self._today() - dt.timedelta(days=days_back)
        current = self.qbo.closed_through
        self.qbo.close_books(max(through, current) if current else through)

    @precondition(lambda self: self.t.go_live_date is not None and self.t.connected)
    @rule(fault=st.sampled_from(["none", "transient", "killed"]), after=st.integers(0, 2))
    def a_sync_runs(self, fault: str, after: int) -> None:
        qbo = self.qbo
        if fault == "transient":
            qbo.inject(IntuitUnavailable("429"), after=after)
        elif fault == "killed":
            qbo.inject(WorkerKilled(), after=after)
        self.clock.advance(hours=25)
        self.runs += 1
        message = SyncMessage("t1", Trigger.MANUAL, f"m{self.runs}")
        self.task_generation[message.record_id] = self.t.generation
        for _ in range(4):  # the queue redelivers until the run is done
            try:
                self.run.handle(message)
                break
            except (RetryLater, WorkerKilled):
                self.clock.advance(minutes=16)  # the lease expires; the message comes back
        qbo.fault, qbo.fail_after = None, None
        if fault == "none":  # closed months, late rows and earlier faults never stop a clean run
            task = self.tasks.get("t1", message.record_id)
            assert task is not None and task.status == "succeeded", task
        self._note_posted()

    def _note_posted(self) -> None:
        for realm, qbo in self.companies.items():
            for qbo_id, doc in qbo.entries.items():
                self.closed_when_posted.setdefault((realm, qbo_id), qbo.closed_through)
                self.ever[realm].add(doc.key)
        for saved in (self.plans.load("t1", task) for (_, task) in self.plans.headers):
            for spec in saved.plan.accounts if saved else ():
                if spec.key.role in OWNED:
                    self.specs[spec.key.role] = spec

    @rule(days_back=st.integers(0, 60), overlap_back=st.integers(0, 30))
    def the_admin_resets_undoes_and_chooses_a_new_go_live_date(self, days_back: int, overlap_back: int) -> None:
        self.clock.advance(minutes=20)  # a killed run's lease has lapsed
        before = self.t
        self.tenants.reset("t1", self.clock.now)
        t = self.t
        assert (t.go_live_date, t.cursor_seq, t.open_plan_task_id, t.generation) == (
            None, 0, None, before.generation + 1)
        self._start_again(days_back, overlap_back)

    @rule(other=st.booleans(), days_back=st.integers(0, 60), overlap_back=st.integers(0, 30))
    def the_studio_disconnects_and_connects_again(self, other: bool, days_back: int, overlap_back: int) -> None:
        before = self.t
        realm = ("r2" if before.realm_id == "r1" else "r1") if other else before.realm_id
        self.tenants.mark_disconnected("t1")
        company = self.companies[realm]
        connection = Connection(realm, f"Company {realm}", "Plus", 1, company.reported_close, True,
                                self.clock.now, "u1")
        self.tenants.record_connection("t1", connection, fresh_start=realm != before.realm_id)  # as connect does
        t = self.t
        if realm == before.realm_id:  # the same company: the sync continues from its cursor
            assert (t.cursor_seq, t.generation, t.go_live_date, t.open_plan_task_id, t.qbo_refs) == (
                before.cursor_seq, before.generation, before.go_live_date, before.open_plan_task_id,
                before.qbo_refs)
        else:  # another company: a fresh start
            assert (t.cursor_seq, t.generation, t.go_live_date) == (0, before.generation + 1, None)
            self._start_again(days_back, overlap_back)

    def _start_again(self, days_back: int, overlap_back: int) -> None:
        """After a reset or on another company: a Go Live Date that would post Classbooks' standing
        entries again is refused; Undo takes them out (twice is the same as once); then a new one."""
        standing = self.standing.standing("t1", self.t.realm_id)
        if standing:
            last = max(s.document.business_date for s in standing)
            refused = overlap(standing, max(FIRST_DAY, last - dt.timedelta(days=overlap_back)))
            assert refused is not None and refused.earliest_safe == last + dt.timedelta(days=1)
            assert refused.revenue == sum((s.revenue for s in refused.documents), Decimal("0.00"))
        self.clock.advance(minutes=20)
        result = self.undo.undo("t1", ("u1", "admin"))
        assert result["refused"] == [], result
        assert self.standing.standing("t1", self.t.realm_id) == []
        again = self.undo.undo("t1", ("u1", "admin"))
        assert again["deleted"] == again["reversed"] == []
        self._note_posted()
        day = max(FIRST_DAY, self._today() - dt.timedelta(days=days_back))
        assert overlap(self.standing.standing("t1", self.t.realm_id), day) is None
        self.tenants.configure("t1", SettingsChange(go_live_date=day, schedule=Schedule.MANUAL))

    # --- invariants ---------------------------------------------------------------------------
    @invariant()
    def no_document_is_posted_twice_nor_again_after_it_was_undone(self) -> None:
        for realm, qbo in self.companies.items():
            keys = [d.key for d in qbo.entries.values()]
            assert len(keys) == len(set(keys)), realm
            assert qbo.writes == len(self.ever[realm] | set(keys)), realm  # a deleted key never came back

    @invariant()
    def nothing_is_posted_into_a_closed_period(self) -> None:
        for realm, qbo in self.companies.items():
            for qbo_id, doc in qbo.entries.items():
                closed = self.closed_when_posted.get((realm, qbo_id))
                assert closed is None or doc.txn_date > closed

    def _finished(self) -> bool:
        t = self.t
        return (t.connected and t.go_live_date is not None and t.open_plan_task_id is None
                and t.first_sync_done and t.cursor_seq == len(self.ledger.rows))

    @invariant()
    def after_a_finished_run_the_revenue_since_go_live_is_booked_exactly_once(self) -> None:
        if not self._finished():
            return
        go_live = self.t.go_live_date
        booked = sum((ln.amount if ln.posting_type is PostingType.CREDIT else -ln.amount
                      for doc in self.qbo.entries.values() for ln in doc.lines if ln.account.role is AccountRole.REVENUE),
                     Decimal("0.00"))
        by_id = {r.id: r for r in self.ledger.rows}
        voided: set[str] = set()
        revenue = Decimal("0.00")
        for r in sorted(self.ledger.rows, key=lambda r: (r.date, r.seq)):
            if r.type is TxnType.CHARGE and r.date >= go_live:
                revenue += r.amount
            elif r.type is TxnType.VOID and r.voids not in voided and by_id[r.voids or ""].type is TxnType.CHARGE:
                voided.add(r.voids or "")
                if r.date >= go_live:
                    revenue -= by_id[r.voids or ""].amount
        assert booked == revenue

    @invariant()
    def after_a_finished_run_every_owned_account_equals_the_ledger_as_of_every_open_date(self) -> None:
        if not self._finished():
            return
        qbo, go_live = self.qbo, self.t.go_live_date
        assert go_live is not None
        first = [saved.plan.sync_date for saved in (self.plans.load("t1", task) for task, generation
                                                    in self.task_generation.items() if generation == self.t.generation)
                 if saved is not None and saved.plan.first_sync]
        if not first or not self.specs:
            return
        # from the first sync's date on (a lump sum books the days before it as one entry on it)
        day = max(go_live - dt.timedelta(days=1), min(first))
        if qbo.closed_through is not None:  # a moved document sits on the first open date
            day = max(day, qbo.closed_through + dt.timedelta(days=1))
        last = max([*(r.date for r in self.ledger.rows), day])
        specs = [self.specs[role] for role in OWNED if role in self.specs]
        event(f"checked {self.t.realm_id}")
        while day <= last:
            totals = BalanceTotals.of(family_balances(self.ledger.rows, as_of=day))
            expected = {AccountRole.RECEIVABLES_CLEARING: totals.receivables,
                        AccountRole.UNAPPLIED_CREDITS: -totals.unapplied_credits}
            read = qbo.account_balances(specs, self.t.qbo_refs, day)
            for spec in specs:
                assert qbo.balance(spec.name, day) == expected[spec.key.role], (spec.name, day)
                # an account this company's runs never needed is not cached: the port leaves it out
                assert read.get(spec.name, Decimal("0.00")) == expected[spec.key.role], (spec.name, day)
            day += dt.timedelta(days=1)

    @invariant()
    def once_a_go_live_date_is_set_only_its_own_documents_stand(self) -> None:
        """No business date is booked twice: what an earlier start posted to this company was
        undone before the new Go Live Date was chosen (or it lies before that date)."""
        t = self.t
        if t.go_live_date is None or not t.connected:
            return
        for s in self.standing.standing("t1", t.realm_id):
            assert self.task_generation.get(s.task_id) == t.generation, (s.document.doc_number, s.task_id)


StudioLife.TestCase.settings = settings(max_examples=300, stateful_step_count=30, deadline=None,
                                        suppress_health_check=[HealthCheck.too_slow])
test_a_studios_life = StudioLife.TestCase
