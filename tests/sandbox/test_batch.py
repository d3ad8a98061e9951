"""The batch endpoint: 30 items at most, per-item Faults, queries, and its own rate."""
from __future__ import annotations

import json

import pytest
from quickbooks.batch import batch_create
from quickbooks.exceptions import AuthorizationException, ValidationException
from quickbooks.objects.trackingclass import Class


def _class(name: str) -> Class:
    c = Class()
    c.Name = name
    return c


def _items(n: int) -> list[dict]:
    return [{"bId": f"b{i}", "operation": "create", "Class": {"Name": f"Class {i}"}}
            for i in range(n)]


def test_batch_of_30_creates_all_items(plus_qb):
    body = plus_qb.batch_operation(json.dumps({"BatchItemRequest": _items(30)}))
    assert len(body["BatchItemResponse"]) == 30
    assert all("Class" in item for item in body["BatchItemResponse"])


def test_batch_of_31_items_is_refused_whole(seeded, control, plus_qb):
    with pytest.raises(AuthorizationException) as err:  # python-quickbooks maps code 400 so
        plus_qb.batch_operation(json.dumps({"BatchItemRequest": _items(31)}))
    assert err.value.message == "MalformedRequest"
    assert control.documents(seeded.plus_realm, "Class") == []


def test_failing_item_gets_its_own_fault_and_the_others_apply(plus_qb):
    _class("Ballet").save(qb=plus_qb)
    result = batch_create([_class("Ballet"), _class("Tap")], qb=plus_qb)
    assert [f.Error[0].code for f in result.faults] == ["6240"]
    assert [c.Name for c in result.successes] == ["Tap"]


def test_batch_query_item_returns_a_query_response(plus_qb):
    body = plus_qb.batch_operation(json.dumps({"BatchItemRequest": [
        {"bId": "q1", "Query": "select * from Account where Name = 'Checking'"}]}))
    assert body["BatchItemResponse"][0]["QueryResponse"]["Account"][0]["Name"] == "Checking"


def test_batch_update_and_delete_items(plus_qb):
    created = plus_qb.batch_operation(json.dumps({"BatchItemRequest": _items(1)}))
    cls = created["BatchItemResponse"][0]["Class"]
    body = plus_qb.batch_operation(json.dumps({"BatchItemRequest": [
        {"bId": "u", "operation": "update",
         "Class": {"Id": cls["Id"], "SyncToken": "0", "sparse": True, "Name": "Renamed"}},
        {"bId": "d", "operation": "delete", "Class": {"Id": cls["Id"], "SyncToken": "1"}}]}))
    update, delete = body["BatchItemResponse"]
    assert update["Class"]["Name"] == "Renamed"
    assert delete["Fault"]["Error"][0]["code"] == "500"  # name lists are deactivated, not deleted


def test_python_quickbooks_splits_big_lists_into_batches_of_30(roomy, seeded, control, plus_qb):
    result = batch_create([_class(f"C{i}") for i in range(35)], qb=plus_qb)
    assert len(result.successes) == 35
    assert control.counters(seeded.plus_realm)["by_kind"]["batch_create"] == 35


def test_41st_batch_request_in_a_minute_is_throttled(seeded, control, plus_qb):
    control.limits(seeded.plus_realm, requests_per_second=1000)
    query = json.dumps({"BatchItemRequest": [{"bId": "q", "Query": "select * from Class"}]})
    for _ in range(40):
        plus_qb.batch_operation(query)
    with pytest.raises(ValidationException) as err:
        plus_qb.batch_operation(query)
    assert err.value.error_code == 3001
    control.advance(60)
    assert plus_qb.batch_operation(query)["BatchItemResponse"]

