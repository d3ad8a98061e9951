"""The app over real HTTP, in this process: Chalice's local server, plus the queue worker.

`chalice local` runs the same `LocalDevServer`; serving it in a thread lets the test install its
own container (tables, queues and sandbox of this test). The queue pump plays Lambda's SQS event
source mapping on the wall clock, so Sync Now's task really runs while the browser watches.
"""
from __future__ import annotations

import datetime as dt
import threading
import traceback
from dataclasses import dataclass
from typing import Any

from chalice.config import Config as ChaliceConfig
from chalice.local import LocalChalice, LocalDevServer, create_local_server

from devstack.processes import free_port
from devstack.runner.pump import Pump


@dataclass
class ServedApp:
    server: LocalDevServer
    thread: threading.Thread
    url: str

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server.server_close()
        self.thread.join(timeout=5)


def serve_app(port: int | None = None) -> ServedApp:
    from app import app

    port = port or free_port()
    config = ChaliceConfig.create(chalice_stage="local", app_name="classbooks", lambda_timeout=900,
                                  lambda_memory_size=1024)
    if isinstance(app, LocalChalice):  # a previous test already made the app thread-local
        server = LocalDevServer(app, config, "127.0.0.1", port)
    else:
        server = create_local_server(app, config, "127.0.0.1", port)
    thread = threading.Thread(target=server.server.serve_forever, name="chalice-local", daemon=True)
    thread.start()
    return ServedApp(server, thread, f"http://127.0.0.1:{port}")


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
                          lambda: dt.datetime.now(dt.timezone.utc))
        self._stop = threading.Event()
        self._interval = interval
        self._thread = threading.Thread(target=self._run, name="sync-queue-worker", daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            self._pump.drain()

    def start(self) -> "QueueWorker":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
