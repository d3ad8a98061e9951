"""A per-realm throttle and a retry policy, so the connector stays inside Intuit's limits.

Intuit's documented limits per realm and app: 500 requests a minute, 10 a second, 10 at once,
40 batch calls a minute. Each rate is a sliding-window log (exact: no burst can exceed a limit
the way a full token bucket can); concurrency is a semaphore. Clock and sleep are injected so
tests never wait. The throttle only sees this process; 429s from QBO are retried anyway.
"""
from __future__ import annotations

import random
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

Clock = Callable[[], float]
Sleep = Callable[[float], None]


@dataclass(frozen=True)
class RealmLimits:
    per_minute: int = 500
    per_second: int = 10
    batches_per_minute: int = 40
    concurrent: int = 10
    slack: float = 0.05  # seconds added to each window: the server stamps a request a little later


class Window:
    """At most `limit` events in any `span` seconds.

    An event is stamped when it is admitted and stamped again when its answer comes back
    (`finish`): QBO stamps a request when it arrives, which can be any time in between, so only
    the later stamp keeps our window at least as full as QBO's however latency varies.
    """

    def __init__(self, limit: int, span: float) -> None:
        self.limit, self.span = limit, span
        self.events: deque[list[float]] = deque()

    def wait(self, now: float) -> float:
        """Seconds until one more event fits (0 when it fits now)."""
        while self.events and self.events[0][0] <= now - self.span:
            self.events.popleft()
        live = sorted(e[0] for e in self.events if e[0] > now - self.span)
        if len(live) < self.limit:
            return 0.0
        return live[len(live) - self.limit] + self.span - now

    def record(self, now: float) -> list[float]:
        event = [now]
        self.events.append(event)
        return event

    @staticmethod
    def finish(event: list[float], now: float) -> None:
        event[0] = max(event[0], now)


class RealmThrottle:
    """Admits a realm's requests at Intuit's pace; `slot()` wraps one HTTP call."""

    def __init__(self, limits: RealmLimits = RealmLimits(), clock: Clock = time.monotonic,
                 sleep: Sleep = time.sleep) -> None:
        span = 1.0 + limits.slack
        self._minute = Window(limits.per_minute, 60.0 + limits.slack)
        self._second = Window(limits.per_second, span)
        self._batch = Window(limits.batches_per_minute, 60.0 + limits.slack)
        self._slots = threading.BoundedSemaphore(limits.concurrent)
        self._lock = threading.Lock()
        self._clock, self._sleep = clock, sleep
        self.waited = 0.0  # seconds spent waiting for the rate windows (for the benchmark)

    @contextmanager
    def slot(self, batch: bool = False) -> Iterator[None]:
        """Hold one of the realm's concurrent slots and one place in each rate window."""
        with self._slots:
            events = self._admit(batch)
            try:
                yield
            finally:
                with self._lock:
                    done = self._clock()
                    for event in events:
                        Window.finish(event, done)

    def _admit(self, batch: bool) -> list[list[float]]:
        windows = [self._minute, self._second] + ([self._batch] if batch else [])
        while True:
            with self._lock:
                now = self._clock()
                wait = max(w.wait(now) for w in windows)
                if wait <= 0:
                    return [w.record(now) for w in windows]
                self.waited += wait
            self._sleep(wait)


_REALMS: dict[str, RealmThrottle] = {}
_REALMS_LOCK = threading.Lock()


def throttle_for(realm_id: str) -> RealmThrottle:
    """The process-wide throttle of one realm (a Lambda container may serve several tenants)."""
    with _REALMS_LOCK:
        return _REALMS.setdefault(realm_id, RealmThrottle())


def forget_realms() -> None:
    """Forget every realm's counts: for a process whose realm ids start over (the devstack
    sandbox's reset hands the same ids to new companies), not for production."""
    with _REALMS_LOCK:
        _REALMS.clear()


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with full jitter, bounded by attempts and by total time waited."""

    attempts: int = 6  # calls in all, the first included
    base_delay: float = 1.0
    max_delay: float = 32.0
    max_retry_after: float = 120.0  # never trust a Retry-After beyond QBO's own request timeout
    budget: float = 300.0  # total seconds of backoff before the run gives up (and retries later)

    def delay(self, retry: int, retry_after: float | None,
              rand: Callable[[], float] = random.random) -> float:
        """Seconds before retry number `retry` (0-based): Retry-After when given, plus jitter."""
        jitter = rand() * min(self.max_delay, self.base_delay * 2 ** retry)
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.max_retry_after) + rand() * self.base_delay
        return jitter


def retry_after_seconds(header: str | None) -> float | None:
    """Retry-After as seconds (Intuit sends a number); an HTTP date or junk is ignored."""
    if not header:
        return None
    try:
        return max(float(header.strip()), 0.0)
    except ValueError:
        return None
