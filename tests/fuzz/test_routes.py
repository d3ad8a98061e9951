"""The standing fuzz suite (issue #16): every route, every role, hostile input; never a 5xx.

The routes come from the API's own Swagger document (chalice's `SwaggerGenerator` over the
Chalice app), so a new route is fuzzed the day it is added. For each (path, method) hypothesis
draws a bounded number of requests: a role (none, admin, staff, platform, support, another
studio's admin, an expired or ten-year token), hostile path values, query values from the names
the route reads, and a body (near-valid for the route, random JSON, deep nesting, huge numbers,
garbage bytes; signed with the webhook verifier half of the time). Every answer must be:

- below 500;
- on a 4xx, a JSON error body `{"error", "message", ...}`, or an HTML page for a browser
  (which carries the Content-Security-Policy and frame denial);
- on a refusal (any 4xx), nothing stored: every table reads the same before and after.

`FUZZ_EXAMPLES` (default 12) bounds the cases per route; the whole suite runs in well under a
minute on the local stack.
"""
from __future__ import annotations

import base64
import json
import os
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, urlencode

import boto3
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chalicelib import bootstrap
from chalicelib.api.auth import issue_token
from chalicelib.config import DEV_JWT_SECRET, TABLE_KEYS, Config
from chalicelib.webhooks.verify import signature

TENANT = "fuzz-studio"
OTHER = "fuzz-other"
VERIFIER = "fuzz-webhook-verifier"
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))
PROFILE = {"name": "Fuzz Studio", "timezone": "America/Chicago", "created_at": "2024-06-01T15:00:00Z",
           "locations": [{"id": "L1", "name": "Main"}]}


def swagger_routes() -> list[tuple[str, str]]:
    """(path, method) of every route, from the Swagger document chalice would deploy."""
    from chalice.deploy.swagger import SwaggerGenerator

    from app import app

    document = SwaggerGenerator("us-east-1", {"api_handler_arn": "arn:aws:lambda:us-east-1:0:function:fuzz"}
                                ).generate_swagger(app)
    return sorted((path, method.upper()) for path, methods in document["paths"].items()
                  for method in methods if method != "options")


ROUTES = swagger_routes()

# The query names each route reads (the Swagger document does not list query strings).
QUERY_NAMES = {
    "/oauth/callback": ["state", "code", "realmId", "error"],
    "/quickbooks/disconnected": ["realmId"],
    "/v1/support/tenants": ["status", "plan", "timezone", "limit", "next"],
    "/v1/support/tenants/{tenant_id}/audit": ["limit", "next"],
    "/v1/tenants/{tenant_id}/quickbooks/tasks": ["limit", "next"],
    "/v1/tenants/{tenant_id}/reports/unapplied-credits": ["as_of", "format"],
    "/v1/tenants/{tenant_id}/quickbooks/page": ["step", "error"],
    "/v1/quickbooks/page": ["step"],
}
HTML_ROUTES = {"/oauth/callback", "/quickbooks/disconnected", "/quickbooks/launch", "/quickbooks/reconnect",
               "/v1/tenants/{tenant_id}/quickbooks/page", "/v1/quickbooks/page", "/page/static/{name}"}

HOSTILE_TEXT = st.sampled_from([
    "", "a", "x" * 3000, "é" * 700, "\x00", "a\nb", "\u202eevil", "P#2", "%23", "id#x", "1e308", "9" * 40,
    "-1", "0", "0001-01-01", "9999-12-31", "2025-03-01", "localtime", "posix/UTC", "../../etc/passwd",
    '=HYPERLINK("http://x")', "null", "[]", "{}", TENANT, OTHER, "123145",
    base64.urlsafe_b64encode(b'{"tenant_id": {"S": "fuzz-other"}, "task_id": {"S": "x"}}').decode(),
    base64.urlsafe_b64encode(b'{"tenant_id": {"N": "1"}}').decode(), base64.urlsafe_b64encode(b"[1]").decode(),
    # support's index tokens: another partition, a status no index holds, a tenant id no sort key can be
    base64.urlsafe_b64encode(b'{"connection_status": "needs_reauth", "tenant_id": "fuzz-other"}').decode(),
    base64.urlsafe_b64encode(b'{"connection_status": "sleepy", "tenant_id": "a"}').decode(),
    base64.urlsafe_b64encode(('{"connection_status": "connected", "tenant_id": "' + "é" * 600 + '"}').encode()).decode(),
]) | st.text(max_size=40)
PATH_VALUE = st.sampled_from([TENANT, TENANT, OTHER, "page.css", "main.js"]) | HOSTILE_TEXT.filter(
    lambda s: s and "/" not in s and "?" not in s and "#" not in s)

JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | HOSTILE_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(HOSTILE_TEXT, inner, max_size=4), max_leaves=12)


def _txn(**override: Any) -> dict[str, Any]:
    base = {"id": "C1", "type": "charge", "date": "2025-03-01", "amount": "10.00", "family_id": "f1",
            "location_id": "L1", "revenue_category": "tuition"}
    return {**base, **override}


def near_valid(path: str) -> st.SearchStrategy[Any]:
    """A body the route would take, with one field made hostile."""
    field_value = st.tuples(HOSTILE_TEXT, JSON_VALUE)
    if path.endswith("/transactions"):
        return st.builds(lambda k, v: {"transactions": [_txn(**{k: v})]},
                         st.sampled_from(["id", "date", "amount", "family_id", "location_id", "type", "voids",
                                          "refunds", "payment_type"]), JSON_VALUE)
    if path == "/v1/tenants/{tenant_id}":
        return st.builds(lambda k, v: {**PROFILE, k: v},
                         st.sampled_from(["timezone", "created_at", "last_import_at", "name", "locations"]),
                         JSON_VALUE)
    if path.endswith("/settings"):
        return st.builds(lambda g, s: {"go_live_date": g, "schedule": s}, HOSTILE_TEXT, HOSTILE_TEXT)
    if path.endswith("/eligibility-override"):
        return st.builds(lambda r: {"reason": r}, JSON_VALUE)
    if path == "/webhooks/intuit":
        return st.builds(lambda realm, when, ident: {"eventNotifications": [{"realmId": realm, "dataChangeEvent": {
            "entities": [{"name": "JournalEntry", "id": ident, "operation": "Update", "lastUpdated": when}]}}]},
            HOSTILE_TEXT, st.sampled_from(["9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+01:00",
                                           "2025-03-01T00:00:00Z"]) | HOSTILE_TEXT, HOSTILE_TEXT)
    return field_value.map(lambda kv: {kv[0]: kv[1]})


def bodies(path: str) -> st.SearchStrategy[bytes]:
    deep = st.integers(min_value=2000, max_value=20000).map(lambda n: ("[" * n + "]" * n).encode())
    return st.one_of(
        near_valid(path).map(lambda b: json.dumps(b).encode()),
        JSON_VALUE.map(lambda b: json.dumps(b).encode()),
        deep,
        st.just(b'{"transactions": [' + b'{"a":' * 3000 + b"1" + b"}" * 3000 + b"]}"),
        st.binary(max_size=64),
        st.builds(lambda t: f"token={quote(t)}&step=connect".encode(), HOSTILE_TEXT),
    )


ROLES = ["none", "admin", "staff", "platform", "support", "other-admin", "expired", "ten-years"]


def auth_headers(config: Config, role: str) -> dict[str, str]:
    now = int(time.time())
    if role == "none":
        return {}
    kinds = {"other-admin": ("admin", OTHER, 300), "expired": ("platform", None, -60),
             "ten-years": ("platform", None, 10 * 365 * 86400)}
    actual, tenant, ttl = kinds.get(role, (role, TENANT if role in ("admin", "staff") else None, 300))
    token = issue_token(config, sub=f"fuzz-{role}", role=actual, tenant_id=tenant, now=now, ttl=ttl)
    return {"Authorization": f"Bearer {token}"}


class Tables:
    """Every item of every table, hashed: what "nothing stored" compares."""

    def __init__(self, config: Config) -> None:
        self.client = boto3.client("dynamodb", endpoint_url=config.dynamodb_endpoint, region_name=config.region)
        self.names = [config.table_name(k) for k in TABLE_KEYS]

    def fingerprint(self) -> frozenset[str]:
        items = set()
        for name in self.names:
            for page in self.client.get_paginator("scan").paginate(TableName=name, ConsistentRead=True):
                items |= {name + json.dumps(i, sort_keys=True) for i in page["Items"]}
        return frozenset(items)


def _difference(before: frozenset[str], after: frozenset[str]) -> str:
    return f"added {sorted(after - before)[:3]}, removed {sorted(before - after)[:3]}"


@pytest.fixture(scope="module")
def world(local_stack: Any, qbo_sandbox_server: str) -> Iterator[dict[str, Any]]:
    """One provisioned stack for the module: a studio with a profile and a few transactions."""
    from chalice.test import Client

    from app import app

    config = local_stack.provision().with_overrides(
        jwt_secret=DEV_JWT_SECRET, intuit_webhook_verifier=VERIFIER, intuit_client_id="fuzz", intuit_client_secret="x",
        intuit_discovery_url=f"{qbo_sandbox_server}/.well-known/openid_configuration",
        intuit_redirect_uri="http://127.0.0.1:8000/oauth/callback", public_base_url="http://127.0.0.1:8000")
    bootstrap.install(bootstrap.Container(config))
    with Client(app) as client:
        platform = {**auth_headers(config, "platform"), "Content-Type": "application/json"}
        assert client.http.put(f"/v1/tenants/{TENANT}", body=json.dumps(PROFILE), headers=platform).status_code == 201
        payment = {"id": "P1", "type": "payment", "date": "2025-03-02", "amount": "5.00", "family_id": "f1",
                   "location_id": "L1", "payment_type": "cash"}
        seeded = client.http.post(f"/v1/tenants/{TENANT}/transactions", headers=platform,
                                  body=json.dumps({"transactions": [_txn(), payment]}))
        assert seeded.status_code == 200, seeded.body
        yield {"client": client, "config": config, "tables": Tables(config)}
    bootstrap.install(None)


@st.composite
def requests_for(draw: Any, path: str, method: str) -> dict[str, Any]:
    values = {name: draw(PATH_VALUE) for name in ("tenant_id", "task_id", "name") if "{" + name + "}" in path}
    url = path.format(**{k: quote(v, safe="") for k, v in values.items()})
    names = QUERY_NAMES.get(path, [])
    query = {n: draw(HOSTILE_TEXT) for n in names if draw(st.booleans())}
    if query:
        url += "?" + urlencode(query)
    role = draw(st.sampled_from(ROLES))
    body = draw(bodies(path)) if method in ("POST", "PUT", "DELETE") else None
    content_type = draw(st.sampled_from(["application/json", "application/x-www-form-urlencoded", "text/plain"]))
    signed = path == "/webhooks/intuit" and draw(st.booleans())
    return {"url": url, "role": role, "body": body, "content_type": content_type, "signed": signed,
            "accept": draw(st.sampled_from(["application/json", "text/html,*/*"]))}


def _send(world: dict[str, Any], method: str, case: dict[str, Any]) -> Any:
    headers = {**auth_headers(world["config"], case["role"]), "Accept": case["accept"]}
    if case["body"] is not None:
        headers["Content-Type"] = case["content_type"]
    if case["signed"]:
        headers["intuit-signature"] = signature(case["body"] or b"", VERIFIER)
    call = getattr(world["client"].http, method.lower())
    return call(case["url"], headers=headers, **({"body": case["body"]} if case["body"] is not None else {}))


def _header(reply: Any, name: str) -> str:
    return next((v for k, v in reply.headers.items() if k.lower() == name.lower()), "")


def check_answer(path: str, reply: Any) -> None:
    assert reply.status_code < 500, reply.body[:500]
    content_type = _header(reply, "content-type")
    if content_type.startswith("text/html"):
        assert path in HTML_ROUTES, f"{path} answered HTML"
        assert "frame-ancestors 'none'" in _header(reply, "content-security-policy")
        return
    assert _header(reply, "x-content-type-options") == "nosniff"
    if 400 <= reply.status_code < 500:
        body = json.loads(reply.body)
        assert isinstance(body, dict) and isinstance(body.get("error"), str) and isinstance(body.get("message"), str)


@pytest.mark.parametrize("path,method", ROUTES, ids=[f"{m} {p}" for p, m in ROUTES])
def test_every_route_answers_hostile_input_without_a_5xx_and_stores_nothing_when_it_refuses(
        world: dict[str, Any], path: str, method: str) -> None:
    state = {"before": world["tables"].fingerprint()}

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                     HealthCheck.function_scoped_fixture])
    @given(case=requests_for(path, method))
    def run(case: dict[str, Any]) -> None:
        reply = _send(world, method, case)
        check_answer(path, reply)
        before, after = state["before"], world["tables"].fingerprint()
        state["before"] = after  # the next case compares with what this one left, pass or fail
        if 400 <= reply.status_code < 500:
            assert after == before, (f"{method} {case['url'][:120]} answered {reply.status_code} but stored: "
                                     + _difference(before, after)[:1500])

    run()
