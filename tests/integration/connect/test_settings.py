"""Configure QuickBooks Integration: Go Live Date rules, the overlap warning, the schedule.

Once connected, the clock is set to Friday 2026-11-20, noon in Chicago; the Plus company's fiscal
year runs July to June, so the current fiscal year is 2026-07-01 .. 2027-06-30 and today is the
latest allowed Go Live Date.
"""
from __future__ import annotations

import datetime as dt
import json

import pytest

from chalicelib.aws.schedules import schedule_name
from chalicelib.quickbooks.client import qbo_client
from tests.integration.connect.conftest import json_body

FRIDAY_NOON_IN_CHICAGO = dt.datetime(2026, 11, 20, 18, 0, tzinfo=dt.UTC)


@pytest.fixture
def connected(connected, clock):
    """The connected studio, on a known day (connecting itself happens at real time)."""
    clock.now = FRIDAY_NOON_IN_CHICAGO
    return connected


def _journal_entry(container, tenant_id: str, day: str) -> None:
    """A journal entry keyed in QBO directly (what the accountant did before integrating)."""
    creds = container.access_tokens().fresh(tenant_id)
    qb = qbo_client(container.config, creds.realm_id, creds.access_token)
    lines = [{"Amount": 25.0, "DetailType": "JournalEntryLineDetail",
              "JournalEntryLineDetail": {"PostingType": side, "AccountRef": {"value": account}}}
             for side, account in (("Debit", "1"), ("Credit", "2"))]
    qb.create_object("JournalEntry", json.dumps({"TxnDate": day, "Line": lines}))


def test_a_go_live_date_before_the_current_fiscal_year_is_refused(connected):
    reply = connected.configure("2026-06-30")
    assert reply.status_code == 400
    body = json_body(reply)
    assert body["error"] == "invalid_go_live_date"
    assert "outside the current fiscal year" in body["message"] and "2026-07-01" in body["message"]


def test_a_go_live_date_in_the_future_is_refused(connected):
    reply = connected.configure("2026-11-21")
    assert (reply.status_code, json_body(reply)["error"]) == (400, "invalid_go_live_date")
    assert "in the future" in json_body(reply)["message"]


def test_a_go_live_date_before_the_last_data_import_is_refused(connected):
    connected.profile(last_import_at=dt.datetime(2026, 9, 15, 16, 0, tzinfo=dt.UTC))
    reply = connected.configure("2026-09-14")
    assert (reply.status_code, json_body(reply)["error"]) == (400, "invalid_go_live_date")
    assert "before the last data import (2026-09-15)" in json_body(reply)["message"]


def test_settings_show_the_allowed_go_live_range_before_configuration(connected):
    reply = connected.get("settings")
    assert json_body(reply)["allowed_go_live"] == {"earliest": "2026-07-01", "latest": "2026-11-20"}


def test_configuring_saves_the_go_live_date_and_schedule(connected):
    reply = connected.configure("2026-07-01", "manual")
    assert reply.status_code == 200, reply.body
    body = json_body(reply)
    assert (body["go_live_date"], body["schedule"], body["configured"]) == ("2026-07-01", "manual", True)
    assert body["overlap"] == []
    assert json_body(connected.get("settings"))["go_live_locked"] is True


def test_the_go_live_date_cannot_be_changed_without_a_reset(connected):
    connected.configure("2026-07-01")
    reply = connected.put("settings", {"go_live_date": "2026-08-01"})
    assert reply.status_code == 409
    assert json_body(reply)["error"] == "go_live_locked"
    assert "reset" in json_body(reply)["message"]
    assert json_body(connected.get("settings"))["go_live_date"] == "2026-07-01"


def test_first_configuration_needs_a_go_live_date(connected):
    reply = connected.put("settings", {"schedule": "daily"})
    assert reply.status_code == 400


def test_settings_need_a_connection(studio):
    reply = studio.configure("2026-07-01")
    assert (reply.status_code, json_body(reply)["error"]) == (409, "not_connected")


def test_documents_already_in_quickbooks_on_or_after_go_live_are_warned_about_before_saving(connected, container):
    _journal_entry(container, connected.tenant_id, "2026-08-03")
    reply = connected.configure("2026-08-01")
    assert reply.status_code == 409
    body = json_body(reply)
    assert body["error"] == "go_live_overlap"
    assert body["details"] == [{"entity": "JournalEntry", "count": 1}]
    assert "confirm_overlap" in body["message"]
    assert json_body(connected.get("settings"))["go_live_date"] is None


def test_a_confirmed_overlap_is_saved_and_reported(connected, container):
    _journal_entry(container, connected.tenant_id, "2026-08-03")
    reply = connected.configure("2026-08-01", confirm_overlap=True)
    assert reply.status_code == 200, reply.body
    assert json_body(reply)["go_live_date"] == "2026-08-01"
    assert json_body(reply)["overlap"] == [{"entity": "JournalEntry", "count": 1}]


def test_documents_dated_before_go_live_are_no_overlap(connected, container):
    _journal_entry(container, connected.tenant_id, "2026-07-15")
    assert connected.configure("2026-08-01").status_code == 200


def test_daily_keeps_a_2331_local_schedule_that_sends_the_sync_message(connected, container):
    assert connected.configure("2026-07-01", "daily").status_code == 200
    found = container.schedules().describe(connected.tenant_id)
    config = container.config
    assert found["Name"] == schedule_name(connected.tenant_id) and found["GroupName"] == config.scheduler_group
    assert found["ScheduleExpression"] == "cron(31 23 * * ? *)"
    assert found["ScheduleExpressionTimezone"] == "America/Chicago"
    target = found["Target"]
    assert (target["Arn"], target["RoleArn"]) == (config.sync_queue_arn, config.scheduler_role_arn)
    assert target["DeadLetterConfig"] == {"Arn": config.sync_dlq_arn}
    assert json.loads(target["Input"]) == {
        "tenant_id": connected.tenant_id, "trigger": "daily",
        "task_id": "<aws.scheduler.execution-id>", "scheduled_for": "<aws.scheduler.scheduled-time>"}


def test_switching_to_manual_restarts_the_timer_and_deletes_the_schedule(connected, container, clock):
    connected.configure("2026-07-01", "daily")
    clock.advance(hours=5)
    reply = connected.put("settings", {"schedule": "manual"})
    assert reply.status_code == 200
    assert json_body(reply)["schedule_changed_at"] == clock().isoformat()
    assert container.schedules().describe(connected.tenant_id) is None


def test_the_first_choice_of_schedule_does_not_start_the_timer(connected):
    body = json_body(connected.configure("2026-07-01", "daily"))
    assert body["schedule_changed_at"] is None
    assert connected.status()["next_sync_at"] == "2026-11-21T05:31:00+00:00"


def test_settings_changes_are_audited(connected, container):
    connected.configure("2026-07-01", "manual")
    events = [e for e in container.models.AuditEvent.query(f"tenant#{connected.tenant_id}") if e.action == "settings"]
    assert events[0].detail["changes"] == {"go_live_date": "2026-07-01", "schedule": "manual"}
