"""Clocks the devstack can steer: tests jump to 11:31 PM, the demo shifts real time.

Every service in `chalicelib/` takes a clock (a callable returning an aware UTC datetime). The
devstack hands the worker one of these instead of the wall clock, so a test can play a week of
nights in milliseconds and the demo can "jump to tonight" without waiting for it.
"""
from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from typing import Protocol

UTC = dt.UTC


def aware(instant: dt.datetime) -> dt.datetime:
    """`instant` in UTC; naive datetimes are refused (they mean nothing across zones)."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("clock times must be timezone-aware")
    return instant.astimezone(UTC)


class SteerableClock(Protocol):
    """A clock the runner can move forward to the next delivery it simulates."""

    def __call__(self) -> dt.datetime: ...

    def set(self, instant: dt.datetime) -> None: ...


class ManualClock:
    """Stands still until told: `set` (never backwards) or `advance`. For tests and the CLI."""

    def __init__(self, start: dt.datetime) -> None:
        self._now = aware(start)
        self._lock = threading.Lock()

    def __call__(self) -> dt.datetime:
        with self._lock:
            return self._now

    def set(self, instant: dt.datetime) -> None:
        instant = aware(instant)
        with self._lock:
            if instant < self._now:
                raise ValueError(f"the clock only moves forward ({instant} < {self._now})")
            self._now = instant

    def advance(self, span: dt.timedelta) -> dt.datetime:
        self.set(self() + span)
        return self()


class ShiftedClock:
    """Real time plus an offset: ticks at wall-clock speed, but `set` jumps it (the demo)."""

    def __init__(self, wall: Callable[[], float] = time.time) -> None:
        self._wall = wall
        self._offset = 0.0
        self._lock = threading.Lock()

    def __call__(self) -> dt.datetime:
        with self._lock:
            return dt.datetime.fromtimestamp(self._wall() + self._offset, UTC)

    def set(self, instant: dt.datetime) -> None:
        target = aware(instant).timestamp()
        with self._lock:
            if target < self._wall() + self._offset:
                raise ValueError("the clock only moves forward")
            self._offset = target - self._wall()

    def reset(self) -> None:
        """Back to real time: the one way back, so a demo's jump need not last until a restart."""
        with self._lock:
            self._offset = 0.0
