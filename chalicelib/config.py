"""Every setting the deployed code needs, read from the environment in one place.

Nothing else in `chalicelib/` reads `os.environ`: adapters are handed a `Config`. Production
defaults point at AWS and Intuit; `CLASSBOOKS_STAGE=local` switches the defaults to the
devstack's loopback endpoints, which the devstack overrides with the ports it actually bound.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

INTUIT_DISCOVERY_PRODUCTION = (
    "https://developer.api.intuit.com/.well-known/openid_configuration"
)
QBO_API_PRODUCTION = "https://quickbooks.api.intuit.com/v3/company/"
QBO_MINOR_VERSION = 75

TABLE_KEYS = (
    "tenants",
    "realm_claims",
    "tokens",
    "ledger",
    "runs",
    "postings",
    "oauth_states",
    "audit",
)

DEV_JWT_SECRET = "classbooks-local-development-only-secret-0123456789"


@dataclass(frozen=True)
class Config:
    """Endpoints, names and secrets for one deployment (or one devstack, or one test)."""

    stage: str = "production"
    region: str = "us-east-1"
    dynamodb_endpoint: str | None = None
    sqs_endpoint: str | None = None
    kms_endpoint: str | None = None
    scheduler_endpoint: str | None = None
    secretsmanager_endpoint: str | None = None
    events_endpoint: str | None = None
    table_prefix: str = "classbooks-"
    sync_queue_url: str = ""
    sync_dlq_arn: str = ""
    sync_dlq_url: str = ""
    sync_queue_arn: str = ""
    scheduler_role_arn: str = ""
    scheduler_group: str = "classbooks"
    token_key_id: str = "alias/classbooks-tokens"
    jwt_secret: str = ""
    jwt_issuer: str = "platform"
    intuit_client_id: str = ""
    intuit_client_secret: str = field(default="", repr=False)
    intuit_redirect_uri: str = ""
    intuit_discovery_url: str = INTUIT_DISCOVERY_PRODUCTION
    intuit_webhook_verifier: str = field(default="", repr=False)
    qbo_api_base: str = QBO_API_PRODUCTION
    qbo_minor_version: int = QBO_MINOR_VERSION
    public_base_url: str = ""
    brand: str = "Classbooks"
    # Run-time secrets (chalicelib/aws/secrets.py): when a name is set, the values above are read
    # from Secrets Manager by that name (cached, re-read after a few minutes) instead of the env.
    intuit_secret_name: str = ""  # JSON: client_id, client_secret, webhook_verifier
    jwt_secret_name: str = ""  # the HS256 key as plain text
    # Alerts to the platform (chalicelib/alerts/): the EventBridge bus they are put on
    alert_bus_name: str = ""
    platform_origins: str = ""  # comma-separated origins whose pages may open the hosted page (POST)

    def table_name(self, key: str) -> str:
        """The physical DynamoDB table name for a logical table."""
        if key not in TABLE_KEYS:
            raise KeyError(f"unknown table {key!r}")
        return f"{self.table_prefix}{key}"

    def with_overrides(self, **changes: object) -> Config:
        return replace(self, **changes)  # type: ignore[arg-type]

    def to_env(self) -> dict[str, str]:
        """The environment that makes `from_env` rebuild this configuration (for child processes)."""
        env = {"CLASSBOOKS_STAGE": self.stage, "AWS_REGION": self.region}
        for attribute, name in ENV_NAMES.items():
            value = getattr(self, attribute)
            if value is not None:
                env[name] = str(value)
        return env

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Config:
        env = os.environ if environ is None else environ
        stage = env.get("CLASSBOOKS_STAGE", "production")
        defaults = LOCAL_DEFAULTS if stage == "local" else PRODUCTION_DEFAULTS
        values: dict[str, object] = {
            "stage": stage,
            "region": env.get("AWS_REGION", env.get("AWS_DEFAULT_REGION", "us-east-1")),
        }
        for attribute, name in ENV_NAMES.items():
            raw = env.get(name) or defaults.get(attribute)
            if raw is None:
                continue
            values[attribute] = int(raw) if attribute == "qbo_minor_version" else raw
        return cls(**values)  # type: ignore[arg-type]


ENV_NAMES: dict[str, str] = {
    "dynamodb_endpoint": "AWS_ENDPOINT_URL_DYNAMODB",
    "sqs_endpoint": "AWS_ENDPOINT_URL_SQS",
    "kms_endpoint": "AWS_ENDPOINT_URL_KMS",
    "scheduler_endpoint": "AWS_ENDPOINT_URL_SCHEDULER",
    "secretsmanager_endpoint": "AWS_ENDPOINT_URL_SECRETSMANAGER",
    "events_endpoint": "AWS_ENDPOINT_URL_EVENTS",
    "table_prefix": "CLASSBOOKS_TABLE_PREFIX",
    "sync_queue_url": "CLASSBOOKS_SYNC_QUEUE_URL",
    "sync_queue_arn": "CLASSBOOKS_SYNC_QUEUE_ARN",
    "sync_dlq_arn": "CLASSBOOKS_SYNC_DLQ_ARN",
    "sync_dlq_url": "CLASSBOOKS_SYNC_DLQ_URL",
    "scheduler_role_arn": "CLASSBOOKS_SCHEDULER_ROLE_ARN",
    "scheduler_group": "CLASSBOOKS_SCHEDULER_GROUP",
    "token_key_id": "CLASSBOOKS_TOKEN_KEY_ID",
    "jwt_secret": "CLASSBOOKS_JWT_SECRET",
    "jwt_issuer": "CLASSBOOKS_JWT_ISSUER",
    "intuit_client_id": "INTUIT_CLIENT_ID",
    "intuit_client_secret": "INTUIT_CLIENT_SECRET",
    "intuit_redirect_uri": "INTUIT_REDIRECT_URI",
    "intuit_discovery_url": "INTUIT_DISCOVERY_URL",
    "intuit_webhook_verifier": "INTUIT_WEBHOOK_VERIFIER",
    "qbo_api_base": "QBO_API_BASE",
    "qbo_minor_version": "QBO_MINOR_VERSION",
    "public_base_url": "CLASSBOOKS_PUBLIC_BASE_URL",
    "brand": "CLASSBOOKS_BRAND",
    "intuit_secret_name": "CLASSBOOKS_INTUIT_SECRET_NAME",
    "jwt_secret_name": "CLASSBOOKS_JWT_SECRET_NAME",
    "alert_bus_name": "CLASSBOOKS_ALERT_BUS_NAME",
    "platform_origins": "CLASSBOOKS_PLATFORM_ORIGINS",
}

# Settings that are secret values: in AWS they come from Secrets Manager at run time (by the
# names above), never from the environment (tests/integration/infra checks the template).
SECRET_VALUE_ATTRIBUTES = ("jwt_secret", "intuit_client_id", "intuit_client_secret", "intuit_webhook_verifier")

PRODUCTION_DEFAULTS: dict[str, str] = {}

LOCAL_DEFAULTS: dict[str, str] = {
    "dynamodb_endpoint": "http://127.0.0.1:8100",
    "sqs_endpoint": "http://127.0.0.1:8101",
    "kms_endpoint": "http://127.0.0.1:8101",
    "scheduler_endpoint": "http://127.0.0.1:8101",
    "secretsmanager_endpoint": "http://127.0.0.1:8101",
    "events_endpoint": "http://127.0.0.1:8101",
    "jwt_secret": DEV_JWT_SECRET,
    "intuit_discovery_url": "http://127.0.0.1:8102/.well-known/openid_configuration",
    "qbo_api_base": "http://127.0.0.1:8102/v3/company/",
    "public_base_url": "http://127.0.0.1:8000",
}
