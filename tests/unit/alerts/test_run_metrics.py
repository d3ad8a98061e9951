"""The metrics and log correlation a sync run emits (chalicelib/observability.py).

Powertools writes CloudWatch embedded-metric-format JSON to stdout; these tests read it back.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass, field
from typing import Any

import pytest

from chalicelib import observability
from chalicelib.domain.schedule import Trigger
from chalicelib.observability import ObservedRun
from chalicelib.sync.messages import SyncMessage
from chalicelib.sync.run import Outcome, RetryLater
from tests.unit.alerts.fakes import Sink, build

SCHEDULED = dt.datetime(2026, 12, 2, 5, 31, tzinfo=dt.UTC)  # 23:31 in Chicago
DONE = SCHEDULED + dt.timedelta(minutes=9)
NIGHTLY = SyncMessage("t1", Trigger.DAILY, "exec-1", SCHEDULED)


@dataclass
class FakeRun:
    """Answers like SyncRun; meanwhile 'calls QuickBooks' the way the QBO client reports calls."""

    outcome: Outcome | Exception
    answers: list[tuple[int, dict[str, str], bool]] = field(default_factory=list)
    seen_keys: dict[str, Any] = field(default_factory=dict)

    def handle(self, msg: SyncMessage) -> Outcome:
        for status, headers, metered in self.answers:
            observability.qbo_answered(status, headers, metered)
        self.seen_keys = dict(observability.logger.get_current_keys())
        if isinstance(self.outcome, Exception):
            raise self.outcome
        return self.outcome


def emitted(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    """Every metric written as EMF: name, value, dimensions."""
    found = []
    for line in capsys.readouterr().out.splitlines():
        try:
            blob = json.loads(line)
        except ValueError:
            continue
        if "_aws" not in blob:
            continue
        (directive,) = blob["_aws"]["CloudWatchMetrics"]
        dimensions = {d: blob[d] for group in directive["Dimensions"] for d in group}
        for metric in directive["Metrics"]:
            value = blob[metric["Name"]]
            found.append({"name": metric["Name"], "value": value[0] if isinstance(value, list) else value,
                          "unit": metric["Unit"], "dimensions": dimensions, "namespace": directive["Namespace"]})
    return found


def by_name(metrics: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {m["name"]: m for m in metrics}


def observed(run: FakeRun, sink: Sink | None = None) -> ObservedRun:
    return ObservedRun(run, build(sink=sink or Sink()), clock=lambda: DONE)


def test_a_nightly_run_emits_its_outcome_qbo_calls_throttles_reads_and_lag(capsys) -> None:
    run = FakeRun(Outcome("succeeded", "20261202T053100Z-daily", "2 document(s) posted"),
                  answers=[(200, {"intuit_tid": "1-abc"}, True), (429, {}, True), (200, {}, False)])
    observed(run).handle(NIGHTLY)
    metrics = by_name(emitted(capsys))
    assert metrics["SyncRuns"]["value"] == 1
    assert metrics["SyncRuns"]["dimensions"] == {"service": "classbooks", "outcome": "succeeded"}
    assert metrics["QboCalls"]["value"] == 3
    assert metrics["QboThrottled"]["value"] == 1
    assert metrics["QboMeteredReads"]["value"] == 2
    assert metrics["SyncLagSeconds"] == {"name": "SyncLagSeconds", "value": 540.0, "unit": "Seconds",
                                         "dimensions": {"service": "classbooks"}, "namespace": "Classbooks"}
    assert metrics["AlertsPublished"]["value"] == 0


def test_a_failed_run_counts_the_alerts_it_published(capsys) -> None:
    sink = Sink()
    refused = Outcome("failed", "task-1", "QuickBooks refused a document", dead_letter=True)
    observed(FakeRun(refused), sink).handle(NIGHTLY)
    metrics = by_name(emitted(capsys))
    assert metrics["SyncRuns"]["dimensions"]["outcome"] == "failed"
    assert metrics["AlertsPublished"]["value"] == 1 and sink.types == ["Sync failed"]


def test_a_manual_run_has_no_lag(capsys) -> None:
    manual = SyncMessage("t1", Trigger.MANUAL, "m-1")
    observed(FakeRun(Outcome("succeeded", "m-1", "ok"))).handle(manual)
    assert "SyncLagSeconds" not in by_name(emitted(capsys))


def test_a_run_that_will_be_retried_counts_as_retry_and_re_raises(capsys) -> None:
    with pytest.raises(RetryLater):
        observed(FakeRun(RetryLater("QuickBooks did not answer"))).handle(NIGHTLY)
    metrics = by_name(emitted(capsys))
    assert metrics["SyncRuns"]["dimensions"]["outcome"] == "retry"
    assert "SyncLagSeconds" not in metrics


def test_every_log_line_of_a_run_carries_tenant_task_and_intuit_tid(capsys) -> None:
    run = FakeRun(Outcome("succeeded", "t", "ok"), answers=[(200, {"intuit_tid": "1-abc"}, True)])
    observed(run).handle(NIGHTLY)
    assert {k: run.seen_keys.get(k) for k in observability.CORRELATION_KEYS} == {
        "tenant_id": "t1", "task_id": NIGHTLY.record_id, "intuit_tid": "1-abc"}
    # and they are gone once the run is over: the next record starts clean
    assert not set(observability.CORRELATION_KEYS) & set(observability.logger.get_current_keys())


def test_a_duplicate_delivery_publishes_no_alerts(capsys) -> None:
    sink = Sink()
    observed(FakeRun(Outcome("duplicate", "t", "task is already failed")), sink).handle(NIGHTLY)
    assert sink.put_calls == []
    assert by_name(emitted(capsys))["SyncRuns"]["dimensions"]["outcome"] == "duplicate"


logging.getLogger("aws_lambda_powertools").setLevel(logging.ERROR)
