"""`POST /webhooks/intuit`: signed notifications about journal entries we posted become audit
events, once each; everything else is counted and ignored; unsigned bodies store nothing."""
from __future__ import annotations

import json

from chalicelib.webhooks.verify import signature

from .conftest import DOC_NUMBER, POSTED_ID, REALM, TASK_ID, TENANT, audit, change, classic, send


def test_bad_signature_is_401_and_stores_nothing(api, posted):
    body = classic([change()])
    response = send(api, body, sig=signature(body, "not-the-verifier"))
    assert response.status_code == 401
    assert json.loads(response.body)["error"] == "unauthenticated"
    assert audit(posted) == []


def test_missing_signature_is_401_and_stores_nothing(api, posted):
    assert send(api, classic([change()]), sig=None).status_code == 401
    assert audit(posted) == []


def test_edit_of_a_posted_journal_entry_records_an_audit_event(api, posted):
    response = send(api, classic([change(operation="Update")]))
    assert response.status_code == 200
    assert json.loads(response.body) == {"recorded": 1, "duplicates": 0, "ignored": 0}
    event, = audit(posted)
    assert (event.actor, event.role) == ("intuit", "intuit")
    assert event.detail["entity_id"] == POSTED_ID
    assert event.detail["operation"] == "Update"
    assert (event.detail["doc_number"], event.detail["task_id"]) == (DOC_NUMBER, TASK_ID)


def test_delete_of_a_posted_journal_entry_records_an_audit_event(api, posted):
    send(api, classic([change(operation="Delete")]))
    assert [e.detail["operation"] for e in audit(posted)] == ["Delete"]


def test_same_notification_twice_is_recorded_once(api, posted):
    body = classic([change()])
    send(api, body)
    again = send(api, body)
    assert json.loads(again.body) == {"recorded": 0, "duplicates": 1, "ignored": 0}
    assert len(audit(posted)) == 1


def test_later_edit_of_the_same_entry_is_recorded_again(api, posted):
    send(api, classic([change(at="2026-03-03T15:04:05.123Z")]))
    send(api, classic([change(at="2026-03-04T09:00:00.000Z")]))
    assert len(audit(posted)) == 2


def test_unknown_realm_is_ignored(api, posted):
    response = send(api, classic([change()], realm="4620816365179422850"))
    assert json.loads(response.body) == {"recorded": 0, "duplicates": 0, "ignored": 1}
    assert audit(posted) == []


def test_other_entities_are_ignored(api, posted):
    response = send(api, classic([change(name="Account"), change(name="Deposit")]))
    assert json.loads(response.body)["ignored"] == 2
    assert audit(posted) == []


def test_journal_entry_the_connector_did_not_post_is_ignored(api, posted):
    assert json.loads(send(api, classic([change(entity_id="999")])).body)["ignored"] == 1
    assert audit(posted) == []


def test_creation_of_our_own_posting_is_not_an_accountants_change(api, posted):
    assert json.loads(send(api, classic([change(operation="Create")])).body)["ignored"] == 1


def test_cloudevents_notification_is_recorded_too(api, posted):
    body = json.dumps([{"specversion": "1.0", "id": "88cd52aa", "source": "intuit.abc",
                        "type": "qbo.journalentry.voided.v1", "datacontenttype": "application/json",
                        "time": "2026-03-03T15:04:05.123Z", "intuitentityid": POSTED_ID,
                        "intuitaccountid": REALM, "data": {}}]).encode()
    assert send(api, body).status_code == 200
    assert [e.detail["operation"] for e in audit(posted)] == ["Void"]


def test_signed_body_that_is_no_notification_is_400(api, posted):
    assert send(api, b'{"hello": "world"}').status_code == 400
    assert audit(posted, TENANT) == []
