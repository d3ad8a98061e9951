"""Issue #16 item 8: input no parser or key can hold is a 4xx JSON error, never a 500.

The container points DynamoDB at a closed port: each of these is refused before any table is
touched (a route that reached DynamoDB would fail with a 500 here).
"""
from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from typing import Any

import pytest

from chalicelib import bootstrap
from chalicelib.api.auth import issue_token
from chalicelib.config import Config
from chalicelib.webhooks.verify import signature

VERIFIER = "no-500-verifier"
CONFIG = Config(stage="test", jwt_secret="no-500-secret-no-500-secret-no-500-secret",
                dynamodb_endpoint="http://127.0.0.1:9", table_prefix="offline-", intuit_webhook_verifier=VERIFIER,
                public_base_url="http://127.0.0.1:8000")
DEEP = ("[" * 50_000 + "]" * 50_000).encode()
DEEP_OBJECT = b'{"a":' * 50_000 + b"1" + b"}" * 50_000


@pytest.fixture
def api() -> Iterator[Any]:
    from chalice.test import Client

    from app import app

    bootstrap.install(bootstrap.Container(CONFIG))
    try:
        with Client(app) as client:
            yield client
    finally:
        bootstrap.install(None)


def head(role: str, tenant_id: str | None = "t1") -> dict[str, str]:
    token = issue_token(CONFIG, sub="u", role=role, tenant_id=tenant_id if role in ("admin", "staff") else None,
                        now=int(time.time()), ttl=300)
    return {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}


def refused_as_json(reply: Any, status: int = 400) -> dict[str, Any]:
    assert reply.status_code == status, reply.body[:300]
    body = json.loads(reply.body)
    assert isinstance(body["error"], str) and isinstance(body["message"], str)
    return body


JSON_ROUTES = [
    ("put", "/v1/tenants/t1", "platform"),
    ("post", "/v1/tenants/t1/transactions", "platform"),
    ("put", "/v1/tenants/t1/quickbooks/settings", "admin"),
    ("post", "/v1/support/tenants/t1/eligibility-override", "support"),
]


@pytest.mark.parametrize("body", [DEEP, DEEP_OBJECT], ids=["array", "object"])
@pytest.mark.parametrize("method,path,role", JSON_ROUTES)
def test_deeply_nested_json_is_a_400_on_every_json_route(api: Any, method: str, path: str, role: str,
                                                         body: bytes) -> None:
    refused_as_json(getattr(api.http, method)(path, body=body, headers=head(role)))


@pytest.mark.parametrize("body", [DEEP, DEEP_OBJECT], ids=["array", "object"])
def test_deeply_nested_json_is_a_400_on_the_signed_webhook(api: Any, body: bytes) -> None:
    reply = api.http.post("/webhooks/intuit", body=body, headers={
        "Content-Type": "application/json", "intuit-signature": signature(body, VERIFIER)})
    refused_as_json(reply)


def _signed_webhook(api: Any, realm: str, last_updated: str) -> Any:
    body = json.dumps({"eventNotifications": [{"realmId": realm, "dataChangeEvent": {"entities": [
        {"name": "JournalEntry", "id": "1", "operation": "Update", "lastUpdated": last_updated}]}}]}).encode()
    return api.http.post("/webhooks/intuit", body=body, headers={
        "Content-Type": "application/json", "intuit-signature": signature(body, VERIFIER)})


@pytest.mark.parametrize("when", ["9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+01:00"])
def test_an_extreme_webhook_last_updated_is_a_400(api: Any, when: str) -> None:
    refused_as_json(_signed_webhook(api, "123", when))


def test_a_webhook_realm_id_too_long_for_a_key_is_ignored(api: Any) -> None:
    reply = _signed_webhook(api, "9" * 5000, "2025-03-01T00:00:00Z")
    assert reply.status_code == 200 and json.loads(reply.body)["ignored"] == 1


def test_a_callback_state_too_long_for_a_key_is_refused(api: Any) -> None:
    reply = api.http.get("/oauth/callback?state=" + "s" * 5000 + "&code=c&realmId=1",
                         headers={"Accept": "application/json"})
    assert refused_as_json(reply)["error"] == "invalid_state"


def test_a_task_id_too_long_for_a_key_is_refused(api: Any) -> None:
    refused_as_json(api.http.get("/v1/tenants/t1/quickbooks/tasks/" + "x" * 3000, headers=head("admin")))


def test_a_tenant_id_too_long_for_a_key_is_refused(api: Any) -> None:
    refused_as_json(api.http.get("/v1/tenants/" + "t" * 3000 + "/quickbooks/status", headers=head("platform")))


def _token(key: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode()


@pytest.mark.parametrize("token", [
    _token({"tenant_id": {"S": "another-studio"}, "task_id": {"S": "x"}}),
    _token({"tenant_id": {"N": "1"}, "task_id": {"S": "x"}}),
    _token({"tenant_id": {"S": "t1"}, "task_id": {"S": "x" * 5000}}),
    _token({"tenant_id": {"S": "t1"}}),
    _token({"tenant_id": {"S": "t1"}, "task_id": {"S": "x"}, "extra": {"S": "y"}}),
    _token([1, 2]),
    "not-base64!!", "A" * 10_000,
])
def test_a_crafted_tasks_next_token_is_refused(api: Any, token: str) -> None:
    refused_as_json(api.http.get(f"/v1/tenants/t1/quickbooks/tasks?next={token}", headers=head("admin")))
