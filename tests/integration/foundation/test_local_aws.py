"""The local stack behaves like the AWS services the app depends on."""
from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from botocore.exceptions import ClientError
from pynamodb.connection import Connection
from pynamodb.exceptions import PutError, TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.aws.clients import client
from chalicelib.config import Config
from chalicelib.store.models import build_models


def test_conditional_put_refuses_an_existing_key(config: Config) -> None:
    models = build_models(config)
    now = datetime.now(UTC)
    models.RealmClaim(realm_id="123", tenant_id="a", claimed_at=now).save(
        condition=models.RealmClaim.realm_id.does_not_exist()
    )
    with pytest.raises(PutError) as raised:
        models.RealmClaim(realm_id="123", tenant_id="b", claimed_at=now).save(
            condition=models.RealmClaim.realm_id.does_not_exist()
        )
    assert raised.value.cause_response_code == "ConditionalCheckFailedException"
    assert models.RealmClaim.get("123").tenant_id == "a"


def test_transaction_writes_all_items_or_none(config: Config) -> None:
    models = build_models(config)
    now = datetime.now(UTC)
    models.RealmClaim(realm_id="taken", tenant_id="a", claimed_at=now).save()
    connection = Connection(host=config.dynamodb_endpoint, region=config.region)
    with pytest.raises(TransactWriteError), TransactWrite(connection=connection) as transaction:
        transaction.save(models.Tenant(tenant_id="b", realm_id="taken"))
        transaction.save(
            models.RealmClaim(realm_id="taken", tenant_id="b", claimed_at=now),
            condition=models.RealmClaim.realm_id.does_not_exist(),
        )
    assert models.Tenant.count("b") == 0


def test_version_attribute_refuses_a_stale_writer(config: Config) -> None:
    models = build_models(config)
    now = datetime.now(UTC)
    token = models.Token(tenant_id="a", realm_id="1", ciphertext=b"x", access_expires_at=now, updated_at=now)
    token.save()
    first, second = models.Token.get("a"), models.Token.get("a")
    first.ciphertext = b"newer"
    first.save()
    second.ciphertext = b"stale"
    with pytest.raises(PutError):
        second.save()
    assert models.Token.get("a").ciphertext == b"newer"


def test_sqs_message_round_trip(config: Config) -> None:
    sqs = client(config, "sqs")
    body = {"tenant_id": "a", "trigger": "manual", "task_id": "t1", "scheduled_for": None}
    sqs.send_message(QueueUrl=config.sync_queue_url, MessageBody=json.dumps(body))
    received = sqs.receive_message(QueueUrl=config.sync_queue_url, WaitTimeSeconds=1)["Messages"]
    assert [json.loads(m["Body"]) for m in received] == [body]
    sqs.delete_message(QueueUrl=config.sync_queue_url, ReceiptHandle=received[0]["ReceiptHandle"])


def test_sync_queue_redrives_to_the_dead_letter_queue(config: Config) -> None:
    sqs = client(config, "sqs")
    attributes = sqs.get_queue_attributes(QueueUrl=config.sync_queue_url, AttributeNames=["RedrivePolicy"])
    policy = json.loads(attributes["Attributes"]["RedrivePolicy"])
    assert policy["deadLetterTargetArn"] == config.sync_dlq_arn


def test_schedule_is_created_with_a_time_zone(config: Config) -> None:
    scheduler = client(config, "scheduler")
    scheduler.create_schedule(
        Name="tenant-a",
        GroupName=config.scheduler_group,
        ScheduleExpression="cron(31 23 * * ? *)",
        ScheduleExpressionTimezone="America/Chicago",
        FlexibleTimeWindow={"Mode": "OFF"},
        Target={"Arn": config.sync_queue_arn, "RoleArn": config.scheduler_role_arn, "Input": "{}"},
    )
    schedule = scheduler.get_schedule(Name="tenant-a", GroupName=config.scheduler_group)
    assert schedule["ScheduleExpressionTimezone"] == "America/Chicago"
    assert schedule["ScheduleExpression"] == "cron(31 23 * * ? *)"


def test_kms_decrypt_needs_the_same_encryption_context(config: Config) -> None:
    kms = client(config, "kms")
    blob = kms.encrypt(KeyId=config.token_key_id, Plaintext=b"secret", EncryptionContext={"tenant_id": "a"})[
        "CiphertextBlob"
    ]
    assert kms.decrypt(CiphertextBlob=blob, EncryptionContext={"tenant_id": "a"})["Plaintext"] == b"secret"
    with pytest.raises(ClientError):
        kms.decrypt(CiphertextBlob=blob, EncryptionContext={"tenant_id": "b"})
