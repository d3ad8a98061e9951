"""The SQS worker: partial batch failures, and the dead-letter queue only after the task says why."""
from __future__ import annotations

import json
from dataclasses import replace

from chalicelib.quickbooks.errors import IntuitUnavailable
from chalicelib.sync.ports import QuickBooksRefused
from chalicelib.sync.worker import handle_event
from tests.unit.domain.builders import charge


def record(message_id: str, body: dict | str, receives: int = 1) -> dict:
    return {"messageId": message_id, "receiptHandle": f"rh-{message_id}",
            "body": body if isinstance(body, str) else json.dumps(body),
            "attributes": {"ApproximateReceiveCount": str(receives)}, "messageAttributes": {},
            "md5OfBody": "", "eventSource": "aws:sqs", "eventSourceARN": "arn:aws:sqs:us-east-1:0:q",
            "awsRegion": "us-east-1"}


def manual(task_id: str) -> dict:
    return {"tenant_id": "t1", "trigger": "manual", "task_id": task_id, "scheduled_for": None}


def run_batch(world, *records: dict, dead: list | None = None) -> dict:
    letters = [] if dead is None else dead
    return handle_event({"Records": list(records)}, run=world.run,
                        dead_letter=lambda body, reason: letters.append((body, reason)))


def test_a_batch_reports_only_the_failed_records(world) -> None:
    world.ledger.rows = [charge("c1", 1, "2025-03-01", "5.00")]
    world.qbo.inject(IntuitUnavailable("429"), after=0)
    world.tenants.rows["t2"] = replace(world.tenant, tenant_id="t2")
    ok = {**manual("m2"), "tenant_id": "t2"}
    result = run_batch(world, record("a", manual("m1")), record("b", ok))
    assert result == {"batchItemFailures": [{"itemIdentifier": "a"}]}
    assert world.tasks.get("t2", "m2").status == "succeeded"


def test_a_refused_document_fails_the_task_then_dead_letters_the_message(world) -> None:
    world.ledger.rows = [charge("c1", 1, "2025-03-01", "5.00")]
    world.qbo.inject(QuickBooksRefused("Invalid account"))
    dead: list = []
    order: list = []
    result = handle_event({"Records": [record("a", manual("m1"))]}, run=world.run,
                          dead_letter=lambda body, reason: order.append(world.tasks.get("t1", "m1").status)
                          or dead.append(reason))
    assert result == {"batchItemFailures": []}
    assert order == ["failed"] and "Invalid account" in dead[0]


def test_the_last_allowed_receive_marks_the_task_failed_and_fails_the_record(world) -> None:
    world.ledger.rows = [charge("c1", 1, "2025-03-01", "5.00")]
    world.qbo.inject(IntuitUnavailable("server error 503"))
    result = run_batch(world, record("a", manual("m1"), receives=5))
    assert result == {"batchItemFailures": [{"itemIdentifier": "a"}]}
    task = world.tasks.get("t1", "m1")
    assert task.status == "failed" and "server error 503" in task.error


def test_an_earlier_receive_leaves_the_task_queued_for_the_retry(world) -> None:
    world.ledger.rows = [charge("c1", 1, "2025-03-01", "5.00")]
    world.qbo.inject(IntuitUnavailable("server error 503"))
    run_batch(world, record("a", manual("m1"), receives=2))
    assert world.tasks.get("t1", "m1").status == "queued"


def test_an_unreadable_message_goes_to_the_dead_letter_queue(world) -> None:
    dead: list = []
    result = run_batch(world, record("a", "not json"), dead=dead)
    assert result == {"batchItemFailures": []} and "not a sync message" in dead[0][1]


def test_a_duplicate_in_the_same_batch_is_a_no_op(world) -> None:
    world.ledger.rows = [charge("c1", 1, "2025-03-01", "5.00")]
    result = run_batch(world, record("a", manual("m1")), record("b", manual("m1")))
    assert result == {"batchItemFailures": []} and world.qbo.writes == 1
