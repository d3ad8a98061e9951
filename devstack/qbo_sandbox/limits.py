"""Intuit's throttles per realm: requests per minute and per second, concurrency, batch rate.

Sliding windows over the sandbox clock (so tests advance a minute instead of waiting one).
Only admitted requests enter a window. Callers hold ``state.lock``.
"""
from __future__ import annotations

from collections import deque
from dataclasses import asdict, fields

from .store import Company, Limits


def _trim(window: deque, now: float, span: float) -> None:
    while window and window[0] <= now - span:
        window.popleft()


def enter(company: Company) -> bool:
    """Admit one more request in flight, or False when the concurrency limit is reached."""
    if company.in_flight >= company.limits.concurrent:
        return False
    company.in_flight += 1
    company.counters.max_in_flight = max(company.counters.max_in_flight, company.in_flight)
    return True


def leave(company: Company) -> None:
    company.in_flight = max(0, company.in_flight - 1)


def admit(company: Company, now: float, batch: bool) -> str | None:
    """Record the request in the windows, or name the limit it would break."""
    limits = company.limits
    for window, span in ((company.window_minute, 60.0), (company.window_second, 1.0),
                         (company.window_batch, 60.0)):
        _trim(window, now, span)
    if len(company.window_minute) >= limits.requests_per_minute:
        return "requests_per_minute"
    if len(company.window_second) >= limits.requests_per_second:
        return "requests_per_second"
    if batch and len(company.window_batch) >= limits.batch_per_minute:
        return "batch_per_minute"
    company.window_minute.append(now)
    company.window_second.append(now)
    if batch:
        company.window_batch.append(now)
    return None


def describe(limits: Limits) -> dict[str, object]:
    return asdict(limits)


def update(limits: Limits, changes: dict[str, object]) -> Limits:
    """Apply overrides from the control API; unknown keys or bad values raise ValueError."""
    names = {f.name: f.type for f in fields(Limits)}
    for key, value in changes.items():
        if key not in names:
            raise ValueError(f"unknown limit {key!r}; known: {sorted(names)}")
        if key == "throttle_format":
            if value not in ("json", "xml"):
                raise ValueError("throttle_format must be json or xml")
            limits.throttle_format = str(value)
        else:
            if not isinstance(value, int | float | str):  # JSON: the rest (null, lists, objects) are no number
                raise TypeError(f"{key} must be a number, not {type(value).__name__}")
            number = int(value)
            if number < 0:
                raise ValueError(f"{key} must be >= 0")
            setattr(limits, key, number)
    return limits
