"""Page fixtures: the app on a configuration alone.

The page's routes touch no table but one: the studio's time zone, read from its profile, which
`page_client` answers with `ZONE` instead.
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from chalicelib import bootstrap
from chalicelib.api.auth import issue_token
from chalicelib.config import Config

CONFIG = Config(stage="local", jwt_secret="page-test-secret-page-test-secret-000000",
                public_base_url="http://127.0.0.1:8000")
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
ZONE = "America/Chicago"


def jwt(role: str = "admin", tenant_id: str | None = "studio-1", ttl: int = 300, config: Config = CONFIG) -> str:
    return issue_token(config, sub=f"user-{role}", role=role, tenant_id=tenant_id, now=int(time.time()), ttl=ttl)


@pytest.fixture
def page_client(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    from chalice.test import Client

    from app import app

    monkeypatch.setattr("chalicelib.api.page.studio_zone", lambda tenant_id: ZONE)
    spent: set[str] = set()  # the sign-in's single-use jti, in memory (tests/integration/connect spends it in DynamoDB)

    def spend_once(models: Any, claims: Any, now: Any) -> None:
        from chalicelib.errors import Unauthenticated
        if claims["jti"] in spent:
            raise Unauthenticated("this sign-in token was already used", code="token_used")
        spent.add(claims["jti"])

    monkeypatch.setattr("chalicelib.api.page.spend_sign_in_token", spend_once)
    bootstrap.install(bootstrap.Container(CONFIG))
    try:
        with Client(app) as client:
            yield client
    finally:
        bootstrap.install(None)


def sign_in(client: Any, tenant_id: str = "studio-1", role: str = "admin", step: str = "") -> Any:
    body = f"token={jwt(role, tenant_id)}" + (f"&step={step}" if step else "")
    return client.http.post(f"/v1/tenants/{tenant_id}/quickbooks/page", body=body, headers=FORM)


def cookie_from(response: Any) -> str:
    """`name=value` of the session cookie a response set."""
    return response.headers["Set-Cookie"].split(";", 1)[0]
