"""Whatever QBO does to a call, each document ends up posted exactly once (or the run stops cleanly)."""
from __future__ import annotations

import pytest
from qbo_builders import daily_plan

from chalicelib.quickbooks.errors import IntuitUnavailable, NeedsReauthorization
from chalicelib.sync.ports import QuickBooksRefused


def _ready(qbo, realm, days):
    plan = daily_plan(days)
    return plan, qbo.poster(realm).ensure_references(plan, cached={})


def _doc_numbers(qbo, realm):
    return sorted(e["DocNumber"] for e in qbo.journal_entries(realm))


PATHS = {1: "/journalentry", 5: "/batch"}


@pytest.mark.parametrize("days", [1, 5], ids=["single", "batch"])
@pytest.mark.parametrize("status", [429, 500, 503])
def test_a_refused_call_is_retried_and_each_document_posts_once(qbo, plus, status, days):
    plan, refs = _ready(qbo, plus, days)
    qbo.control.fault(kind="status", status=status, count=2, realm_id=plus, path=PATHS[days])
    posted = qbo.poster(plus).post(plan.documents, refs)
    assert _doc_numbers(qbo, plus) == sorted(d.doc_number for d in plan.documents)
    assert [p.key for p in posted] == [d.key for d in plan.documents]
    assert len(qbo.sleeps) == 2


def test_a_429_waits_as_long_as_retry_after_says(qbo, plus):
    plan, refs = _ready(qbo, plus, 1)
    qbo.control.fault(kind="status", status=429, count=1, realm_id=plus, path="/journalentry")
    qbo.poster(plus).post(plan.documents, refs)
    assert qbo.sleeps and qbo.sleeps[0] >= 60


def test_a_429_is_not_followed_by_a_look_up(qbo, plus):
    plan, refs = _ready(qbo, plus, 1)
    qbo.control.fault(kind="status", status=429, count=1, realm_id=plus, path="/journalentry")
    poster = qbo.poster(plus)
    poster.post(plan.documents, refs)
    assert poster.counters.metered_reads == 0


@pytest.mark.parametrize("days", [1, 5], ids=["single", "batch"])
def test_a_timeout_ends_with_each_document_posted_once(qbo, plus, days):
    plan, refs = _ready(qbo, plus, days)
    qbo.control.fault(kind="hang", seconds=0.6, count=1, realm_id=plus, path=PATHS[days])
    qbo.poster(plus, read_timeout=0.2).post(plan.documents, refs)
    qbo.settle(plus)
    assert _doc_numbers(qbo, plus) == sorted(d.doc_number for d in plan.documents)


@pytest.mark.parametrize("mode", ["500", "close"])
@pytest.mark.parametrize("days", [1, 5], ids=["single", "batch"])
def test_a_write_committed_then_lost_is_found_by_doc_number_not_posted_again(qbo, plus, mode, days):
    plan, refs = _ready(qbo, plus, days)
    qbo.control.fault(kind="drop", mode=mode, count=1, realm_id=plus, path=PATHS[days])
    posted = qbo.poster(plus).post(plan.documents, refs)
    entries = {e["DocNumber"]: e["Id"] for e in qbo.journal_entries(plus)}
    assert sorted(entries) == sorted(d.doc_number for d in plan.documents)
    assert all(p.found_existing and p.qbo_id == entries[p.doc_number] for p in posted)


def test_faults_that_outlast_the_retries_stop_the_run_as_transient(qbo, plus):
    plan, refs = _ready(qbo, plus, 1)
    qbo.control.fault(kind="status", status=503, count=10, realm_id=plus, path="/journalentry")
    with pytest.raises(IntuitUnavailable, match="after 3 attempts"):
        qbo.poster(plus, attempts=3).post(plan.documents, refs)
    assert qbo.journal_entries(plus) == []


def test_documents_of_earlier_batches_are_reported_when_a_later_batch_is_refused(qbo, plus):
    plan, refs = _ready(qbo, plus, 4)
    qbo.control.company(plus, book_close_date=plan.documents[1].txn_date.isoformat())
    newest_first = list(reversed(plan.documents))
    with pytest.raises(QuickBooksRefused) as refused:
        qbo.poster(plus, batch_size=2).post(newest_first, refs)
    assert [p.key for p in refused.value.posted] == [d.key for d in newest_first[:2]]
    assert _doc_numbers(qbo, plus) == sorted(d.doc_number for d in newest_first[:2])


def test_an_expired_access_token_is_refreshed_once_and_posting_goes_on(qbo, plus):
    plan, refs = _ready(qbo, plus, 1)
    qbo.control.advance(3700)
    posted = qbo.poster(plus).post(plan.documents, refs)
    assert len(posted) == 1 and qbo.tokens[plus].refreshes == 1


def test_a_revoked_grant_asks_for_reauthorisation(qbo, plus):
    plan, refs = _ready(qbo, plus, 1)
    qbo.control.call("POST", f"/companies/{plus}/disconnect")
    with pytest.raises(NeedsReauthorization):
        qbo.poster(plus).post(plan.documents, refs)
    assert qbo.journal_entries(plus) == []


def test_a_validation_fault_is_refused_with_quickbooks_own_words(qbo, plus):
    plan, refs = _ready(qbo, plus, 1)
    qbo.control.company(plus, book_close_date=plan.documents[0].txn_date.isoformat())
    with pytest.raises(QuickBooksRefused) as refused:
        qbo.poster(plus).post(plan.documents, refs)
    assert "The account period has closed." in str(refused.value)
    assert plan.documents[0].doc_number in str(refused.value)


def test_a_refusal_inside_a_batch_still_reports_the_documents_that_posted(qbo, plus):
    plan, refs = _ready(qbo, plus, 3)
    qbo.control.company(plus, book_close_date=plan.documents[0].txn_date.isoformat())
    with pytest.raises(QuickBooksRefused) as refused:
        qbo.poster(plus).post(plan.documents, refs)
    entries = {e["DocNumber"]: e["Id"] for e in qbo.journal_entries(plus)}
    assert {(p.doc_number, p.qbo_id) for p in refused.value.posted} == set(entries.items())
    assert len(entries) == 2
