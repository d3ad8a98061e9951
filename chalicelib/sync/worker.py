"""The SQS worker: each record is one sync message, processed with partial batch failures.

Failure policy (DESIGN.md: "permanent failures go to the dead-letter queue only after the task
shows the reason"):
- transient (QBO busy, a duplicate delivery racing the first, the tenant changed meanwhile, an
  unexpected error): the record fails, SQS redelivers it after the visibility timeout; the task
  shows the reason while it waits. On the last allowed receive the task is marked failed first,
  then the record fails once more and SQS's redrive policy moves it to the dead-letter queue;
- permanent (QBO refused a document, re-authorisation needed, unplannable ledger): the task is
  marked failed, then the worker sends the message to the dead-letter queue itself and the
  record succeeds (redelivering it could only be a no-op);
- unreadable message: straight to the dead-letter queue (there is no task to show it on).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from chalicelib.sync.messages import BadMessage, SyncMessage
from chalicelib.sync.queue import PLACEHOLDER_QUEUE_ARN, configured_queue_arn  # noqa: F401 - kept here too
from chalicelib.sync.run import Outcome

MAX_RECEIVES = 5  # the sync queue's redrive maxReceiveCount (devstack/resources.py, infra/)
DeadLetter = Callable[[str, str], None]
logger = Logger(service="classbooks-sync", child=True)


class Runs(Protocol):
    """What the worker drives: the SyncRun, or the ObservedRun around it (chalicelib/observability.py)."""

    def handle(self, msg: SyncMessage) -> Outcome: ...

    def give_up(self, msg: SyncMessage, reason: str) -> None: ...


def sqs_dead_letter(sqs: Any, dlq_url: str) -> DeadLetter:
    """Send a message body to the dead-letter queue with the reason as a message attribute."""
    def send(body: str, reason: str) -> None:
        sqs.send_message(QueueUrl=dlq_url, MessageBody=body, MessageAttributes={
            "reason": {"DataType": "String", "StringValue": reason[:1000] or "failed"}})
    return send


def process_record(record: SQSRecord, run: Runs, dead_letter: DeadLetter,
                   max_receives: int = MAX_RECEIVES) -> str:
    """Handle one record; raising makes it a batch item failure (redelivered)."""
    try:
        msg = SyncMessage.from_json(record.body)
    except BadMessage as exc:
        dead_letter(record.body, str(exc))
        return "dead_letter"
    receives = int(record.attributes.approximate_receive_count or 1)
    try:
        outcome = run.handle(msg)
    except Exception as exc:
        logger.warning("sync attempt failed", extra={"task_id": msg.record_id, "receives": receives,
                                                     "error": f"{type(exc).__name__}: {exc}"})
        if receives >= max_receives:
            run.give_up(msg, str(exc) or type(exc).__name__)
        raise
    logger.info("sync message handled", extra={"task_id": outcome.task_id, "status": outcome.status})
    if outcome.dead_letter:
        dead_letter(record.body, outcome.message)
    return outcome.status


def handle_event(event: dict[str, Any], context: Any = None, *, run: Runs,
                 dead_letter: DeadLetter) -> dict[str, Any]:
    """A Lambda-shaped SQS event in, `{"batchItemFailures": [...]}` out. The composition root
    hands it the container's observed run and dead-letter queue (`bootstrap.handle_sync_event`,
    which the Chalice handler, the devstack runner and the tests call); unit tests pass fakes."""
    processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)
    answer = process_partial_response(event=event, record_handler=lambda record: process_record(record, run, dead_letter),
                                      processor=processor, context=context)
    return dict(answer)
