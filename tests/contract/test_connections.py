"""One contract for the connection's OAuth states, realm claims, last runs and posted documents:
the fakes in `tests/fakes/connect.py` and the DynamoDB adapters in `chalicelib/store/connections.py` agree."""
from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from chalicelib.domain.schedule import LastRun, Trigger
from chalicelib.services.ports import OAuthState
from chalicelib.store.connections import DynamoLastRuns, DynamoOAuthStates, DynamoPostedDocuments, DynamoRealmClaims
from chalicelib.store.models import build_models
from tests.fakes.connect import FakeLastRuns, FakeOAuthStates, FakePostedDocuments, FakeRealmClaims

NOW = dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC)
STATE = OAuthState("s" * 43, "t1", "admin-1", NOW, NOW + dt.timedelta(minutes=10), "hash")


@pytest.fixture(params=["in_memory", "dynamodb_local"])
def ports(request: pytest.FixtureRequest) -> tuple[Any, Any]:
    if request.param == "in_memory":
        return FakeOAuthStates(), FakeRealmClaims()
    models = build_models(request.getfixturevalue("config"))
    return DynamoOAuthStates(models), DynamoRealmClaims(models)


def test_an_issued_state_reads_back_unused(ports: tuple[Any, Any]) -> None:
    states, _ = ports
    states.issue(STATE)
    assert states.get(STATE.state) == STATE and states.get("unknown") is None


def test_a_state_is_spent_once(ports: tuple[Any, Any]) -> None:
    states, _ = ports
    states.issue(STATE)
    assert states.spend(STATE.state, NOW) is True
    assert states.spend(STATE.state, NOW) is False
    spent = states.get(STATE.state)
    assert spent is not None and spent.used_at == NOW


def test_an_unknown_state_cannot_be_spent(ports: tuple[Any, Any]) -> None:
    states, _ = ports
    assert states.spend("unknown", NOW) is False


def test_a_company_is_claimed_by_one_studio_and_reclaimed_by_it(ports: tuple[Any, Any]) -> None:
    _, claims = ports
    assert claims.claim("111", "t1", NOW) is True
    assert claims.claim("111", "t1", NOW) is True
    assert claims.claim("111", "t2", NOW) is False
    assert claims.owner("111") == "t1" and claims.owner("222") is None


def test_only_the_holder_releases_a_claim(ports: tuple[Any, Any]) -> None:
    _, claims = ports
    claims.claim("111", "t1", NOW)
    claims.release("111", "t2")
    assert claims.owner("111") == "t1"
    claims.release("111", "t1")
    assert claims.owner("111") is None and claims.claim("111", "t2", NOW) is True


# --- the last run the 23-hour rule reads, and what a reset lists as posted -------------------------

RUN = LastRun(started_at=NOW, trigger=Trigger.MANUAL, scheduled_for=None)
POSTED = {"doc_number": "CB-1", "txn_date": "2026-03-01", "qbo_id": "17", "entity": "JournalEntry",
          "task_id": "m-1", "posted_at": NOW.isoformat()}


@pytest.fixture(params=["in_memory", "dynamodb_local"])
def records(request: pytest.FixtureRequest) -> tuple[Any, Any, Any, Any]:
    """(last runs, posted documents, record a run, record a posting) on one side."""
    if request.param == "in_memory":
        runs, postings = FakeLastRuns(), FakePostedDocuments()
        return runs, postings, runs.record, postings.record
    models = build_models(request.getfixturevalue("config"))

    def record_run(tenant_id: str, task_id: str, run: LastRun) -> None:
        models.Run(tenant_id, task_id, trigger=run.trigger.value, status="succeeded", created_at=run.started_at,
                   started_at=run.started_at, scheduled_for=run.scheduled_for).save()

    def record_posting(tenant_id: str, document: dict[str, Any]) -> None:
        models.Posting(tenant_id, f"key-{document['doc_number']}", task_id=document["task_id"],
                       doc_number=document["doc_number"], txn_date=document["txn_date"],
                       document={"entity": document["entity"]}, status="posted", qbo_id=document["qbo_id"],
                       posted_at=dt.datetime.fromisoformat(document["posted_at"])).save()
        models.Posting(tenant_id, f"planned-{document['doc_number']}", task_id=document["task_id"],
                       doc_number=f"{document['doc_number']}-p", txn_date=document["txn_date"],
                       document={"entity": document["entity"]}).save()  # planned, never posted: not listed
    return DynamoLastRuns(models), DynamoPostedDocuments(models), record_run, record_posting


def test_a_last_run_is_read_back_for_its_own_tenant_only(records: tuple[Any, Any, Any, Any]) -> None:
    runs, _, record_run, _ = records
    record_run("t1", "m-1", RUN)
    assert runs.last_run("t1", "m-1") == RUN
    assert runs.last_run("t2", "m-1") is None and runs.last_run("t1", "m-2") is None


def test_a_daily_last_run_keeps_its_scheduled_time(records: tuple[Any, Any, Any, Any]) -> None:
    runs, _, record_run, _ = records
    daily = LastRun(started_at=NOW, trigger=Trigger.DAILY, scheduled_for=NOW - dt.timedelta(minutes=1))
    record_run("t1", "d-1", daily)
    assert runs.last_run("t1", "d-1") == daily


def test_posted_documents_are_listed_per_tenant_and_only_once_posted(records: tuple[Any, Any, Any, Any]) -> None:
    _, postings, _, record_posting = records
    record_posting("t1", POSTED)
    assert postings.posted("t1") == [POSTED]
    assert postings.posted("t2") == []
