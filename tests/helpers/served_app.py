"""The app over real HTTP, in this process: Chalice's local server in a thread.

`chalice local` runs the same `LocalDevServer`; serving it in a thread lets each test install its
own container (tables, queues, sandbox) and have every request use it. The CLI tests and the
browser tests both need this, so it is built once here.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass

from chalice.config import Config as ChaliceConfig
from chalice.local import LocalChalice, LocalDevServer, create_local_server

from devstack.processes import free_port


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
    """Serve `app.app` on 127.0.0.1:`port` (a free one by default) until `stop()`."""
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
