"""Each tenant gets exactly one status; the precedence is connection, failing, skipped, never synced."""
from __future__ import annotations

from chalicelib.support.status import classify, latest_fire
from tests.unit.support.builders import at, daily_run, manual_run, snapshot, tenant

MORNING = at("2026-01-15 09:00")


def test_a_tenant_that_never_connected_is_not_connected():
    assert classify(snapshot(tenant(connection_status="not_connected")), MORNING) == "not_connected"


def test_a_disconnected_tenant_is_disconnected():
    assert classify(snapshot(tenant(connection_status="disconnected")), MORNING) == "disconnected"


def test_needs_reauth_wins_over_a_failed_run():
    failed = daily_run("2026-01-14 23:31", "failed", error="invalid_grant")
    assert classify(snapshot(tenant(connection_status="needs_reauth"), failed), MORNING) == "needs_reauth"


def test_a_tenant_whose_newest_run_that_ran_failed_is_failing():
    s = snapshot(tenant(), daily_run("2026-01-13 23:31"), daily_run("2026-01-14 23:31", "failed", error="x"))
    assert classify(s, MORNING) == "failing"


def test_a_failure_followed_by_a_success_is_healthy():
    s = snapshot(tenant(), daily_run("2026-01-13 23:31", "failed", error="x"), daily_run("2026-01-14 23:31"))
    assert classify(s, MORNING) == "healthy"


def test_a_tenant_whose_last_nightly_task_was_skipped_is_skipped_last_night():
    s = snapshot(tenant(), manual_run("2026-01-14 17:05"), daily_run("2026-01-14 23:31", "skipped"))
    assert classify(s, MORNING) == "skipped_last_night"


def test_a_skip_two_nights_ago_is_not_last_night():
    s = snapshot(tenant(), daily_run("2026-01-13 23:31", "skipped"), daily_run("2026-01-12 23:31"))
    assert classify(s, MORNING) == "healthy"


def test_after_tonights_fire_last_night_means_tonight():
    s = snapshot(tenant(), daily_run("2026-01-14 23:31"), daily_run("2026-01-15 23:31", "skipped"))
    assert classify(s, at("2026-01-15 23:50")) == "skipped_last_night"
    assert classify(s, at("2026-01-15 23:00")) == "healthy"  # that skip is still in the future here


def test_a_connected_tenant_without_a_successful_run_is_never_synced():
    s = snapshot(tenant(first_sync_done=False), manual_run("2026-01-14 17:05", "skipped"))
    assert classify(s, MORNING) == "never_synced"


def test_a_tenant_whose_runs_succeeded_is_healthy():
    assert classify(snapshot(tenant(), daily_run("2026-01-14 23:31")), MORNING) == "healthy"


def test_the_latest_fire_is_yesterdays_before_1131_pm_and_tonights_after():
    assert latest_fire(at("2026-01-15 23:30"), "America/Chicago") == at("2026-01-14 23:31")
    assert latest_fire(at("2026-01-15 23:31"), "America/Chicago") == at("2026-01-15 23:31")


def test_the_latest_fire_follows_the_tenants_own_time_zone():
    # 9:00 AM in Chicago is already midnight on the 16th in Tokyo: Tokyo's last fire was the 15th's
    assert latest_fire(at("2026-01-15 09:00"), "Asia/Tokyo") == at("2026-01-15 23:31", "Asia/Tokyo")
