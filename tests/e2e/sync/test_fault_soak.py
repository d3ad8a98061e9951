"""Fault soak: many randomized runs with 429s, 5xx, timeouts, answers dropped after commit and
workers killed mid-plan; after every run the sandbox's books equal the ledger. Seeded, time-bounded."""
from __future__ import annotations

import datetime as dt
import os
import random
import time
from collections.abc import Sequence
from typing import Any

import pytest

from chalicelib.domain.transactions import Transaction, TxnType
from tests.e2e.sync.flows import sync_now
from tests.e2e.sync.oracle import expected_balances
from tests.integration.sync import support
from tests.unit.domain.builders import GO_LIVE, charge, credit, payment, refund, void
from tests.unit.sync.fakes import WorkerKilled

SEED = int(os.environ.get("SYNC_SOAK_SEED", "20250310"))
BUDGET_SECONDS = float(os.environ.get("SYNC_SOAK_SECONDS", "60"))
MAX_ROUNDS = 14
KINDS = tuple(os.environ.get("SYNC_SOAK_FAULTS", "status,status,hang,drop").split(","))
DOC_NUMBER_CHECK = os.environ.get("SYNC_SOAK_DOC_NUMBER_CHECK") == "1"  # QBO refusing duplicates (6140)
PAYMENT_TYPES = ("credit_card", "echeck", "cash", "check", "custom")


class Ledger:
    """Random but valid rows: refunds within what is left, voids of live charges and credits."""

    def __init__(self, rng: random.Random) -> None:
        self.rng, self.rows, self.n = rng, [], 0
        self.voided: set[str] = set()
        self.refunded: dict[str, Any] = {}

    def _id(self, prefix: str) -> str:
        self.n += 1
        return f"{prefix}{self.n}"

    def day(self, start: dt.date, end: dt.date) -> str:
        return (start + dt.timedelta(days=self.rng.randint(0, (end - start).days))).isoformat()

    def batch(self, start: dt.date, end: dt.date) -> list[Transaction]:
        out: list[Transaction] = []
        for _ in range(self.rng.randint(3, 25)):
            family, loc, date = f"f{self.rng.randint(1, 6)}", self.rng.choice(["L1", "L2"]), self.day(start, end)
            amount = f"{self.rng.randint(1, 20000) / 100:.2f}"
            kind = self.rng.random()
            if kind < 0.4:
                t = charge(self._id("c"), 0, date, amount, family, loc, self.rng.choice(["tuition", "camp"]))
            elif kind < 0.75:
                ptype = self.rng.choice(PAYMENT_TYPES)
                t = payment(self._id("p"), 0, date, amount, ptype, family, loc,
                            custom="Venmo" if ptype == "custom" else None)
            elif kind < 0.85:
                t = credit(self._id("k"), 0, date, amount, self.rng.choice(["house", "coupon", "other", "gift_card"]),
                           family, loc)
            else:
                t = self._late(out, end)
                if t is None:
                    continue
            out.append(t)
        self.rows += out
        return out

    def _late(self, fresh: Sequence[Transaction], end: dt.date) -> Transaction | None:
        known = [t for t in self.rows if t.id not in self.voided]
        if not known:
            return None
        target = self.rng.choice(known)
        day = self.day(target.date, end)
        if target.type is TxnType.PAYMENT:
            left = target.amount - self.refunded.get(target.id, 0)
            if left <= 0:
                return None
            self.refunded[target.id] = self.refunded.get(target.id, 0) + left
            return refund(self._id("r"), 0, day, f"{left:.2f}", target.id, target.payment_type.value,
                          target.family_id, target.location_id, target.custom_type)
        if target.type in (TxnType.CHARGE, TxnType.CREDIT):
            self.voided.add(target.id)
            return void(self._id("v"), 0, day, target)
        return None


def inject_faults(rng: random.Random, sandbox: Any, realm: str) -> None:
    for _ in range(rng.randint(0, 3)):
        kind = rng.choice(KINDS)
        rule: dict[str, Any] = {"kind": kind, "realm_id": realm, "count": rng.randint(1, 2),
                                "path": rng.choice([None, "journalentry", "batch", "query", "account"])}
        if kind == "status":
            rule["status"] = rng.choice([429, 500, 503])
        elif kind == "hang":
            rule["seconds"] = 0.8
        else:
            rule["mode"] = rng.choice(["500", "close"])
        sandbox.control.fault(**rule)


class Killing:
    """A poster whose worker dies (BaseException) on its post call number `after` + 1, once QBO
    has committed the first `committed` documents of that call (their ids never recorded). A
    prefix is what a batch re-sent in parts, or answered in part, leaves: the retry then sends a
    different set of documents, whose batch requestid QBO has never seen."""

    def __init__(self, inner: Any, after: int, committed: int) -> None:
        self.inner, self.after, self.committed = inner, after, committed

    def ensure_references(self, plan: Any, cached: Any) -> Any:
        return self.inner.ensure_references(plan, cached)

    def recover(self, documents: Sequence[Any]) -> list[Any]:
        return self.inner.recover(documents)

    def post(self, documents: Sequence[Any], references: Any) -> list[Any]:
        if self.after > 0:
            self.after -= 1
            return self.inner.post(documents, references)
        if self.committed:
            self.inner.post(documents[:self.committed], references)
        raise WorkerKilled()


@pytest.mark.slow
def test_books_equal_the_ledger_after_randomized_faults(api, e2e, sandbox, monkeypatch) -> None:
    rng, realm = random.Random(SEED), sandbox.seeded.plus_realm
    sandbox.read_timeout = 0.5
    support.connected_studio(e2e, realm_id=realm)
    if not DOC_NUMBER_CHECK:  # test the resume's look-up itself, not QBO's 6140 behind it
        sandbox.control.company(realm, warn_duplicate_journal_number=False)
    ledger, deadline, rounds, kills = Ledger(rng), time.monotonic() + BUDGET_SECONDS, 0, 0
    real_deliver = support.deliver

    def deliver_or_die(c: Any) -> dict:
        try:
            return real_deliver(c)
        except WorkerKilled:  # the Lambda died: nothing deleted, the message comes back
            return {"batchItemFailures": [], "killed": True}
    monkeypatch.setattr("tests.e2e.sync.flows.deliver", deliver_or_die)
    last = GO_LIVE
    while rounds < MAX_ROUNDS and time.monotonic() < deadline:
        today = e2e.clock.now.date()
        support.store(e2e, "t1", ledger.batch(last if rounds else GO_LIVE, today))
        inject_faults(rng, sandbox, realm)
        if rng.random() < 0.35:
            kills += 1
            after, committed = rng.randint(0, 1), rng.randint(0, 2)
            e2e.qbo_posters = (lambda k, c: lambda tenant: Killing(sandbox.poster(realm, tenant.qbo_plan), k, c))(
                after, committed)
            e2e.__dict__.pop("sync_run", None)
        task = sync_now(api, e2e, between=lambda: _recover(e2e, sandbox, realm))
        assert task["status"] == "succeeded", task
        sandbox.control.call("DELETE", "/faults")
        _settle(sandbox, realm)
        keys = [je["DocNumber"] for je in sandbox.journal_entries(realm)]
        assert len(keys) == len(set(keys)), "a document was posted twice"
        if os.environ.get("SOAK_DEBUG") and sandbox.balances(realm) != expected_balances(ledger.rows, GO_LIVE, []):
            _dump(e2e, sandbox, realm, ledger, task)
        assert sandbox.balances(realm) == expected_balances(ledger.rows, GO_LIVE, []), f"round {rounds}"
        last, rounds = today, rounds + 1
        e2e.clock.advance(days=1)
    assert rounds >= 3 and kills >= 1 and sandbox.sleeps, (rounds, kills, len(sandbox.sleeps))


def _recover(e2e: Any, sandbox: Any, realm: str) -> None:
    """Between deliveries: time passes (the lease of a killed worker expires); the worker is healthy again."""
    e2e.clock.advance(minutes=16)
    e2e.qbo_posters = lambda tenant: sandbox.poster(realm, tenant.qbo_plan)
    e2e.__dict__.pop("sync_run", None)
    _settle(sandbox, realm)


def _settle(sandbox: Any, realm: str) -> None:
    deadline = time.monotonic() + 5
    while sandbox.control.counters(realm).get("in_flight", 0) > 0 and time.monotonic() < deadline:
        time.sleep(0.05)


def _dump(e2e, sandbox, realm, ledger, task):  # pragma: no cover - debugging aid
    stored = e2e.ledger.history("t1", None)
    print("stored", len(stored), "generated", len(ledger.rows), "cursor", e2e.models.Tenant.get("t1").cursor_seq)
    for r in e2e.models.Run.query("t1"):
        print(r.task_id, r.status, r.range_from, r.range_to,
              [(d["doc_number"], d["qbo_id"], d["txn_date"]) for d in (r.documents or [])])
    for je in sandbox.journal_entries(realm):
        print(je["Id"], je["DocNumber"], je["TxnDate"])
    print(task)
