"""Configure QuickBooks Integration (`chalicelib/services/settings.py`), through fakes."""
from __future__ import annotations

import datetime as dt

import pytest

from chalicelib.domain.schedule import Schedule
from chalicelib.errors import Conflict, InvalidRequest
from chalicelib.quickbooks.errors import NeedsReauthorization, NotConnected
from chalicelib.services.settings import SettingsService
from chalicelib.services.tokens import Credentials
from chalicelib.tenants.model import ConnectionStatus
from tests.unit.services.studio import ADMIN, World

GO_LIVE = "2026-02-01"


def test_the_first_save_sets_go_live_date_and_schedule() -> None:
    w = World().connected()
    view = w.settings().put("t1", ADMIN, {"go_live_date": GO_LIVE, "schedule": "manual"})
    t = w.tenant()
    assert (t.go_live_date, t.schedule, t.schedule_changed_at) == (dt.date(2026, 2, 1), Schedule.MANUAL, None)
    assert view["go_live_date"] == GO_LIVE and view["schedule"] == "manual" and view["configured"]
    assert w.audit.last("settings")["changes"] == {"go_live_date": GO_LIVE, "schedule": "manual"}


def test_a_daily_schedule_keeps_a_nightly_schedule_in_the_studios_zone() -> None:
    w = World().connected()
    w.settings().put("t1", ADMIN, {"go_live_date": GO_LIVE, "schedule": "daily"})
    assert w.schedules.nightly == {"t1": "America/Chicago"}


def test_switching_to_manual_removes_the_nightly_schedule_and_restarts_the_timer() -> None:
    w = World().configured(schedule=Schedule.DAILY)
    w.schedules.ensure("t1", "America/Chicago")
    w.now += dt.timedelta(hours=2)
    w.settings().put("t1", ADMIN, {"schedule": "manual"})
    assert w.tenant().schedule is Schedule.MANUAL and w.tenant().schedule_changed_at == w.now
    assert w.schedules.nightly == {}


def test_saving_the_same_settings_again_changes_and_audits_nothing() -> None:
    w = World().configured(schedule=Schedule.MANUAL)
    before = w.tenants.writes
    w.settings().put("t1", ADMIN, {"go_live_date": "2026-01-01", "schedule": "manual"})
    assert w.tenants.writes == before and w.audit.events == []


def test_the_go_live_date_cannot_be_edited_once_set() -> None:
    w = World().configured()
    with pytest.raises(Conflict) as refused:
        w.settings().put("t1", ADMIN, {"go_live_date": GO_LIVE})
    assert refused.value.code == "go_live_locked" and w.tenant().go_live_date == dt.date(2026, 1, 1)


def test_a_go_live_date_in_the_future_is_refused() -> None:
    w = World().connected()
    with pytest.raises(InvalidRequest) as refused:
        w.settings().put("t1", ADMIN, {"go_live_date": "2026-03-10", "schedule": "manual"})
    assert refused.value.code == "invalid_go_live_date" and w.tenant().go_live_date is None


def test_a_go_live_date_before_the_fiscal_year_is_refused() -> None:
    w = World().connected()
    with pytest.raises(InvalidRequest, match="outside the current fiscal year"):
        w.settings().put("t1", ADMIN, {"go_live_date": "2025-12-31", "schedule": "manual"})


def test_the_first_save_needs_a_go_live_date_and_a_schedule() -> None:
    w = World().connected()
    with pytest.raises(InvalidRequest, match="choose a Go Live Date"):
        w.settings().put("t1", ADMIN, {"schedule": "manual"})
    with pytest.raises(InvalidRequest, match="choose a Synchronization Schedule"):
        w.settings().put("t1", ADMIN, {"go_live_date": GO_LIVE})
    with pytest.raises(InvalidRequest, match="daily or manual"):
        w.settings().put("t1", ADMIN, {"go_live_date": GO_LIVE, "schedule": "hourly"})
    assert not w.tenant().configured


def test_documents_already_in_quickbooks_refuse_the_date_until_confirmed() -> None:
    w = World().connected()
    w.company.documents["111"] = {dt.date(2026, 2, 10): {"Deposit": 2}}
    with pytest.raises(Conflict) as refused:
        w.settings().put("t1", ADMIN, {"go_live_date": GO_LIVE, "schedule": "manual"})
    assert refused.value.code == "go_live_overlap" and refused.value.details == [{"entity": "Deposit", "count": 2}]
    assert w.tenant().go_live_date is None
    view = w.settings().put("t1", ADMIN, {"go_live_date": GO_LIVE, "schedule": "manual", "confirm_overlap": True})
    assert view["overlap"] == [{"entity": "Deposit", "count": 2}] and w.tenant().go_live_date == dt.date(2026, 2, 1)


def test_confirm_overlap_must_be_a_boolean() -> None:
    w = World().connected()
    with pytest.raises(InvalidRequest, match="confirm_overlap"):
        w.settings().put("t1", ADMIN, {"go_live_date": GO_LIVE, "schedule": "manual", "confirm_overlap": "yes"})


def test_settings_need_a_connected_company() -> None:
    with pytest.raises(NotConnected):
        World().studio().settings().put("t1", ADMIN, {"go_live_date": GO_LIVE, "schedule": "manual"})


def test_settings_wait_for_reauthorisation() -> None:
    w = World().connected(connection_status=ConnectionStatus.NEEDS_REAUTH)
    with pytest.raises(NeedsReauthorization):
        w.settings().put("t1", ADMIN, {"go_live_date": GO_LIVE, "schedule": "manual"})


def test_a_disconnect_between_read_and_write_is_a_conflict() -> None:
    w = World().connected()

    class DisconnectsFirst:
        def fresh(self, tenant_id: str) -> Credentials:  # the overlap check runs between read and write
            creds = w.access_tokens().fresh(tenant_id)
            w.tenants.mark_disconnected(tenant_id)
            return creds
    service = SettingsService(w.tenants, w.runs, DisconnectsFirst(), w.company, w.schedules, w.audit, w.clock)
    with pytest.raises(Conflict) as refused:
        service.put("t1", ADMIN, {"go_live_date": GO_LIVE, "schedule": "manual"})
    assert refused.value.code == "conflict" and w.tenant().go_live_date is None


def test_the_allowed_range_runs_from_the_fiscal_year_to_today() -> None:
    view = World().connected().settings().get("t1")
    assert view["allowed_go_live"] == {"earliest": "2026-01-01", "latest": "2026-03-02"}


def test_status_shows_the_connection_and_never_the_tokens() -> None:
    w = World().configured(schedule=Schedule.MANUAL)
    status = w.settings().status("t1")
    assert status["connection"]["status"] == "connected" and status["connection"]["realm_id"] == "111"
    assert status["settings"]["go_live_date"] == "2026-01-01" and status["sync_now_available"]
    assert "access-0" not in repr(status) and "refresh-0" not in repr(status)
