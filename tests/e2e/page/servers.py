"""The queue worker beside the app served over HTTP (`tests/helpers/served_app.py`).

The queue pump plays Lambda's SQS event source mapping on the wall clock, so Sync Now's task
really runs while the browser watches.
"""
from __future__ import annotations

import datetime as dt
import threading
import traceback
from typing import Any

from devstack.runner.pump import Pump


class _RecordingRun:
    """The container's sync run, keeping each attempt's exception for the test to report."""

    def __init__(self, run: Any) -> None:
        self._run, self.errors = run, []  # type: list[str]

    def handle(self, msg: Any) -> Any:
        try:
            return self._run.handle(msg)
        except Exception:
            self.errors.append(traceback.format_exc())
            raise

    def __getattr__(self, name: str) -> Any:
        return getattr(self._run, name)


class QueueWorker:
    """Polls the sync queue every `interval` seconds and hands batches to the worker handler."""

    def __init__(self, container: Any, interval: float = 0.25) -> None:
        from chalicelib.sync.worker import handle_event, sqs_dead_letter

        c = container.config
        self.run = _RecordingRun(container.sync_run)
        dead_letter = sqs_dead_letter(container.sqs, c.sync_dlq_url)
        self._pump = Pump(container.sqs, c.sync_queue_url, c.sync_queue_arn, c.region,
                          lambda event, _context: handle_event(event, run=self.run, dead_letter=dead_letter),
                          lambda: dt.datetime.now(dt.UTC))
        self._stop = threading.Event()
        self.paused = threading.Event()  # set: messages wait in the queue (a task stays queued)
        self._interval = interval
        self._thread = threading.Thread(target=self._run, name="sync-queue-worker", daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            if not self.paused.is_set():
                self._pump.drain()

    def start(self) -> QueueWorker:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
