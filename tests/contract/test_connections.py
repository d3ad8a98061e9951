"""One contract for the connection's OAuth states and realm claims: the fakes in
`tests/fakes/connect.py` and the DynamoDB adapters in `chalicelib/store/connections.py` agree."""
from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from chalicelib.services.ports import OAuthState
from chalicelib.store.connections import DynamoOAuthStates, DynamoRealmClaims
from chalicelib.store.models import build_models
from tests.fakes.connect import FakeOAuthStates, FakeRealmClaims

NOW = dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC)
STATE = OAuthState("s" * 43, "t1", "admin-1", NOW, NOW + dt.timedelta(minutes=10), "hash")


@pytest.fixture(params=["in_memory", "dynamodb_local"])
def ports(request: pytest.FixtureRequest) -> tuple[Any, Any]:
    if request.param == "in_memory":
        return FakeOAuthStates(), FakeRealmClaims()
    models = build_models(request.getfixturevalue("config"))
    return DynamoOAuthStates(models), DynamoRealmClaims(models)


def test_an_issued_state_reads_back_unused(ports: tuple[Any, Any]) -> None:
    states, _ = ports
    states.issue(STATE)
    assert states.get(STATE.state) == STATE and states.get("unknown") is None


def test_a_state_is_spent_once(ports: tuple[Any, Any]) -> None:
    states, _ = ports
    states.issue(STATE)
    assert states.spend(STATE.state, NOW) is True
    assert states.spend(STATE.state, NOW) is False
    spent = states.get(STATE.state)
    assert spent is not None and spent.used_at == NOW


def test_an_unknown_state_cannot_be_spent(ports: tuple[Any, Any]) -> None:
    states, _ = ports
    assert states.spend("unknown", NOW) is False


def test_a_company_is_claimed_by_one_studio_and_reclaimed_by_it(ports: tuple[Any, Any]) -> None:
    _, claims = ports
    assert claims.claim("111", "t1", NOW) is True
    assert claims.claim("111", "t1", NOW) is True
    assert claims.claim("111", "t2", NOW) is False
    assert claims.owner("111") == "t1" and claims.owner("222") is None


def test_only_the_holder_releases_a_claim(ports: tuple[Any, Any]) -> None:
    _, claims = ports
    claims.claim("111", "t1", NOW)
    claims.release("111", "t2")
    assert claims.owner("111") == "t1"
    claims.release("111", "t1")
    assert claims.owner("111") is None and claims.claim("111", "t2", NOW) is True
