"""The plan store on DynamoDB Local: the `posting_started` mark a resume relies on."""
from __future__ import annotations

import datetime as dt

from chalicelib.bootstrap import Container
from chalicelib.domain.posting import plan_sync
from chalicelib.domain.schedule import Trigger
from chalicelib.sync.plans import DynamoPlanStore, SavedPlan
from chalicelib.sync.state import posting_settings
from chalicelib.sync.tasks import DynamoTaskStore
from tests.unit.sync.conftest import studio
from tests.unit.sync.test_run import TWO_DAYS

NOW = dt.datetime(2025, 3, 10, 18, 0, tzinfo=dt.UTC)


def written(c: Container) -> tuple[DynamoPlanStore, SavedPlan]:
    DynamoTaskStore(c.models).create("t1", "m1", Trigger.MANUAL, NOW)
    plan = plan_sync(posting_settings(studio(), "Classbooks"), run_id="m1", sync_date=NOW.date(), cursor=0,
                     upto=4, first_sync=True, transactions=TWO_DAYS, history=[])
    store = DynamoPlanStore(c.models)
    store.write("m1", plan)
    return store, SavedPlan("m1", plan)


def test_a_written_plan_reads_back_without_the_posting_mark(container: Container) -> None:
    store, _ = written(container)
    assert store.load("t1", "m1").posting_started is False


def test_a_marked_plan_reads_back_with_the_mark_and_the_same_documents(container: Container) -> None:
    store, saved = written(container)
    store.mark_posting(saved, NOW)
    loaded = store.load("t1", "m1")
    assert loaded.posting_started is True and loaded.plan == saved.plan
