"""Tokens never appear in DynamoDB in clear, in logs, or in any API response."""
from __future__ import annotations

import base64
import json
import logging

import pytest
from botocore.exceptions import ClientError

from chalicelib.aws.clients import client
from chalicelib.config import TABLE_KEYS
from chalicelib.quickbooks.client import QboCompany


def _every_token(container, tenant_id, clock) -> list[str]:
    """The grant's first tokens and, after a refresh, the rotated ones; also as KMS saw them
    (the base64 of the encrypted JSON, which botocore would log at DEBUG)."""
    first = container.vault().load(tenant_id).tokens
    clock.advance(minutes=58)
    creds = container.access_tokens().fresh(tenant_id)
    QboCompany(container.config).profile(creds.realm_id, creds.access_token)
    second = container.vault().load(tenant_id).tokens
    as_kms_saw = [base64.b64encode(json.dumps(t.secrets()).encode()).decode()[:40] for t in (first, second)]
    return [first.access_token, first.refresh_token, second.access_token, second.refresh_token, *as_kms_saw]


def test_a_raw_dynamodb_read_shows_no_plaintext_token(connected, container, clock):
    tokens = _every_token(container, connected.tenant_id, clock)
    dynamodb = client(container.config, "dynamodb")
    dump = repr([dynamodb.scan(TableName=container.config.table_name(key))["Items"] for key in TABLE_KEYS])
    assert connected.tenant_id in dump  # the read did see the studio's rows
    for token in tokens:
        assert token not in dump and token[8:40] not in dump


def test_stored_tokens_decrypt_only_under_their_own_tenant(connected, container):
    row = container.models.Token.get(connected.tenant_id)
    with pytest.raises(ClientError):
        container.kms.decrypt(CiphertextBlob=bytes(row.ciphertext), EncryptionContext={"tenant_id": "someone-else"})


def test_logs_during_connect_and_refresh_never_contain_a_token(studio, container, clock, caplog):
    caplog.set_level(logging.DEBUG)
    assert studio.connect("plus").status_code == 302
    tokens = _every_token(container, studio.tenant_id, clock)
    logged = "\n".join(f"{r.name} {r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    assert any(r.name.startswith("urllib3") and r.levelno == logging.DEBUG for r in caplog.records)  # debug was on
    for token in tokens:
        assert token not in logged and token[8:40] not in logged


def test_api_responses_never_contain_a_token(connected, container, clock):
    tokens = _every_token(container, connected.tenant_id, clock)
    bodies = [connected.get(tail, role).body for tail in ("status", "settings") for role in ("admin", "support")]
    bodies.append(connected.configure("2026-07-01").body)
    text = "\n".join(b.decode() if isinstance(b, bytes) else str(b) for b in bodies)
    for token in tokens:
        assert token not in text
