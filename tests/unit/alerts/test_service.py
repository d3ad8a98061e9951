"""The alert service: what a finished run calls for, and that publishing never fails the run."""
from __future__ import annotations

import datetime as dt

from chalicelib.alerts import events as ev
from tests.unit.alerts.fakes import (
    NOW,
    Facts,
    Log,
    Metered,
    Schedules,
    Sink,
    build,
    nights,
)


def test_a_failed_run_alerts_sync_failed_with_the_reason() -> None:
    sink = Sink()
    build(sink=sink).after_run("t1", "task-1", "failed", "QuickBooks refused a document: Invalid account")
    ((alert,),) = sink.put_calls
    assert alert.detail_type == ev.SYNC_FAILED
    assert alert.detail()["reason"] == "QuickBooks refused a document: Invalid account"


def test_a_skipped_run_alerts_sync_skipped() -> None:
    sink = Sink()
    build(sink=sink).after_run("t1", "task-1", "skipped", "Sync skipped: the studio is unknown.")
    assert sink.types == [ev.SYNC_SKIPPED]


def test_a_succeeded_run_with_nothing_wrong_alerts_nothing() -> None:
    sink = Sink()
    assert build(sink=sink).after_run("t1", "task-1", "succeeded", "3 document(s) posted") == []
    assert sink.put_calls == []


def test_a_failure_that_left_the_tenant_needing_reauth_also_says_reconnect() -> None:
    sink = Sink()
    build(sink=sink, facts=Facts(status="needs_reauth")).after_run("t1", "task-1", "failed", "invalid_grant")
    assert sink.types == [ev.SYNC_FAILED, ev.NEEDS_RECONNECT]


def test_the_seventh_failed_night_in_a_row_pauses_the_schedule_and_says_so() -> None:
    sink, schedules = Sink(), Schedules()
    alerts = build(sink=sink, schedules=schedules, facts=Facts(runs=nights(ev.PAUSE_AFTER_NIGHTS)))
    alerts.after_run("t1", "n7", "failed", "QuickBooks refused a document")
    assert schedules.paused == ["t1"]
    assert sink.types == [ev.SYNC_FAILED, ev.TENANT_PAUSED]
    assert sink.put_calls[0][1].detail()["nights"] == ev.PAUSE_AFTER_NIGHTS


def test_six_failed_nights_do_not_pause() -> None:
    schedules = Schedules()
    build(schedules=schedules, facts=Facts(runs=nights(ev.PAUSE_AFTER_NIGHTS - 1))).after_run(
        "t1", "n6", "failed", "x")
    assert schedules.paused == []


def test_a_schedule_already_paused_is_not_announced_again() -> None:
    sink = Sink()
    build(sink=sink, schedules=Schedules(paused=["t1"]),
          facts=Facts(runs=nights(ev.PAUSE_AFTER_NIGHTS + 1))).after_run("t1", "n8", "failed", "x")
    assert ev.TENANT_PAUSED not in sink.types


def test_a_refresh_token_near_its_cap_is_announced_after_any_run() -> None:
    sink = Sink()
    build(sink=sink, facts=Facts(expires=NOW + dt.timedelta(days=12))).after_run("t1", "k", "succeeded", "ok")
    ((alert,),) = sink.put_calls
    assert alert.detail_type == ev.REFRESH_TOKEN_EXPIRING and alert.detail()["days_left"] == 12


def test_a_runs_metered_reads_that_cross_80_per_cent_of_the_allowance_alert_once() -> None:
    sink, metered = Sink(), Metered(totals={"2026-12": 399_990})
    alerts = build(sink=sink, metered=metered)
    alerts.after_run("t1", "k1", "succeeded", "ok", metered_reads=20)
    alerts.after_run("t2", "k2", "succeeded", "ok", metered_reads=20)
    assert sink.types == [ev.METERED_READS_NEAR_ALLOWANCE]
    assert sink.put_calls[0][0].detail()["used"] == 400_010
    assert metered.totals == {"2026-12": 400_030}


def test_alerts_are_recorded_for_the_support_view() -> None:
    log = Log()
    build(log=log).after_run("t1", "task-1", "failed", "x")
    assert [a.detail_type for a in log.recorded] == [ev.SYNC_FAILED]


def test_a_bus_that_is_down_does_not_fail_the_run() -> None:
    log = Log()
    assert build(sink=Sink(broken=True), log=log).after_run("t1", "task-1", "failed", "x") == []
    assert len(log.recorded) == 1  # support still sees it


def test_a_broken_check_does_not_fail_the_run() -> None:
    class Broken(Facts):
        def connection_status(self, tenant_id: str) -> str | None:
            raise RuntimeError("DynamoDB is down")

    assert build(facts=Broken()).after_run("t1", "task-1", "failed", "x") == []


def test_drift_found_by_the_read_back_alerts_with_the_accounts() -> None:
    sink = Sink()
    drift = {"status": "drift", "as_of": "2026-03-02",
             "accounts": [{"account": "Classbooks Receivables (Tumble Town)", "expected": "25.00",
                           "in_quickbooks": "0.00", "difference": "-25.00"}]}
    build(sink=sink).after_run("t1", "task-1", "succeeded", "3 document(s) posted", readback=drift)
    assert sink.types == [ev.DRIFT_FOUND]
    assert sink.put_calls[0][0].detail()["differences"][0]["difference"] == "-25.00"


def test_a_clean_read_back_alerts_nothing() -> None:
    sink = Sink()
    build(sink=sink).after_run("t1", "task-1", "succeeded", "1 document(s) posted",
                               readback={"status": "ok", "accounts": []})
    assert sink.put_calls == []
