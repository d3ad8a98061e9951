"""Support is read-only: only the `support` role reads the support API, and a support token is
refused on every write of the studio and platform APIs.

`STUDIO_WRITES`, `FORM_WRITES` and `SIGNED_WRITES` list the write routes by hand (with the body
each expects); the last test checks them against the app's route table, so a new write route
cannot go unlisted: add it to the list that matches how it authorises. The one write
support may do, the eligibility override, is `SUPPORT_WRITES`.
"""
from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest

from app import app
from chalicelib import bootstrap
from chalicelib.config import DEV_JWT_SECRET, Config
from tests.integration.support.conftest import headers, token

TENANT = "lakeside-swim"
JSON = json.dumps({"schedule": "manual"})
STUDIO_WRITES = [
    ("POST", "/v1/tenants/{tenant_id}/quickbooks/sync", JSON),
    ("PUT", "/v1/tenants/{tenant_id}/quickbooks/settings", JSON),
    ("POST", "/v1/tenants/{tenant_id}/quickbooks/reset", JSON),
    ("POST", "/v1/tenants/{tenant_id}/quickbooks/undo", JSON),
    ("POST", "/v1/tenants/{tenant_id}/quickbooks/tasks/{task_id}/correction",
     json.dumps({"offset_account": "Reconciliation Discrepancies"})),
    ("DELETE", "/v1/tenants/{tenant_id}/quickbooks/connection", None),
    ("POST", "/v1/tenants/{tenant_id}/transactions", json.dumps({"transactions": []})),
    ("PUT", "/v1/tenants/{tenant_id}", JSON),
    ("GET", "/v1/tenants/{tenant_id}/quickbooks/connect", None),  # starts an OAuth grant: a write
    ("PUT", "/v1/tenants/{tenant_id}/quickbooks/mapping", json.dumps({})),
    ("PUT", "/v1/tenants/{tenant_id}/quickbooks/payouts/settings", json.dumps({})),
    ("POST", "/v1/tenants/{tenant_id}/payouts", json.dumps({"payouts": []})),
]
FORM_WRITES = [  # the hosted page's sign-in: a form carrying the platform's JWT
    ("POST", "/v1/tenants/{tenant_id}/quickbooks/page"),
    ("POST", "/v1/quickbooks/page"),
]
SIGNED_WRITES = [("POST", "/webhooks/intuit")]  # Intuit's HMAC signature, not a JWT, authorises these
SUPPORT_WRITES = [("POST", "/v1/support/tenants/{tenant_id}/eligibility-override")]
SUPPORT_ROUTES = ["/v1/support/tenants", "/v1/support/tenants/{tenant_id}", "/v1/support/tenants/{tenant_id}/audit"]


@pytest.fixture
def container():
    """No tables: every refusal here must come before the request touches DynamoDB (the endpoint
    is a closed port, so a route that reads before it authorises fails these tests)."""
    built = bootstrap.Container(Config(stage="test", jwt_secret=DEV_JWT_SECRET,
                                       dynamodb_endpoint="http://127.0.0.1:9", table_prefix="offline-"))
    bootstrap.install(built)
    yield built
    bootstrap.install(None)


def _send(api, method, path, body, head):
    call = getattr(api.http, method.lower())
    return call(path.format(tenant_id=TENANT, task_id="task-1"), headers=head, **({"body": body} if body is not None else {}))


@pytest.mark.parametrize("method,path,body", STUDIO_WRITES)
def test_a_support_token_cannot_write_to_the_studio_api(api, container, method, path, body):
    reply = _send(api, method, path, body, headers(container))
    assert reply.status_code in (403, 405), reply.body


@pytest.mark.parametrize("method,path", FORM_WRITES)
def test_a_support_token_cannot_sign_in_to_the_hosted_page(api, container, method, path):
    form = urlencode({"token": token(container), "step": ""})
    reply = _send(api, method, path, form, {"Content-Type": "application/x-www-form-urlencoded"})
    assert reply.status_code == 403 and "Set-Cookie" not in reply.headers


@pytest.mark.parametrize("method,path", SIGNED_WRITES)
def test_a_support_token_is_no_signature_for_intuits_webhooks(api, container, method, path):
    assert _send(api, method, path, "{}", headers(container)).status_code == 401


@pytest.mark.parametrize("path", SUPPORT_ROUTES)
@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_the_support_api_takes_no_writes(api, container, method, path):
    assert _send(api, method, path, "{}", headers(container)).status_code == 405


@pytest.mark.parametrize("path", SUPPORT_ROUTES)
@pytest.mark.parametrize("role", ["admin", "staff", "platform"])
def test_only_the_support_role_reads_the_support_api(api, container, role, path):
    reply = _send(api, "GET", path, None, headers(container, role, tenant_id=TENANT))
    assert reply.status_code == 403


@pytest.mark.parametrize("path", SUPPORT_ROUTES)
def test_the_support_api_needs_a_token(api, container, path):
    assert _send(api, "GET", path, None, {}).status_code == 401


def test_every_write_route_of_the_app_is_on_one_of_the_lists():
    writes = {(m, p) for p, methods in app.routes.items() for m in methods if m != "GET"}
    listed = {(m, p) for m, p, _ in STUDIO_WRITES} | set(FORM_WRITES) | set(SIGNED_WRITES) | set(SUPPORT_WRITES)
    assert writes - listed == set(), "a new write route: add it to STUDIO_WRITES (support must get 403)"
