"""Ledger fixtures: tokens per role, a tenant with a profile, and a JSON helper for the API."""
from __future__ import annotations

import json
import time
from typing import Any

import pytest

from chalicelib.api.auth import issue_token
from chalicelib.config import DEV_JWT_SECRET, Config
from devstack.stack import LocalStack

TENANT = "tumble-town"
PROFILE = {
    "name": "Tumble Town",
    "timezone": "America/Chicago",
    "created_at": "2024-06-01T15:00:00Z",
    "onboarding": False,
    "last_import_at": None,
    "locations": [{"id": "L1", "name": "Main St"}, {"id": "L2", "name": "Westside"}],
}


def auth(config: Config, role: str, tenant_id: str | None = None) -> dict[str, str]:
    token = issue_token(config, sub=f"test-{role}", role=role, tenant_id=tenant_id, now=int(time.time()))
    return {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}


class Api:
    """`chalice.test.Client` with JSON bodies and a platform token by default."""

    def __init__(self, client: Any, config: Config) -> None:
        self.client, self.config = client, config

    def call(self, method: str, path: str, body: Any = None, role: str = "platform",
             tenant_id: str | None = None, headers: dict[str, str] | None = None) -> Any:
        all_headers = {**auth(self.config, role, tenant_id), **(headers or {})}
        data = body if isinstance(body, str) or body is None else json.dumps(body)
        return getattr(self.client.http, method.lower())(path, body=data, headers=all_headers)

    def put_profile(self, tenant_id: str = TENANT, profile: Any = None) -> Any:
        return self.call("PUT", f"/v1/tenants/{tenant_id}", PROFILE if profile is None else profile)

    def post(self, transactions: list[dict[str, Any]], tenant_id: str = TENANT) -> Any:
        return self.call("POST", f"/v1/tenants/{tenant_id}/transactions", {"transactions": transactions})


@pytest.fixture
def config(local_stack: LocalStack) -> Config:
    """This test's own resources, with the local token key so the tests can sign JWTs."""
    return local_stack.provision().with_overrides(jwt_secret=DEV_JWT_SECRET)


@pytest.fixture
def ledger_api(api: Any, config: Config) -> Api:
    return Api(api, config)


@pytest.fixture
def tenant(ledger_api: Api) -> str:
    assert ledger_api.put_profile().status_code == 201
    return TENANT


def charge(id: str, amount: str = "100.00", date: str = "2025-03-01", family: str = "f1", **extra: Any) -> dict[str, Any]:
    return {"id": id, "type": "charge", "date": date, "amount": amount, "family_id": family,
            "location_id": "L1", "revenue_category": "tuition", **extra}


def payment(id: str, amount: str = "50.00", date: str = "2025-03-02", family: str = "f1",
            payment_type: str = "credit_card", **extra: Any) -> dict[str, Any]:
    return {"id": id, "type": "payment", "date": date, "amount": amount, "family_id": family,
            "location_id": "L1", "payment_type": payment_type, "processor": "platform", **extra}


def credit(id: str, amount: str = "10.00", date: str = "2025-03-03", family: str = "f1", **extra: Any) -> dict[str, Any]:
    return {"id": id, "type": "credit", "date": date, "amount": amount, "family_id": family,
            "location_id": "L1", "credit_type": "house", **extra}


def refund(id: str, of: str, amount: str = "20.00", date: str = "2025-03-04", family: str = "f1",
           payment_type: str = "credit_card", **extra: Any) -> dict[str, Any]:
    return {"id": id, "type": "refund", "date": date, "amount": amount, "family_id": family,
            "location_id": "L1", "payment_type": payment_type, "refunds": of, **extra}


def void(id: str, of: dict[str, Any], date: str = "2025-03-05", **extra: Any) -> dict[str, Any]:
    return {"id": id, "type": "void", "date": date, "amount": of["amount"], "family_id": of["family_id"],
            "location_id": of["location_id"], "voids": of["id"], **extra}
