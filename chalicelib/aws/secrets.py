"""The app's secrets, read from Secrets Manager at run time, so rotating one needs no deploy.

The deployed functions get secret *names* (`CLASSBOOKS_INTUIT_SECRET_NAME`,
`CLASSBOOKS_JWT_SECRET_NAME`), never values. `with_secrets(config)` returns the configuration
with the current values filled in. Powertools' parameters utility caches each value for
`MAX_AGE_SECONDS` per Lambda container, then reads it again: a value rotated in Secrets Manager
reaches every warm container within that time, and a cold one at once. When Secrets Manager
cannot be reached, a value read before is kept (logged), so a blip does not fail requests; with
nothing read yet, the error is raised.

Locally and in tests the same path runs against moto's Secrets Manager (the devstack creates the
secrets; `AWS_ENDPOINT_URL_SECRETSMANAGER` points at moto's server).
"""
from __future__ import annotations

import threading
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.parameters import SecretsProvider
from aws_lambda_powertools.utilities.parameters.exceptions import (
    GetParameterError,
    TransformParameterError,
)

from chalicelib.aws.clients import client
from chalicelib.config import Config

MAX_AGE_SECONDS = 300
INTUIT_FIELDS = {"client_id": "intuit_client_id", "client_secret": "intuit_client_secret",
                 "webhook_verifier": "intuit_webhook_verifier"}
# the worker's and the API's adapters that captured Intuit's credentials when they were built
INTUIT_DEPENDENTS = ("qbo_posters", "sync_run")

logger = Logger(service="classbooks", child=True)
_providers: dict[tuple[str, str | None], SecretsProvider] = {}
_lock = threading.Lock()


class SecretUnavailable(Exception):
    """A named secret could not be read, or has not the shape the app needs."""


def provider(config: Config) -> SecretsProvider:
    """One cached provider per region and endpoint (its cache is what makes reads cheap)."""
    key = (config.region, config.secretsmanager_endpoint)
    with _lock:
        if key not in _providers:
            _providers[key] = SecretsProvider(boto3_client=client(config, "secretsmanager"))
        return _providers[key]


def read_values(config: Config, *, force: bool = False) -> dict[str, str]:
    """The secret settings `config` names, as `Config` attribute → value (cached)."""
    source, values = provider(config), {}
    try:
        if config.intuit_secret_name:
            intuit: Any = source.get(config.intuit_secret_name, max_age=MAX_AGE_SECONDS, transform="json",
                                     force_fetch=force)
            if not isinstance(intuit, dict) or not all(isinstance(intuit.get(k), str) for k in INTUIT_FIELDS):
                raise SecretUnavailable(f"{config.intuit_secret_name} must be JSON with "
                                        f"{', '.join(INTUIT_FIELDS)} (strings)")
            values.update({attribute: intuit[key] for key, attribute in INTUIT_FIELDS.items()})
        if config.jwt_secret_name:
            jwt = source.get(config.jwt_secret_name, max_age=MAX_AGE_SECONDS, force_fetch=force)
            if not isinstance(jwt, str) or not jwt:
                raise SecretUnavailable(f"{config.jwt_secret_name} must be a non-empty string")
            values["jwt_secret"] = jwt
    except (GetParameterError, TransformParameterError) as exc:
        raise SecretUnavailable(f"a secret could not be read: {exc}") from None
    return values


def with_secrets(config: Config, *, force: bool = False) -> Config:
    """`config` with the current values of the secrets it names (the same object if unchanged)."""
    if not (config.intuit_secret_name or config.jwt_secret_name):
        return config
    try:
        values = read_values(config, force=force)
    except SecretUnavailable as exc:
        if _has_values(config):
            logger.warning("secrets not refreshed; keeping the values read before", extra={"error": str(exc)})
            return config
        raise
    if all(getattr(config, name) == value for name, value in values.items()):
        return config
    return config.with_overrides(**values)


def refresh(container: Any) -> None:
    """Give `container` the current secret values; after a rotation, rebuild what captured the old ones.

    Everything built per request reads `container.config` afresh; the sync's cached poster factory
    holds an OAuth client built with Intuit's credentials, so it is dropped (built again on use).
    """
    before = container.config
    after = with_secrets(before)
    if after is before:
        return
    container.config = after
    rotated = any(getattr(before, a) and getattr(before, a) != getattr(after, a) for a in INTUIT_FIELDS.values())
    if rotated:
        for name in INTUIT_DEPENDENTS:
            container.__dict__.pop(name, None)
        logger.info("secrets rotated; Intuit clients rebuilt")


def _has_values(config: Config) -> bool:
    needed = (list(INTUIT_FIELDS.values()) if config.intuit_secret_name else []) + (
        ["jwt_secret"] if config.jwt_secret_name else [])
    return all(getattr(config, name) for name in needed)
