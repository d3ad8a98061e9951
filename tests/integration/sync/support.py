"""Helpers for sync tests on the local stack: a connected studio, ledger rows, the queue as Lambda sees it."""
from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Sequence
from typing import Any

from chalicelib.api.auth import issue_token
from chalicelib.bootstrap import Container, handle_sync_event
from chalicelib.domain.transactions import Transaction

UTC = dt.UTC


def connected_studio(c: Container, tenant_id: str = "t1", *, schedule: str = "manual", plan: str = "Plus",
                     class_tracking: bool = True, go_live: str = "2025-01-01", realm_id: str = "r1",
                     locations: Sequence[tuple[str, str]] = (("L1", "Downtown"), ("L2", "Uptown")),
                     book_close_date: str | None = None, now: dt.datetime | None = None) -> None:
    """A studio as the connect and settings flows leave it."""
    now = now or c.clock()
    c.models.Tenant(tenant_id, name="Tumble Town", timezone="America/Chicago", created_at=now,
                    profile_updated_at=now, locations=[{"id": i, "name": n} for i, n in locations],
                    connection_status="connected", realm_id=realm_id, plan=plan, class_tracking=class_tracking,
                    go_live_date=go_live, schedule=schedule, book_close_date=book_close_date).save()


def store(c: Container, tenant_id: str, rows: Iterable[Transaction]) -> None:
    """Append transactions through the ledger's own writer (seqs are allocated, in order)."""
    batch = list(rows)
    for start in range(0, len(batch), 500):
        chunk = batch[start:start + 500]
        c.ledger.append(tenant_id, chunk, {t.id: f"h-{t.id}" for t in chunk})


def bearer(c: Container, role: str, tenant_id: str | None = "t1") -> dict[str, str]:
    token = issue_token(c.config, sub=f"{role}-user", role=role, tenant_id=tenant_id, now=int(time.time()))
    return {"Authorization": f"Bearer {token}"}


def receive(c: Container, queue_url: str | None = None, max_messages: int = 10) -> list[dict[str, Any]]:
    answer = c.sqs.receive_message(QueueUrl=queue_url or c.config.sync_queue_url, MaxNumberOfMessages=max_messages,
                                   AttributeNames=["All"], MessageAttributeNames=["All"], VisibilityTimeout=0,
                                   WaitTimeSeconds=0)
    return answer.get("Messages", [])


def lambda_event(c: Container, messages: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The event Lambda's SQS event source mapping would hand the worker for `messages`."""
    return {"Records": [{
        "messageId": m["MessageId"], "receiptHandle": m["ReceiptHandle"], "body": m["Body"],
        "attributes": {k: str(v) for k, v in m.get("Attributes", {}).items()}, "messageAttributes": {},
        "md5OfBody": m.get("MD5OfBody", ""), "eventSource": "aws:sqs",
        "eventSourceARN": c.config.sync_queue_arn, "awsRegion": c.config.region} for m in messages]}


def deliver(c: Container) -> dict[str, Any]:
    """One poll of the queue by the event source mapping: run the worker, delete what succeeded."""
    messages = receive(c)
    if not messages:
        return {"batchItemFailures": [], "delivered": 0}
    result = handle_sync_event(lambda_event(c, messages))
    failed = {f["itemIdentifier"] for f in result["batchItemFailures"]}
    for m in messages:
        if m["MessageId"] not in failed:
            c.sqs.delete_message(QueueUrl=c.config.sync_queue_url, ReceiptHandle=m["ReceiptHandle"])
    return {**result, "delivered": len(messages)}
