"""boto3 clients pointed at the endpoints the configuration names (AWS, or the devstack)."""
from __future__ import annotations

from typing import Any

import boto3
from botocore.config import Config as BotoConfig

from chalicelib.config import Config

_RETRIES = BotoConfig(retries={"max_attempts": 5, "mode": "standard"}, connect_timeout=5, read_timeout=30)


def client(config: Config, service: str) -> Any:
    """A client for `service` ("sqs", "kms", "scheduler", "dynamodb") at the configured endpoint."""
    endpoint = {
        "sqs": config.sqs_endpoint,
        "kms": config.kms_endpoint,
        "scheduler": config.scheduler_endpoint,
        "dynamodb": config.dynamodb_endpoint,
        "secretsmanager": config.secretsmanager_endpoint,
        "events": config.events_endpoint,
    }.get(service)
    return boto3.session.Session().client(
        service, region_name=config.region, endpoint_url=endpoint, config=_RETRIES
    )
