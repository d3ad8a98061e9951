"""The whole local stack: DynamoDB Local, moto's server (SQS, Scheduler, KMS), QBO sandbox.

Used by the pytest fixtures (one stack per test session, resources per test) and by `make run`.
"""
from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field

from chalicelib.config import Config
from devstack import processes
from devstack.resources import create_token_key, provision

LOCAL_AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "local",
    "AWS_SECRET_ACCESS_KEY": "local",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
}


def use_local_credentials() -> None:
    """Dummy credentials: boto3 must sign requests, and nothing here may reach real AWS."""
    for name, value in LOCAL_AWS_ENV.items():
        os.environ[name] = value
    os.environ.pop("AWS_PROFILE", None)
    os.environ.pop("AWS_SESSION_TOKEN", None)


@dataclass
class LocalStack:
    """Running services and the base configuration that points at them."""

    dynamodb: processes.Service
    moto: processes.Service
    services: list[processes.Service] = field(default_factory=list)
    _token_key_id: str | None = None

    @classmethod
    def start(cls, dynamodb_port: int | None = None, moto_port: int | None = None) -> LocalStack:
        use_local_credentials()
        dynamodb = processes.start_dynamodb_local(dynamodb_port)
        try:
            moto = processes.start_moto(moto_port)
        except Exception:
            dynamodb.stop()
            raise
        return cls(dynamodb=dynamodb, moto=moto, services=[dynamodb, moto])

    def base_config(self) -> Config:
        return Config(
            stage="local",
            dynamodb_endpoint=self.dynamodb.url,
            sqs_endpoint=self.moto.url,
            kms_endpoint=self.moto.url,
            scheduler_endpoint=self.moto.url,
            secretsmanager_endpoint=self.moto.url,
            events_endpoint=self.moto.url,
        )

    def provision(self, name: str | None = None) -> Config:
        """Fresh tables, queues and key under a unique prefix: one isolated tenant of the stack."""
        if self._token_key_id is None:
            self._token_key_id = create_token_key(self.base_config(), "alias/classbooks-tokens")
        return provision(self.base_config(), name or f"t{uuid.uuid4().hex[:10]}", self._token_key_id)

    def stop(self) -> None:
        for service in reversed(self.services):
            service.stop()
