"""The sandbox's own clock.

Every expiry (codes, access/refresh tokens) and every rate window reads this clock, never
``time.time()`` directly, so tests can jump an hour or a minute without sleeping.
By default it follows real time plus an offset (so ID tokens stay valid for clients that check
``exp`` against the real clock); it can also be frozen at an instant and moved by hand.
"""
from __future__ import annotations

import threading
import time
from datetime import UTC, datetime


class Clock:
    """Real time + offset, or a frozen instant; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._offset = 0.0
        self._frozen: float | None = None

    def timestamp(self) -> float:
        with self._lock:
            if self._frozen is not None:
                return self._frozen
            return time.time() + self._offset

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.timestamp(), tz=UTC)

    def advance(self, seconds: float) -> None:
        with self._lock:
            if self._frozen is not None:
                self._frozen += seconds
            else:
                self._offset += seconds

    def set(self, when: datetime) -> None:
        """Jump to ``when`` (frozen or not, the mode is kept)."""
        target = when.timestamp()
        with self._lock:
            if self._frozen is not None:
                self._frozen = target
            else:
                self._offset = target - time.time()

    def freeze(self, frozen: bool) -> None:
        with self._lock:
            if frozen and self._frozen is None:
                self._frozen = time.time() + self._offset
            elif not frozen and self._frozen is not None:
                self._offset = self._frozen - time.time()
                self._frozen = None

    def reset(self) -> None:
        with self._lock:
            self._offset = 0.0
            self._frozen = None

    def describe(self) -> dict[str, object]:
        return {"now": self.now().isoformat(), "frozen": self._frozen is not None}
