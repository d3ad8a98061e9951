"""Alert events: stable ids the platform dedupes on, and the rules that decide when one is due."""
from __future__ import annotations

import datetime as dt

from chalicelib.alerts import events as ev
from tests.unit.alerts.fakes import NOW


def test_the_same_trouble_seen_twice_has_the_same_id() -> None:
    first = ev.sync_failed("t1", "20261202T053100Z-daily", "QuickBooks refused a document", NOW)
    again = ev.sync_failed("t1", "20261202T053100Z-daily", "a different wording", NOW + dt.timedelta(minutes=5))
    assert first.alert_id == again.alert_id


def test_another_task_tenant_or_kind_has_another_id() -> None:
    base = ev.sync_failed("t1", "task-1", "x", NOW)
    assert len({base.alert_id, ev.sync_failed("t1", "task-2", "x", NOW).alert_id,
                ev.sync_failed("t2", "task-1", "x", NOW).alert_id,
                ev.sync_skipped("t1", "task-1", "x", NOW).alert_id}) == 4


def test_the_detail_carries_the_id_the_tenant_the_reason_and_the_time() -> None:
    detail = ev.sync_skipped("t1", "task-1", "Sync skipped: the studio is onboarding.", NOW).detail()
    assert detail == {"alert_id": ev.alert_id(ev.SYNC_SKIPPED, "t1", "task-1"), "type": "Sync skipped",
                      "tenant_id": "t1", "occurred_at": "2026-12-02T05:40:00Z",
                      "reason": "Sync skipped: the studio is onboarding.", "task_id": "task-1"}


def test_needs_reconnect_alerts_once_a_day_while_the_connection_stays_broken() -> None:
    morning = ev.needs_reconnect("t1", NOW, "invalid_grant")
    evening = ev.needs_reconnect("t1", NOW + dt.timedelta(hours=12), "invalid_grant")
    tomorrow = ev.needs_reconnect("t1", NOW + dt.timedelta(days=1), "invalid_grant")
    assert morning.alert_id == evening.alert_id != tomorrow.alert_id


def test_every_alert_kind_has_its_detail_type() -> None:
    made = [ev.sync_failed("t", "k", "r", NOW), ev.sync_skipped("t", "k", "r", NOW),
            ev.needs_reconnect("t", NOW, "r"), ev.drift_found("t", "2026-12-01", [{"account": "4000"}], NOW),
            ev.refresh_token_expiring("t", NOW + dt.timedelta(days=9), NOW), ev.tenant_paused("t", 7, "k", NOW),
            ev.metered_reads_near_allowance("2026-12", 400_000, 500_000, 0.8, NOW)]
    assert [a.detail_type for a in made] == list(ev.DETAIL_TYPES)


def test_a_refresh_token_with_a_month_or_less_left_is_near_the_five_year_cap() -> None:
    assert ev.refresh_cap_near(NOW + dt.timedelta(days=30), NOW)
    assert not ev.refresh_cap_near(NOW + dt.timedelta(days=99), NOW)  # the usual 100-day roll
    assert not ev.refresh_cap_near(None, NOW)


def test_each_expiry_date_alerts_once_whatever_day_it_is_noticed() -> None:
    expires = NOW + dt.timedelta(days=20)
    assert (ev.refresh_token_expiring("t1", expires, NOW).alert_id
            == ev.refresh_token_expiring("t1", expires, NOW + dt.timedelta(days=3)).alert_id)
    assert ev.refresh_token_expiring("t1", expires, NOW).detail()["days_left"] == 20


def test_failed_nights_are_counted_back_to_the_last_good_one() -> None:
    runs = [{"trigger": "daily", "status": "failed", "task_id": "n3"},
            {"trigger": "manual", "status": "succeeded", "task_id": "m1"},  # manual runs do not count
            {"trigger": "daily", "status": "failed", "task_id": "n2"},
            {"trigger": "daily", "status": "succeeded", "task_id": "n1"},
            {"trigger": "daily", "status": "failed", "task_id": "n0"}]
    assert ev.consecutive_failed_nights(runs) == 2


def test_a_skipped_night_ends_a_failing_streak() -> None:
    runs = [{"trigger": "daily", "status": "failed", "task_id": "n2"},
            {"trigger": "daily", "status": "skipped", "task_id": "n1"}]
    assert ev.consecutive_failed_nights(runs) == 1


def test_a_run_still_in_progress_is_passed_over() -> None:
    runs = [{"trigger": "daily", "status": "running", "task_id": "n3"},
            {"trigger": "daily", "status": "failed", "task_id": "n2"}]
    assert ev.consecutive_failed_nights(runs) == 1


def test_each_allowance_share_is_crossed_once() -> None:
    assert ev.allowance_shares_crossed(399_999, 400_000) == [0.8]
    assert ev.allowance_shares_crossed(400_000, 470_000) == []
    assert ev.allowance_shares_crossed(390_000, 480_000) == [0.8, 0.95]
