"""Create what the app's configuration names: tables, sync queue + dead-letter queue, KMS key.

In AWS these come from `infra/` (CDK); locally and in tests the devstack creates them on
DynamoDB Local and moto's server, and returns the configuration completed with their URLs/ARNs.
"""
from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

from chalicelib.aws.clients import client
from chalicelib.config import DEV_JWT_SECRET, Config
from chalicelib.store.models import Models, build_models

MAX_RECEIVE_COUNT = 5


def create_tables(models: Models) -> None:
    """Create every table at once (DynamoDB Local makes them ACTIVE immediately)."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda model: model.create_table(wait=True), models.all()))


def delete_tables(models: Models) -> None:
    for model in models.all():
        if model.exists():
            model.delete_table()


def create_queues(config: Config, name: str) -> dict[str, str]:
    sqs = client(config, "sqs")
    dlq_url = sqs.create_queue(QueueName=f"{name}-dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    queue_url = sqs.create_queue(
        QueueName=name,
        Attributes={
            "VisibilityTimeout": "960",
            "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": str(MAX_RECEIVE_COUNT)}),
        },
    )["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    return {"sync_queue_url": queue_url, "sync_queue_arn": queue_arn, "sync_dlq_url": dlq_url, "sync_dlq_arn": dlq_arn}


def create_token_key(config: Config, alias: str) -> str:
    kms = client(config, "kms")
    key_id = kms.create_key(Description="Classbooks OAuth tokens (local)")["KeyMetadata"]["KeyId"]
    kms.create_alias(AliasName=alias, TargetKeyId=key_id)
    return alias


def create_scheduler_group(config: Config) -> None:
    scheduler = client(config, "scheduler")
    try:
        scheduler.create_schedule_group(Name=config.scheduler_group)
    except scheduler.exceptions.ConflictException:
        pass


def put_secret(config: Config, name: str, value: str) -> None:
    """Create the secret, or give it a new current value (what a rotation does)."""
    secrets = client(config, "secretsmanager")
    try:
        secrets.create_secret(Name=name, SecretString=value)
    except secrets.exceptions.ResourceExistsException:
        secrets.put_secret_value(SecretId=name, SecretString=value)


def create_secrets(config: Config, name: str) -> Config:
    """Move the configuration's secret values into moto's Secrets Manager, as the stack does in AWS.

    The returned configuration names the secrets and carries no values: the app reads them at
    run time (chalicelib/aws/secrets.py), exactly as it does deployed.
    """
    intuit, jwt = f"{name}-intuit", f"{name}-jwt"
    put_secret(config, intuit, json.dumps({"client_id": config.intuit_client_id,
                                           "client_secret": config.intuit_client_secret,
                                           "webhook_verifier": config.intuit_webhook_verifier}))
    put_secret(config, jwt, config.jwt_secret or DEV_JWT_SECRET)
    return config.with_overrides(intuit_secret_name=intuit, jwt_secret_name=jwt, jwt_secret="",
                                 intuit_client_id="", intuit_client_secret="", intuit_webhook_verifier="")


def create_alert_bus(config: Config, name: str) -> str:
    """The EventBridge bus alerts are put on (infra/ creates `<prefix>alerts` in AWS)."""
    events = client(config, "events")
    bus = f"{name}-alerts"
    try:
        events.create_event_bus(Name=bus)
    except events.exceptions.ResourceAlreadyExistsException:
        pass
    return bus


def provision(config: Config, name: str, token_key_id: str | None = None) -> Config:
    """Create every resource for one stack (`name` keeps stacks and tests apart) and say where."""
    config = config.with_overrides(
        table_prefix=f"{name}-",
        scheduler_group=name,
        scheduler_role_arn="arn:aws:iam::123456789012:role/classbooks-scheduler",
    )
    create_tables(build_models(config))
    queues = create_queues(config, f"{name}-sync")
    alias = token_key_id or create_token_key(config, f"alias/{name}-tokens")
    create_scheduler_group(config)
    alert_bus = create_alert_bus(config, name)
    return config.with_overrides(
        alert_bus_name=alert_bus,
        sync_queue_url=queues["sync_queue_url"],
        sync_queue_arn=queues["sync_queue_arn"],
        sync_dlq_arn=queues["sync_dlq_arn"],
        sync_dlq_url=queues["sync_dlq_url"],
        token_key_id=alias,
    )
