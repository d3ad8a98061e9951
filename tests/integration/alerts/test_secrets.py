"""Secrets read at run time from Secrets Manager (moto's server over HTTP stands in for AWS)."""
from __future__ import annotations

import json
import time
import uuid

import pytest

from chalicelib import bootstrap
from chalicelib.api.auth import issue_token, principal_from_token
from chalicelib.aws import secrets
from chalicelib.config import Config
from devstack.resources import create_secrets, put_secret

INTUIT = {"client_id": "ABcd123", "client_secret": "s3cret-one", "webhook_verifier": "verifier-one"}
JWT_KEY = "platform-signing-key-platform-signing-key-0001"


@pytest.fixture
def named(config: Config) -> Config:
    """The configuration the deployed functions get: secret names, no values."""
    with_values = config.with_overrides(intuit_client_id=INTUIT["client_id"],
                                        intuit_client_secret=INTUIT["client_secret"],
                                        intuit_webhook_verifier=INTUIT["webhook_verifier"], jwt_secret=JWT_KEY)
    return create_secrets(with_values, f"s{uuid.uuid4().hex[:8]}")


def test_the_configuration_carries_names_and_no_values(named: Config) -> None:
    assert named.intuit_secret_name and named.jwt_secret_name
    assert (named.jwt_secret, named.intuit_client_secret, named.intuit_webhook_verifier) == ("", "", "")
    env = named.to_env()
    assert JWT_KEY not in json.dumps(env) and INTUIT["client_secret"] not in json.dumps(env)


def test_values_are_read_from_secrets_manager_by_name(named: Config) -> None:
    resolved = secrets.with_secrets(named)
    assert resolved.jwt_secret == JWT_KEY
    assert (resolved.intuit_client_id, resolved.intuit_client_secret, resolved.intuit_webhook_verifier) == (
        INTUIT["client_id"], INTUIT["client_secret"], INTUIT["webhook_verifier"])


def test_a_rotated_value_is_used_once_the_cache_has_aged(named: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(secrets, "MAX_AGE_SECONDS", 1)  # 300 s deployed
    assert secrets.with_secrets(named).jwt_secret == JWT_KEY
    put_secret(named, named.jwt_secret_name, "rotated-key-rotated-key-rotated-key-0002")
    assert secrets.with_secrets(named).jwt_secret == JWT_KEY  # cached: no Secrets Manager call per request
    time.sleep(1.2)
    assert secrets.with_secrets(named).jwt_secret == "rotated-key-rotated-key-rotated-key-0002"


def test_the_container_verifies_tokens_with_the_key_from_secrets_manager(named: Config) -> None:
    bootstrap.install(bootstrap.Container(named))
    try:
        config = bootstrap.container().config
    finally:
        bootstrap.install(None)
    token = issue_token(config.with_overrides(jwt_secret=JWT_KEY), sub="p", role="platform", tenant_id=None,
                        now=int(time.time()))
    assert principal_from_token(token, config).role == "platform"


def test_after_a_rotation_the_container_rebuilds_what_held_intuits_credentials(
        named: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(secrets, "MAX_AGE_SECONDS", 1)
    built = bootstrap.Container(named)
    secrets.refresh(built)
    built.__dict__["qbo_posters"] = object()  # as if the worker had built its poster factory
    put_secret(named, named.intuit_secret_name, json.dumps({**INTUIT, "client_secret": "s3cret-two"}))
    time.sleep(1.2)
    secrets.refresh(built)
    assert built.config.intuit_client_secret == "s3cret-two"
    assert "qbo_posters" not in built.__dict__


def test_a_malformed_intuit_secret_is_refused_plainly(named: Config) -> None:
    put_secret(named, named.intuit_secret_name, json.dumps({"client_id": "x"}))
    with pytest.raises(secrets.SecretUnavailable, match="client_secret"):
        secrets.read_values(named, force=True)


def test_values_read_before_are_kept_while_secrets_manager_is_unreachable(named: Config) -> None:
    resolved = secrets.with_secrets(named)
    unreachable = resolved.with_overrides(secretsmanager_endpoint="http://127.0.0.1:9")
    assert secrets.with_secrets(unreachable, force=True).jwt_secret == JWT_KEY


def test_with_nothing_read_yet_an_unreachable_secrets_manager_is_an_error(named: Config) -> None:
    unreachable = named.with_overrides(secretsmanager_endpoint="http://127.0.0.1:9")
    with pytest.raises(secrets.SecretUnavailable):
        secrets.with_secrets(unreachable, force=True)
