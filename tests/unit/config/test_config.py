"""Configuration comes from the environment, with production or local defaults."""
from __future__ import annotations

from chalicelib.config import INTUIT_DISCOVERY_PRODUCTION, QBO_API_PRODUCTION, Config


def test_production_defaults_point_at_aws_and_intuit() -> None:
    config = Config.from_env({})
    assert config.dynamodb_endpoint is None and config.sqs_endpoint is None
    assert config.intuit_discovery_url == INTUIT_DISCOVERY_PRODUCTION
    assert config.qbo_api_base == QBO_API_PRODUCTION


def test_local_stage_defaults_point_at_the_devstack() -> None:
    config = Config.from_env({"CLASSBOOKS_STAGE": "local"})
    assert config.dynamodb_endpoint.startswith("http://127.0.0.1:")
    assert config.qbo_api_base.startswith("http://127.0.0.1:")
    assert config.jwt_secret


def test_environment_overrides_every_default() -> None:
    config = Config.from_env({"CLASSBOOKS_STAGE": "local", "AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:9"})
    assert config.dynamodb_endpoint == "http://127.0.0.1:9"


def test_to_env_round_trips() -> None:
    config = Config.from_env({"CLASSBOOKS_STAGE": "local"}).with_overrides(
        table_prefix="x-", sync_queue_url="http://q", intuit_client_secret="s"
    )
    assert Config.from_env(config.to_env()) == config


def test_table_names_carry_the_prefix() -> None:
    assert Config(table_prefix="t1-").table_name("ledger") == "t1-ledger"
