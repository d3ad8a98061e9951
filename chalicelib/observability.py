"""Logs, metrics and traces of the sync: who a line is about, what a run cost, how late it ended.

- Logger: while a run is handled every log line carries `tenant_id` and `task_id`, and the
  `intuit_tid` of QuickBooks' latest answer (what Intuit support asks for); Powertools' Logger
  keeps appended keys on every logger of the service, so lines written anywhere in the run have
  them.
- Metrics (namespace `Classbooks`, dimension `service`), one set per run: `SyncRuns` (dimension
  `outcome`: succeeded, failed, skipped, duplicate, retry), `QboCalls`, `QboThrottled` (429s),
  `QboMeteredReads`, `SyncLagSeconds` (a nightly run: from its scheduled 23:31 to done), and
  `AlertsPublished`. Written as CloudWatch embedded metric format on stdout: no API calls.
- Tracer: the handlers (app.py) are traced; Powertools turns tracing off outside Lambda.

`ObservedRun` wraps the worker's `SyncRun` to do all of this, then asks the alert service what the
run's end calls for (chalicelib/alerts/service.py).
"""
from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from aws_lambda_powertools import Logger, Metrics, Tracer

NAMESPACE = "Classbooks"
SERVICE = "classbooks"
F = TypeVar("F", bound=Callable[..., Any])


# Powertools' Logger, Metrics and Tracer are built on first use, not when this module is imported:
# `app.py` imports it on every Lambda init, and the Tracer alone loads the X-Ray SDK (a fifth of a
# second). `observability.logger`, `.metrics` and `.tracer` still name them (module `__getattr__`).
@functools.cache
def get_logger() -> Logger:
    from aws_lambda_powertools import Logger

    return Logger(service=SERVICE)


@functools.cache
def get_metrics() -> Metrics:
    from aws_lambda_powertools import Metrics

    return Metrics(namespace=NAMESPACE, service=SERVICE)


@functools.cache
def get_tracer() -> Tracer:
    from aws_lambda_powertools import Tracer

    return Tracer(service=SERVICE)


_BUILT = {"logger": get_logger, "metrics": get_metrics, "tracer": get_tracer}


def __getattr__(name: str) -> Any:
    if name in _BUILT:
        return _BUILT[name]()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def traced(function: F) -> F:
    """`tracer.capture_method(capture_response=False)`, the tracer built on the first call."""
    captured: list[Callable[..., Any]] = []

    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        if not captured:
            captured.append(get_tracer().capture_method(capture_response=False)(function))
        return captured[0](*args, **kwargs)

    return call  # type: ignore[return-value]

CORRELATION_KEYS = ("tenant_id", "task_id", "intuit_tid")


@dataclass
class RunMeter:
    """QuickBooks calls of the run in progress (counted by `qbo_answered`)."""

    qbo_calls: int = 0
    throttled: int = 0
    metered_reads: int = 0
    intuit_tid: str | None = None


_meter: ContextVar[RunMeter | None] = ContextVar("classbooks_run_meter", default=None)


@contextmanager
def run_scope(tenant_id: str, task_id: str) -> Iterator[RunMeter]:
    """Correlation ids on every log line, and a fresh meter, for one run."""
    meter = RunMeter()
    token = _meter.set(meter)
    logger = get_logger()
    logger.append_keys(tenant_id=tenant_id, task_id=task_id)
    try:
        yield meter
    finally:
        logger.remove_keys(list(CORRELATION_KEYS))
        _meter.reset(token)


def qbo_answered(status: int, headers: Mapping[str, str], metered: bool) -> None:
    """One QuickBooks answer (called by the QBO client): count it, keep its `intuit_tid`."""
    meter = _meter.get()
    tid = headers.get("intuit_tid")
    if tid:
        get_logger().append_keys(intuit_tid=tid)
    if meter is None:
        return
    meter.qbo_calls += 1
    meter.throttled += status == 429
    meter.metered_reads += bool(metered)
    meter.intuit_tid = tid or meter.intuit_tid


def lag_seconds(scheduled_for: dt.datetime | None, trigger: str, finished: dt.datetime) -> float | None:
    """A nightly run's lag from its scheduled time (23:31 local) to done; None for manual runs."""
    if trigger != "daily" or scheduled_for is None:
        return None
    return max(0.0, (finished - scheduled_for).total_seconds())


def run_metrics(outcome: str, meter: RunMeter, lag: float | None, alerts: int) -> list[tuple[str, str, float]]:
    """(name, unit, value) of one run, apart from `SyncRuns` (which carries the outcome)."""
    from aws_lambda_powertools.metrics import MetricUnit

    values: list[tuple[str, str, float]] = [("QboCalls", MetricUnit.Count.value, meter.qbo_calls),
                                            ("QboThrottled", MetricUnit.Count.value, meter.throttled),
                                            ("QboMeteredReads", MetricUnit.Count.value, meter.metered_reads),
                                            ("AlertsPublished", MetricUnit.Count.value, alerts)]
    if lag is not None and outcome != "retry":
        values.append(("SyncLagSeconds", MetricUnit.Seconds.value, lag))
    return [(name, unit, float(value)) for name, unit, value in values]


def emit_run(outcome: str, meter: RunMeter, lag: float | None, alerts: int) -> None:
    from aws_lambda_powertools.metrics import MetricUnit, single_metric

    metrics = get_metrics()
    with single_metric(name="SyncRuns", unit=MetricUnit.Count, value=1, namespace=NAMESPACE,
                       default_dimensions={"service": SERVICE}) as runs:
        runs.add_dimension(name="outcome", value=outcome)
    for name, unit, value in run_metrics(outcome, meter, lag, alerts):
        metrics.add_metric(name=name, unit=unit, value=value)
    metrics.flush_metrics()


@dataclass
class ObservedRun:
    """The worker's run, observed: correlation ids, metrics, alerts. Same interface as SyncRun."""

    run: Any  # chalicelib.sync.run.SyncRun
    alerts: Any  # chalicelib.alerts.service.Alerts
    clock: Callable[[], dt.datetime]

    def handle(self, msg: Any) -> Any:
        with run_scope(msg.tenant_id, msg.record_id) as meter:
            try:
                outcome = self.run.handle(msg)
            except Exception:
                emit_run("retry", meter, None, 0)
                raise
            published = []
            if outcome.status != "duplicate":
                tasks = getattr(self.run, "tasks", None)
                task = tasks.get(msg.tenant_id, outcome.task_id) if tasks is not None else None
                published = self.alerts.after_run(msg.tenant_id, outcome.task_id, outcome.status,
                                                  outcome.message, meter.metered_reads,
                                                  readback=task.readback if task is not None else None)
            lag = lag_seconds(msg.scheduled_for, getattr(msg.trigger, "value", msg.trigger), self.clock())
            emit_run(outcome.status, meter, lag, len(published))
            return outcome

    def give_up(self, msg: Any, reason: str) -> None:
        """The last delivery failed: the run marks the task failed; the platform hears of it."""
        with run_scope(msg.tenant_id, msg.record_id):
            self.run.give_up(msg, reason)
            task = self.run.tasks.get(msg.tenant_id, msg.record_id)
            if task is not None and task.status == "failed":
                published = self.alerts.after_run(msg.tenant_id, task.task_id, "failed", task.error or reason)
                lag = lag_seconds(msg.scheduled_for, getattr(msg.trigger, "value", msg.trigger), self.clock())
                emit_run("failed", RunMeter(), lag, len(published))

