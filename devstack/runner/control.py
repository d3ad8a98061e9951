"""The loop runner's control endpoint: how the demo jumps to 11:31 PM without waiting for it.

`GET /clock` → `{"now": ..., "ahead_seconds": ...}`; `POST /clock` with `{"now": "<ISO with
offset>"}` or `{"time": "23:31", "tz": "America/Chicago"}` (the next such local time) moves the
runner's clock forward, fires whatever fell due and answers what it fired (`"fired": [...]`);
`{"reset": true}` puts the clock back on real time (the way back after a demo's jump). Loopback only.
"""
from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Callable, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from zoneinfo import ZoneInfo

from devstack.clock import SteerableClock


def next_local(time_text: str, tz: str, now: dt.datetime) -> dt.datetime:
    """The first `HH:MM` local time in `tz` at or after `now`, as an aware UTC instant."""
    wall = dt.time.fromisoformat(time_text)
    zone = ZoneInfo(tz)
    day = now.astimezone(zone).date()
    for offset in (0, 1, 2):
        candidate = dt.datetime.combine(day + dt.timedelta(days=offset), wall, tzinfo=zone).astimezone(dt.UTC)
        if candidate >= now:
            return candidate
    raise ValueError(f"no {time_text} in {tz} after {now}")


def target_of(body: dict[str, Any], now: dt.datetime) -> dt.datetime:
    """Where a control request asks the clock to go."""
    if "now" in body:
        instant = dt.datetime.fromisoformat(str(body["now"]).replace("Z", "+00:00"))
        if instant.tzinfo is None:
            instant = instant.replace(tzinfo=ZoneInfo(str(body.get("tz") or "UTC")))
        return instant
    return next_local(str(body["time"]), str(body.get("tz") or "UTC"), now)


def serve(clock: SteerableClock, port: int, on_move: Callable[[], Sequence[str] | None],
          on_reset: Callable[[], None] | None = None) -> ThreadingHTTPServer:
    """Start the endpoint in a daemon thread; `on_move` runs (under the server's thread) after a jump
    and returns what it fired, in words; `on_reset` after the clock went back to real time."""

    def ahead() -> float:
        import time
        return round(clock().timestamp() - time.time(), 1)

    class Handler(BaseHTTPRequestHandler):
        def _answer(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:  # http.server's naming
            if self.path != "/clock":
                self._answer(404, {"error": "not_found"})
                return
            self._answer(200, {"now": clock().isoformat(), "ahead_seconds": ahead()})

        def do_POST(self) -> None:
            if self.path != "/clock":
                self._answer(404, {"error": "not_found"})
                return
            try:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
                if body.get("reset"):
                    reset = getattr(clock, "reset", None)
                    if reset is None:
                        raise ValueError("this clock cannot go back to real time")
                    reset()
                    if on_reset:
                        on_reset()
                    self._answer(200, {"now": clock().isoformat(), "ahead_seconds": ahead(), "fired": []})
                    return
                clock.set(target_of(body, clock()))
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                self._answer(400, {"error": "invalid", "message": str(exc)})
                return
            fired = list(on_move() or [])
            self._answer(200, {"now": clock().isoformat(), "ahead_seconds": ahead(), "fired": fired})

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, name="runner-control", daemon=True).start()
    return server
