"""Both notification formats Intuit sends parse into the same entity changes."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from chalicelib.webhooks.events import EntityChange, parse

WHEN = dt.datetime(2026, 3, 2, 20, 52, 31, 657000, tzinfo=dt.UTC)


def test_classic_notification_gives_one_change_per_entity():
    body = {"eventNotifications": [{"realmId": "310687", "dataChangeEvent": {"entities": [
        {"name": "JournalEntry", "id": "12", "operation": "Update",
         "lastUpdated": "2026-03-02T20:52:31.657Z"},
        {"name": "Account", "id": "3", "operation": "Create",
         "lastUpdated": "2026-03-02T20:52:31.657Z"}]}}]}
    assert parse(json.dumps(body).encode()) == [
        EntityChange("310687", "JournalEntry", "12", "Update", WHEN),
        EntityChange("310687", "Account", "3", "Create", WHEN)]


def test_cloudevents_notification_names_entity_and_operation_in_its_type():
    body = [{"specversion": "1.0", "id": "88cd52aa", "source": "intuit.x",
             "type": "qbo.journalentry.deleted.v1", "datacontenttype": "application/json",
             "time": "2026-03-02T20:52:31.657Z", "intuitentityid": "12",
             "intuitaccountid": "310687", "data": {}}]
    assert parse(json.dumps(body).encode()) == [
        EntityChange("310687", "journalentry", "12", "Delete", WHEN)]


def test_same_change_always_has_the_same_key():
    change = EntityChange("310687", "JournalEntry", "12", "Update", WHEN)
    assert change.key == EntityChange("310687", "journalentry", "12", "Update", WHEN).key
    assert change.key != EntityChange("310687", "JournalEntry", "12", "Delete", WHEN).key
    assert change.key.startswith("2026-03-02T20:52:31.657000+00:00#")


@pytest.mark.parametrize("raw", [b"not json", b"{}", b'[{"type": "qbo"}]', b'"text"'])
def test_body_that_is_no_notification_is_a_value_error(raw):
    with pytest.raises(ValueError):
        parse(raw)
