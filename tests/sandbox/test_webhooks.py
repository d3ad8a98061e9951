"""Webhooks: signed change notifications POSTed to the app's endpoint, batched per realm, retried."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json

import pytest
import requests
from quickbooks.objects.item import Item
from quickbooks.objects.salesreceipt import SalesReceipt
from quickbooks.objects.trackingclass import Class

from .builders import account_id, journal_entry
from .receiver import Receiver

TOKEN = "sandbox-verifier-token-0001"


@pytest.fixture()
def receiver():
    r = Receiver()
    yield r
    r.close()


@pytest.fixture()
def subscribe(seeded, control, receiver):
    def _subscribe(client_id: str | None = None, **settings) -> dict:
        body = {"url": receiver.url, "verifier_token": TOKEN, **settings}
        return control.call("PUT", f"/apps/{client_id or seeded.client_id}/webhooks", body)
    return _subscribe


def _je(qb, doc_number: str = "CB-1"):
    lines = [("Debit", account_id(qb, "Checking"), 10), ("Credit", account_id(qb, "Services"), 10)]
    return journal_entry(lines, doc_number=doc_number).save(qb=qb)


def _entities(body: bytes) -> list[dict]:
    return [e for n in json.loads(body)["eventNotifications"]
            for e in n["dataChangeEvent"]["entities"]]


def test_journal_entry_create_is_posted_to_the_endpoint_on_flush(seeded, control, receiver,
                                                                  subscribe, plus_qb):
    subscribe()
    je = _je(plus_qb)
    assert control.call("POST", "/webhooks/flush")["delivered"] == 1
    (_, body), = receiver.posts
    note, = json.loads(body)["eventNotifications"]
    assert note["realmId"] == seeded.plus_realm
    entity, = note["dataChangeEvent"]["entities"]
    assert (entity["name"], entity["id"], entity["operation"]) == ("JournalEntry", je.Id, "Create")
    assert entity["lastUpdated"].endswith("Z")


def test_notification_is_signed_with_the_verifier_token(receiver, subscribe, control, plus_qb):
    subscribe()
    _je(plus_qb)
    control.call("POST", "/webhooks/flush")
    (headers, body), = receiver.posts
    expected = base64.b64encode(hmac.new(TOKEN.encode(), body, hashlib.sha256).digest()).decode()
    assert headers["intuit-signature"] == expected


def test_nothing_is_sent_until_flush(receiver, subscribe, control, plus_qb):
    subscribe()
    _je(plus_qb)
    assert receiver.posts == []
    assert control.call("GET", "/webhooks/deliveries")["pending_events"] == 1


def test_notifications_are_batched_per_realm(seeded, receiver, subscribe, control, plus_qb,
                                             essentials_qb):
    subscribe()
    _je(plus_qb)
    _je(essentials_qb)
    control.call("POST", "/webhooks/flush")
    (_, body), = receiver.posts
    realms = [n["realmId"] for n in json.loads(body)["eventNotifications"]]
    assert sorted(realms) == sorted([seeded.plus_realm, seeded.essentials_realm])


def test_update_delete_and_void_carry_their_operation(receiver, subscribe, control, plus_qb):
    subscribe()
    je = _je(plus_qb)
    je.PrivateNote = "edited by the accountant"
    je.save(qb=plus_qb).delete(qb=plus_qb)
    item = Item.filter(Name="Services", qb=plus_qb)[0].Id
    receipt = SalesReceipt.from_json({"Line": [{"Amount": 5, "DetailType": "SalesItemLineDetail",
                                                "SalesItemLineDetail": {"ItemRef": {"value": item}}}]})
    receipt = receipt.save(qb=plus_qb)
    receipt.void(qb=plus_qb)
    control.call("POST", "/webhooks/flush")
    ops = [(e["name"], e["operation"]) for e in _entities(receiver.posts[0][1])]
    assert ops == [("JournalEntry", "Create"), ("JournalEntry", "Update"),
                   ("JournalEntry", "Delete"), ("SalesReceipt", "Create"),
                   ("SalesReceipt", "Void")]


def test_apps_not_connected_to_the_company_hear_nothing(control, receiver, subscribe, plus_qb):
    other = control.call("POST", "/apps", {"redirect_uris": ["http://127.0.0.1:9/cb"]})
    subscribe(other["client_id"])
    _je(plus_qb)
    assert control.call("POST", "/webhooks/flush")["attempted"] == 0
    assert receiver.posts == []


def test_entities_setting_limits_what_is_notified(receiver, subscribe, control, plus_qb):
    subscribe(entities=["JournalEntry"])
    cls = Class()
    cls.Name = "Ballet"
    cls.save(qb=plus_qb)
    _je(plus_qb)
    control.call("POST", "/webhooks/flush")
    assert [e["name"] for e in _entities(receiver.posts[0][1])] == ["JournalEntry"]


def test_failed_delivery_is_retried_after_10_seconds_with_the_same_body(receiver, subscribe,
                                                                        control, plus_qb):
    subscribe()
    receiver.statuses = [500]
    _je(plus_qb)
    assert control.call("POST", "/webhooks/flush")["failed"] == 1
    assert control.call("POST", "/webhooks/flush")["attempted"] == 0  # not due yet
    control.advance(10)
    assert control.call("POST", "/webhooks/flush")["delivered"] == 1
    delivery, = control.call("GET", "/webhooks/deliveries")["deliveries"]
    assert [a["status"] for a in delivery["attempts"]] == [500, 200]
    assert receiver.posts[0][1] == receiver.posts[1][1]


def test_second_failure_waits_20_seconds(receiver, subscribe, control, plus_qb):
    subscribe()
    receiver.statuses = [503, 503]
    _je(plus_qb)
    control.call("POST", "/webhooks/flush")
    control.advance(10)
    control.call("POST", "/webhooks/flush")
    control.advance(19)
    assert control.call("POST", "/webhooks/flush")["attempted"] == 0
    control.advance(1)
    assert control.call("POST", "/webhooks/flush")["delivered"] == 1


def test_unreachable_endpoint_is_an_attempt_without_status(seeded, control, subscribe, plus_qb):
    control.call("PUT", f"/apps/{seeded.client_id}/webhooks",
                 {"url": "http://127.0.0.1:9/nothing-listens", "verifier_token": TOKEN})
    _je(plus_qb)
    control.call("POST", "/webhooks/flush")
    attempt, = control.call("GET", "/webhooks/deliveries")["deliveries"][0]["attempts"]
    assert attempt["status"] is None and attempt["error"]


def test_cloudevents_format_when_chosen(seeded, receiver, subscribe, control, plus_qb):
    subscribe(format="cloudevents")
    je = _je(plus_qb)
    control.call("POST", "/webhooks/flush")
    (headers, body), = receiver.posts
    event, = json.loads(body)
    assert event["specversion"] == "1.0"
    assert event["type"] == "qbo.journalentry.created.v1"
    assert (event["intuitentityid"], event["intuitaccountid"]) == (je.Id, seeded.plus_realm)
    assert "intuit-signature" in headers


def test_webhook_settings_need_a_url_and_a_verifier_token(seeded, qbo_sandbox):  # plain HTTP
    url = f"{qbo_sandbox}/_sandbox/apps/{seeded.client_id}/webhooks"
    assert requests.put(url, json={"url": "http://127.0.0.1:1/x"}, timeout=5).status_code == 400
    assert requests.put(url, json={"verifier_token": "t"}, timeout=5).status_code == 400
