"""Reset and disconnect (`chalicelib/services/reset.py`), through fakes."""
from __future__ import annotations

import datetime as dt

import pytest

from chalicelib.domain.schedule import Schedule
from chalicelib.errors import Conflict
from chalicelib.quickbooks.errors import IntuitUnavailable, NotConnected
from chalicelib.tenants.model import ConnectionStatus
from tests.unit.services.studio import ADMIN, World

POSTED = {"doc_number": "CB-1", "txn_date": "2026-01-02", "qbo_id": "9", "entity": "JournalEntry",
          "task_id": "task-1", "posted_at": "2026-01-03T06:00:00+00:00"}


def test_a_reset_forgets_settings_and_position_and_starts_a_new_generation() -> None:
    w = World().configured(cursor_seq=42, first_sync_done=True, generation=2, open_plan_task_id="task-7")
    w.schedules.ensure("t1", "America/Chicago")
    answer = w.reset().reset("t1", ADMIN)
    t = w.tenant()
    assert (t.go_live_date, t.schedule, t.cursor_seq, t.first_sync_done, t.open_plan_task_id) == (None, None, 0, False, None)
    assert t.generation == 3 and answer["generation"] == 3 and w.schedules.nightly == {}
    assert answer["previous"] == {"go_live_date": "2026-01-01", "schedule": "daily", "cursor_seq": 42}


def test_a_reset_keeps_the_connection() -> None:
    w = World().configured()
    w.reset().reset("t1", ADMIN)
    assert w.tenant().connected and w.tenant().realm_id == "111" and w.vault.load("t1") is not None


def test_a_reset_lists_what_the_integration_posted_for_review() -> None:
    w = World().configured()
    w.postings.by_tenant["t1"] = [POSTED]
    answer = w.reset().reset("t1", ADMIN)
    assert answer["posted_documents"] == [POSTED]
    assert w.audit.last("reset") == {"previous": answer["previous"], "posted_documents": 1, "generation": 1}


def test_a_reset_is_refused_while_a_sync_holds_the_lease() -> None:
    w = World().configured(lease_task_id="task-9", lease_expires_at=World.now + dt.timedelta(minutes=10))
    with pytest.raises(Conflict) as refused:
        w.reset().reset("t1", ADMIN)
    assert refused.value.code == "sync_running"
    assert w.tenant().go_live_date == dt.date(2026, 1, 1) and w.audit.events == []


def test_an_expired_lease_does_not_block_a_reset() -> None:
    w = World().configured(lease_task_id="task-9", lease_expires_at=World.now - dt.timedelta(minutes=1))
    w.reset().reset("t1", ADMIN)
    assert not w.tenant().configured


def test_disconnect_revokes_forgets_and_releases_the_company() -> None:
    w = World().configured(schedule=Schedule.DAILY)
    w.schedules.ensure("t1", "America/Chicago")
    answer = w.reset().disconnect("t1", ADMIN)
    assert answer == {"disconnected": True, "revoked_at_intuit": True, "realm_id": "111"}
    assert w.status() is ConnectionStatus.DISCONNECTED and w.oauth.revoked == ["refresh-0"]
    assert w.vault.load("t1") is None and w.claims.owner("111") is None and w.schedules.nightly == {}
    assert w.tenant().go_live_date == dt.date(2026, 1, 1)  # the settings stay for a reconnect


def test_disconnect_leaves_everything_when_intuit_is_unreachable() -> None:
    w = World().connected()
    w.oauth.revoke_fails = IntuitUnavailable("timed out")
    with pytest.raises(IntuitUnavailable):
        w.reset().disconnect("t1", ADMIN)
    assert w.tenant().connected and w.vault.load("t1") is not None and w.claims.owner("111") == "t1"


def test_disconnecting_a_studio_that_is_not_connected_is_refused() -> None:
    with pytest.raises(NotConnected):
        World().studio().reset().disconnect("t1", ADMIN)


def test_the_quickbooks_landing_disconnects_only_a_grant_that_is_gone() -> None:
    w = World().connected()
    assert w.reset().disconnected_in_quickbooks("111") == "still_connected"
    assert w.tenant().connected
    w.oauth.refused = True
    assert w.reset().disconnected_in_quickbooks("111") == "disconnected"
    assert w.status() is ConnectionStatus.DISCONNECTED and w.claims.owner("111") is None


def test_the_quickbooks_landing_ignores_a_company_nobody_holds() -> None:
    w = World().connected()
    assert w.reset().disconnected_in_quickbooks("999") == "unknown"
    assert w.tenant().connected
