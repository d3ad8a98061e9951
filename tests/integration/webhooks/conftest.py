"""Webhook tests: a configured verifier token, a tenant that claimed a realm and posted one
journal entry (rows written straight into the tables), and signed-body helpers."""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest

from chalicelib import bootstrap
from chalicelib.config import Config
from chalicelib.webhooks.verify import signature

VERIFIER = "integration-verifier-token-0001"
TENANT, REALM = "studio-1", "9130350000000001"
POSTED_ID, DOC_NUMBER, TASK_ID = "146", "CB7Q2M4K9XH1PZ", "task-0001"
UTC = dt.UTC


@pytest.fixture
def container(config: Config) -> Iterator[bootstrap.Container]:
    built = bootstrap.Container(config.with_overrides(intuit_webhook_verifier=VERIFIER))
    bootstrap.install(built)
    yield built
    bootstrap.install(None)


def claim(container: bootstrap.Container, realm: str = REALM, tenant: str = TENANT) -> None:
    container.models.RealmClaim(realm_id=realm, tenant_id=tenant,
                                claimed_at=dt.datetime(2026, 3, 1, tzinfo=UTC)).save()


def posting(container: bootstrap.Container, qbo_id: str = POSTED_ID, tenant: str = TENANT,
            doc_number: str = DOC_NUMBER, task_id: str = TASK_ID) -> None:
    container.models.Posting(tenant_id=tenant, doc_key=f"key-{qbo_id}", task_id=task_id,
                             doc_number=doc_number, txn_date="2026-03-01", document={},
                             status="posted", qbo_id=qbo_id,
                             posted_at=dt.datetime(2026, 3, 2, tzinfo=UTC)).save()


@pytest.fixture
def posted(container: bootstrap.Container) -> bootstrap.Container:
    """The tenant claimed REALM and the connector posted journal entry POSTED_ID there."""
    claim(container)
    posting(container)
    return container


def classic(entities: list[dict[str, str]], realm: str = REALM) -> bytes:
    return json.dumps({"eventNotifications": [
        {"realmId": realm, "dataChangeEvent": {"entities": entities}}]}).encode()


def change(entity_id: str = POSTED_ID, operation: str = "Update", name: str = "JournalEntry",
           at: str = "2026-03-03T15:04:05.123Z") -> dict[str, str]:
    return {"name": name, "id": entity_id, "operation": operation, "lastUpdated": at}


def send(api: Any, body: bytes, sig: str | None = "sign") -> Any:
    headers = {"Content-Type": "application/json"}
    if sig is not None:
        headers["intuit-signature"] = signature(body, VERIFIER) if sig == "sign" else sig
    return api.http.post("/webhooks/intuit", headers=headers, body=body)


def audit(container: bootstrap.Container, tenant: str = TENANT) -> list[Any]:
    return [e for e in container.models.AuditEvent.query(f"tenant#{tenant}")
            if e.action == "qbo_document_changed"]
