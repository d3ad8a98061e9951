"""boto3 clients pointed at the endpoints the configuration names (AWS, or the devstack).

boto3 is imported on the first client, not with this module: it (and s3transfer with it) is a
large share of a cold start, and most invocations never build an SQS, KMS or Scheduler client.
"""
from __future__ import annotations

from typing import Any

from chalicelib.config import Config

_RETRIES = {"retries": {"max_attempts": 5, "mode": "standard"}, "connect_timeout": 5, "read_timeout": 30}


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
    import boto3.session
    from botocore.config import Config as BotoConfig

    return boto3.session.Session().client(
        service, region_name=config.region, endpoint_url=endpoint, config=BotoConfig(**_RETRIES)
    )
