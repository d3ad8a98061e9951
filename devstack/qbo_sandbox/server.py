"""Running the sandbox: in a background thread (fixtures, bench) or in the foreground (CLI)."""
from __future__ import annotations

import threading

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from .app import create_app
from .store import SandboxState


class QuietHandler(WSGIRequestHandler):
    """No per-request access log lines (tests and the bench make thousands of calls)."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


def start_in_thread(host: str = "127.0.0.1", port: int = 0,
                    state: SandboxState | None = None,
                    quiet: bool = True) -> tuple[BaseWSGIServer, str]:
    """Serve on ``host:port`` (0 picks a free port) in a daemon thread.

    Returns ``(server, base_url)``; stop it with ``server.shutdown()``. The app and its state
    are reachable as ``server.app`` and ``server.app.config["SANDBOX_STATE"]``.
    """
    app = create_app(state)
    server = make_server(host, port, app, threaded=True,
                         request_handler=QuietHandler if quiet else None)
    thread = threading.Thread(target=server.serve_forever, name="qbo-sandbox", daemon=True)
    thread.start()
    return server, f"http://{host}:{server.server_port}"


def serve_forever(host: str, port: int, state: SandboxState | None = None) -> None:
    server = make_server(host, port, create_app(state), threaded=True)
    print(f"QBO sandbox on http://{host}:{server.server_port} "
          f"(discovery: /.well-known/openid_configuration)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
