"""Lambda's SQS event source mapping, played locally: receive, invoke, delete or leave.

Per batch: messages the handler reports in `batchItemFailures` (or the whole batch, when the
handler raises or names a message that was not in the batch — Lambda's documented rule) stay
on the queue and come back after the queue's visibility timeout, measured on the runner's
clock rather than the wall clock; moto counts the receives and moves a message to the
dead-letter queue once the redrive policy's maxReceiveCount is spent. The rest are deleted.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from botocore.exceptions import ClientError

from devstack.runner.events import LambdaContext, sqs_event

Handler = Callable[[dict[str, Any], Any], Any]
log = logging.getLogger("devstack.runner")


@dataclass
class Invocation:
    """One handler call: the event it got and which message ids failed."""

    at: dt.datetime
    event: dict[str, Any]
    failed: set[str] = field(default_factory=set)
    error: str | None = None


class Pump:
    def __init__(self, sqs: Any, queue_url: str, queue_arn: str, region: str, handler: Handler,
                 clock: Callable[[], dt.datetime], batch_size: int = 10) -> None:
        self._sqs, self._url, self._arn, self._region = sqs, queue_url, queue_arn, region
        self._handler, self._clock, self._batch = handler, clock, batch_size
        self._hidden: dict[str, tuple[dt.datetime, str]] = {}  # message id → (visible again at, receipt)
        self.invocations: list[Invocation] = []
        attrs = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["VisibilityTimeout"])["Attributes"]
        self.visibility = dt.timedelta(seconds=int(attrs.get("VisibilityTimeout", "30")))

    def next_visible(self) -> dt.datetime | None:
        """When the earliest failed message comes back (None when none is waiting)."""
        return min((at for at, _ in self._hidden.values()), default=None)

    def drain(self, limit: int = 1000) -> list[Invocation]:
        """Invoke the handler until nothing is visible now (on the runner's clock)."""
        done: list[Invocation] = []
        for _ in range(limit):
            self._release()
            messages = self._sqs.receive_message(
                QueueUrl=self._url, MaxNumberOfMessages=self._batch, WaitTimeSeconds=0,
                MessageSystemAttributeNames=["All"], MessageAttributeNames=["All"]).get("Messages", [])
            if not messages:
                return done
            done.append(self._invoke(messages))
        raise RuntimeError(f"the queue did not drain after {limit} batches")

    def _invoke(self, messages: list[dict[str, Any]]) -> Invocation:
        now = self._clock()
        event = sqs_event(messages, self._arn, self._region)
        call = Invocation(now, event)
        ids = {m["MessageId"] for m in messages}
        try:
            result = self._handler(event, LambdaContext())
            reported = {str(f.get("itemIdentifier") or "") for f in (result or {}).get("batchItemFailures", [])}
            call.failed = ids if reported - ids else reported
        except Exception as exc:  # Lambda treats any raise as the whole batch failing
            log.exception("sync worker raised; the whole batch returns to the queue")
            call.failed, call.error = set(ids), f"{type(exc).__name__}: {exc}"
        succeeded = [m for m in messages if m["MessageId"] not in call.failed]
        for chunk in range(0, len(succeeded), 10):
            self._sqs.delete_message_batch(QueueUrl=self._url, Entries=[
                {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(succeeded[chunk:chunk + 10])])
        for m in messages:
            if m["MessageId"] in call.failed:
                self._hidden[m["MessageId"]] = (now + self.visibility, m["ReceiptHandle"])
        self.invocations.append(call)
        return call

    def _release(self) -> None:
        """Failed messages whose visibility timeout has passed on our clock become visible in moto."""
        now = self._clock()
        for message_id, (at, receipt) in list(self._hidden.items()):
            if at <= now:
                del self._hidden[message_id]
                try:
                    self._sqs.change_message_visibility(QueueUrl=self._url, ReceiptHandle=receipt, VisibilityTimeout=0)
                except ClientError:  # deleted meanwhile (a duplicate's twin succeeded): nothing to show
                    pass
