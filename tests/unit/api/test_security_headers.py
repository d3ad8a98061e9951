"""Issue #16 item 11: nosniff on the JSON API; CSP and frame denial on every HTML answer."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from chalicelib import bootstrap
from chalicelib.api.headers import secure
from chalicelib.config import Config

CONFIG = Config(stage="test", jwt_secret="headers-test-secret-headers-test-secret-0",
                dynamodb_endpoint="http://127.0.0.1:9", table_prefix="offline-")


@pytest.fixture
def client() -> Iterator[Any]:
    from chalice.test import Client

    from app import app

    bootstrap.install(bootstrap.Container(CONFIG))
    try:
        with Client(app) as c:
            yield c
    finally:
        bootstrap.install(None)


def test_a_json_refusal_says_nosniff(client: Any) -> None:
    reply = client.http.get("/v1/tenants/t1/quickbooks/status")
    assert reply.status_code == 401
    assert reply.headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" not in reply.headers


def test_the_disconnect_landing_is_framed_by_no_one(client: Any) -> None:
    reply = client.http.get("/quickbooks/disconnected?realmId=not-a-realm")
    assert reply.status_code == 200
    assert "frame-ancestors 'none'" in reply.headers["Content-Security-Policy"]
    assert reply.headers["X-Frame-Options"] == "DENY"
    assert reply.headers["X-Content-Type-Options"] == "nosniff"


def test_an_html_answer_keeps_its_own_headers() -> None:
    headers = secure({"Content-Type": "text/html; charset=utf-8", "Referrer-Policy": "same-origin"})
    assert headers["Referrer-Policy"] == "same-origin" and headers["X-Frame-Options"] == "DENY"
