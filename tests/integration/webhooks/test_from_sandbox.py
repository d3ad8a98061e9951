"""End to end with the QuickBooks sandbox: an accountant edits, then deletes, a journal entry
the connector posted; the sandbox signs and POSTs Intuit's notifications; the endpoint records
each change once."""
from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from devstack.qbo_sandbox.seed import seed
from tests.sandbox.builders import account_id, journal_entry
from tests.sandbox.helpers import Control, connect, qbo
from tests.sandbox.receiver import Receiver

from .conftest import VERIFIER, audit, claim, posting

os.environ.setdefault("OAUTHLIB_INSECURE_TRANSPORT", "1")


@pytest.fixture
def sandbox(qbo_sandbox: str) -> Iterator[tuple]:
    """The demo app connected to the Plus company, its webhooks aimed at a local receiver."""
    demo, receiver, control = seed(qbo_sandbox), Receiver(), Control(qbo_sandbox)
    control.call("PUT", f"/apps/{demo.client_id}/webhooks",
                 {"url": receiver.url, "verifier_token": VERIFIER})
    yield demo, qbo(demo, connect(demo, demo.plus_realm), demo.plus_realm), receiver, control
    control.call("DELETE", f"/apps/{demo.client_id}/webhooks")
    receiver.close()


def _forward(api, receiver: Receiver) -> list[int]:
    """Hand what the sandbox delivered to the connector's endpoint, byte for byte."""
    return [api.http.post("/webhooks/intuit", body=body, headers={
        "Content-Type": "application/json",
        "intuit-signature": headers["intuit-signature"]}).status_code
        for headers, body in receiver.posts]


def test_accountants_edit_and_delete_are_recorded_once_each(api, container, sandbox):
    demo, qb, receiver, control = sandbox
    lines = [("Debit", account_id(qb, "Checking"), 25), ("Credit", account_id(qb, "Services"), 25)]
    je = journal_entry(lines, doc_number="CBWEBHOOK0001").save(qb=qb)  # "the connector posts"
    claim(container, realm=demo.plus_realm)
    posting(container, qbo_id=je.Id, doc_number="CBWEBHOOK0001")
    je.PrivateNote = "moved to another account by the accountant"
    je.save(qb=qb).delete(qb=qb)
    control.call("POST", "/webhooks/flush")
    assert _forward(api, receiver) == [200]
    assert _forward(api, receiver) == [200]  # Intuit retrying the same POST changes nothing
    assert sorted(e.detail["operation"] for e in audit(container)) == ["Delete", "Update"]
