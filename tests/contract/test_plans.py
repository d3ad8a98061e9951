"""One contract for `PlanStore`: the in-memory fake and the DynamoDB adapter pass the same cases.

Plans live beside their task (the header is the task's `plan` attribute in the runs table), so
each case gets a `TaskStore` and the `PlanStore` that writes on it: the fake pair shares one
`FakeTasks` the way the adapters share one table.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import NamedTuple

import pytest
from pynamodb.exceptions import UpdateError

from chalicelib.domain.accounts import AccountKey, AccountRole, AccountSpec
from chalicelib.domain.journal import DocumentKind, JournalDocument, JournalLine, OpeningFigures, PostingPlan, PostingType
from chalicelib.domain.schedule import Trigger
from chalicelib.store.models import build_models
from chalicelib.sync.plans import DynamoPlanStore, PlanStore
from chalicelib.sync.ports import PostedDocument
from chalicelib.sync.tasks import DynamoTaskStore, TaskStore
from tests.fakes.sync import FakePlans, FakeTasks

UTC = dt.UTC
NOW = dt.datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
CLEARING = AccountKey(AccountRole.RECEIVABLES_CLEARING)
CLASSES = AccountKey(AccountRole.REVENUE, "Classes")


class Stores(NamedTuple):
    tasks: TaskStore
    plans: PlanStore


@pytest.fixture(params=["in_memory", "dynamodb_local"])
def stores(request: pytest.FixtureRequest) -> Stores:
    if request.param == "in_memory":
        tasks = FakeTasks()
        return Stores(tasks, FakePlans(tasks))
    models = build_models(request.getfixturevalue("config"))
    return Stores(DynamoTaskStore(models), DynamoPlanStore(models))


def document(n: int, amount: str = "10.00", on: dt.date = dt.date(2026, 2, 20)) -> JournalDocument:
    lines = (JournalLine(PostingType.DEBIT, Decimal(amount), CLEARING, "Downtown", "payments", "credit_card", "payment"),
             JournalLine(PostingType.CREDIT, Decimal(amount), CLASSES, "Downtown", "revenue", "Classes", "charge"))
    return JournalDocument(f"k{n}", f"CB-{n}", DocumentKind.DAILY, on, on, f"Classbooks sync; document {n}.", lines, 3)


def plan(task_id: str = "m1", *documents: JournalDocument, cursor: int = 4, upto: int = 9) -> PostingPlan:
    accounts = (AccountSpec(CLEARING, "Classbooks Clearing", "Other Current Asset", "OtherCurrentAssets"),
                AccountSpec(CLASSES, "Classes", "Income", "ServiceFeeIncome", create=False, allowed_types=("Income",)))
    return PostingPlan("t1", task_id, dt.date(2026, 3, 1), cursor, upto, cursor == 0, documents or (document(1), document(2)),
                       accounts, ("Downtown",), OpeningFigures(dt.date(2025, 12, 31), Decimal("120.00"), Decimal("-5.50")),
                       transaction_count=6)


def written(s: Stores, task_id: str = "m1", *documents: JournalDocument, **where: int) -> PostingPlan:
    s.tasks.create("t1", task_id, Trigger.MANUAL, NOW)
    p = plan(task_id, *documents, **where)
    s.plans.write(task_id, p, "realm-1")
    return p


def _load(s: Stores, task_id: str = "m1"):  # a SavedPlan
    saved = s.plans.load("t1", task_id)
    assert saved is not None
    return saved


def test_an_unknown_task_has_no_plan(stores: Stores) -> None:
    assert stores.plans.load("t1", "nothing") is None


def test_a_task_that_wrote_no_plan_has_none(stores: Stores) -> None:
    stores.tasks.create("t1", "m1", Trigger.MANUAL, NOW)
    assert stores.plans.load("t1", "m1") is None


def test_a_written_plan_reads_back_whole_with_nothing_posted(stores: Stores) -> None:
    p = written(stores)
    saved = _load(stores)
    assert (saved.task_id, saved.plan, dict(saved.posted), saved.posting_started) == ("m1", p, {}, False)
    assert [d.key for d in saved.pending] == ["k1", "k2"]


def test_writing_a_plan_stamps_its_task_with_the_range_and_sync_date(stores: Stores) -> None:
    written(stores, cursor=0, upto=9)
    task = stores.tasks.get("t1", "m1")
    assert task is not None
    assert (task.range_from, task.range_to, task.first_sync, task.business_date, task.status) == (
        0, 9, True, "2026-03-01", "queued")


def test_a_plan_needs_its_task(stores: Stores) -> None:
    with pytest.raises(UpdateError):
        stores.plans.write("ghost", plan("ghost"))
    assert stores.plans.load("t1", "ghost") is None


def test_the_posting_mark_is_kept_with_the_plan(stores: Stores) -> None:
    written(stores)
    stores.plans.mark_posting(_load(stores), NOW)
    saved = _load(stores)
    assert saved.posting_started and [d.key for d in saved.plan.documents] == ["k1", "k2"]


def test_recorded_documents_read_back_as_posted_with_their_qbo_ids(stores: Stores) -> None:
    written(stores)
    stores.plans.record("t1", "m1", [PostedDocument("k2", "qbo-81", "CB-2")], NOW)
    saved = _load(stores)
    assert dict(saved.posted) == {"k2": "qbo-81"} and [d.key for d in saved.pending] == ["k1"]


def test_recording_a_document_that_was_never_planned_fails(stores: Stores) -> None:
    written(stores)
    with pytest.raises(RuntimeError):
        stores.plans.record("t1", "m1", [PostedDocument("k9", "qbo-99", "CB-9")], NOW)


def test_redating_replaces_unposted_documents_and_keeps_the_rest(stores: Stores) -> None:
    p = written(stores)
    moved = dataclasses.replace(p.documents[0], txn_date=dt.date(2026, 3, 1), private_note="moved out of a closed period")
    changed = stores.plans.redate(_load(stores), [moved])
    assert changed.plan.documents == (moved, p.documents[1])
    assert _load(stores).plan.documents == (moved, p.documents[1])


def test_a_posted_document_is_never_redated(stores: Stores) -> None:
    p = written(stores)
    stores.plans.record("t1", "m1", [PostedDocument("k1", "qbo-81", "CB-1")], NOW)
    moved = dataclasses.replace(p.documents[0], txn_date=dt.date(2026, 3, 1))
    with pytest.raises(ValueError):
        stores.plans.redate(_load(stores), [moved])
    assert _load(stores).plan.documents[0] == p.documents[0]


def test_a_document_posted_since_the_plan_was_read_is_not_redated(stores: Stores) -> None:
    p = written(stores)
    stale = _load(stores)
    stores.plans.record("t1", "m1", [PostedDocument("k1", "qbo-81", "CB-1")], NOW)
    with pytest.raises(UpdateError):
        stores.plans.redate(stale, [dataclasses.replace(p.documents[0], txn_date=dt.date(2026, 3, 1))])
    assert _load(stores).plan.documents[0] == p.documents[0]


def test_a_document_the_plan_never_had_is_not_redated(stores: Stores) -> None:
    written(stores)
    with pytest.raises(UpdateError):
        stores.plans.redate(_load(stores), [document(7)])


def test_plans_of_two_tasks_are_read_apart(stores: Stores) -> None:
    first = written(stores, "m1", document(1), document(2))
    second = written(stores, "m2", document(3, "99.99"), cursor=9, upto=12)
    stores.plans.record("t1", "m2", [PostedDocument("k3", "qbo-3", "CB-3")], NOW)
    assert _load(stores, "m1").plan == first and dict(_load(stores, "m1").posted) == {}
    assert _load(stores, "m2").plan == second and dict(_load(stores, "m2").posted) == {"k3": "qbo-3"}
