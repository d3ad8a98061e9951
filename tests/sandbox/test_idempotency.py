"""requestid: a replayed write returns the original response and creates nothing."""
from __future__ import annotations

import json

import pytest
from quickbooks.exceptions import QuickbooksException
from quickbooks.objects.account import Account
from quickbooks.objects.journalentry import JournalEntry

from .builders import journal_entry


@pytest.fixture()
def lines(plus_qb):
    accounts = {a.Name: a.Id for a in Account.all(qb=plus_qb)}
    return [("Debit", accounts["Checking"], 25), ("Credit", accounts["Services"], 25)]


def test_replayed_create_returns_the_original_document(plus_qb, lines):
    first = journal_entry(lines).save(qb=plus_qb, request_id="run-7-doc-1")
    again = journal_entry(lines).save(qb=plus_qb, request_id="run-7-doc-1")
    assert again.Id == first.Id
    assert len(JournalEntry.all(qb=plus_qb)) == 1


def test_different_request_ids_create_different_documents(plus_qb, lines):
    journal_entry(lines, doc_number="CB-A").save(qb=plus_qb, request_id="a")
    journal_entry(lines, doc_number="CB-B").save(qb=plus_qb, request_id="b")
    assert len(JournalEntry.all(qb=plus_qb)) == 2


def test_request_ids_are_scoped_per_company(seeded, plus_qb, essentials_qb, lines):
    journal_entry(lines).save(qb=plus_qb, request_id="same")
    ess = {a.Name: a.Id for a in Account.all(qb=essentials_qb)}
    other = journal_entry([("Debit", ess["Checking"], 1), ("Credit", ess["Services"], 1)])
    assert other.save(qb=essentials_qb, request_id="same").TotalAmt == 1


def test_replayed_failure_returns_the_same_fault(plus_qb, lines):
    bad = journal_entry([lines[0], (lines[1][0], lines[1][1], 1)])
    for _ in range(2):
        with pytest.raises(QuickbooksException) as err:
            bad.save(qb=plus_qb, request_id="bad-1")
        assert err.value.error_code == 6000


def test_request_id_longer_than_50_characters_is_refused(plus_qb, lines):
    with pytest.raises(QuickbooksException) as err:
        journal_entry(lines).save(qb=plus_qb, request_id="r" * 51)
    assert err.value.error_code == 6000 and "50 characters" in err.value.detail


def test_replayed_batch_returns_the_original_response_and_creates_nothing(seeded, control,
                                                                          plus_qb):
    url = f"{plus_qb.api_url}/company/{plus_qb.company_id}/batch"
    body = json.dumps({"BatchItemRequest": [{"bId": "1", "operation": "create",
                                             "Class": {"Name": "Ballet"}}]})
    first = plus_qb.post(url, body, params={"requestid": "batch-1"})
    again = plus_qb.post(url, body, params={"requestid": "batch-1"})
    assert again["BatchItemResponse"] == first["BatchItemResponse"]
    assert len(control.documents(seeded.plus_realm, "Class")) == 1


def test_batch_request_id_is_limited_to_36_characters(plus_qb):
    url = f"{plus_qb.api_url}/company/{plus_qb.company_id}/batch"
    body = json.dumps({"BatchItemRequest": [{"bId": "1", "Query": "select * from Class"}]})
    with pytest.raises(QuickbooksException) as err:
        plus_qb.post(url, body, params={"requestid": "x" * 37})
    assert "36 characters" in err.value.detail


def test_batch_with_request_id_faults_items_whose_bid_exceeds_10_characters(seeded, control,
                                                                            plus_qb):
    url = f"{plus_qb.api_url}/company/{plus_qb.company_id}/batch"
    body = json.dumps({"BatchItemRequest": [
        {"bId": "b" * 10, "operation": "create", "Class": {"Name": "Ballet"}},
        {"bId": "b" * 11, "operation": "create", "Class": {"Name": "Tap"}}]})
    ok, refused = plus_qb.post(url, body, params={"requestid": "run-1"})["BatchItemResponse"]
    assert ok["Class"]["Name"] == "Ballet"
    assert refused["Fault"]["Error"][0]["code"] == "6000"
    assert refused["Fault"]["Error"][0]["element"] == "bId"
    assert [c["Name"] for c in control.documents(seeded.plus_realm, "Class")] == ["Ballet"]


def test_batch_without_request_id_accepts_long_bids(plus_qb):
    body = json.dumps({"BatchItemRequest": [
        {"bId": "a-36-character-uuid-like-batch-id-00", "Query": "select * from Class"}]})
    assert "QueryResponse" in plus_qb.batch_operation(body)["BatchItemResponse"][0]
