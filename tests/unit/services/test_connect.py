"""Connecting a studio to its QuickBooks company (`chalicelib/services/connect.py`), through fakes."""
from __future__ import annotations

import datetime as dt

import pytest

from chalicelib.domain.schedule import Schedule
from chalicelib.errors import Conflict, NotFound
from chalicelib.services.connect import STATE_TTL, CallbackRefused, InvalidState
from chalicelib.tenants.model import ConnectionStatus
from tests.unit.services.studio import ADMIN, World

NONCE = "browser-nonce"


def started(w: World, tenant_id: str = "t1") -> str:
    """Press Connect in the studio's browser: the state Intuit will hand back."""
    w.connect().start(tenant_id, "admin-1", NONCE)
    return next(iter(w.states.rows))


def test_connect_starts_with_a_single_use_state_bound_to_studio_and_user() -> None:
    w = World().studio()
    url = w.connect().start("t1", "admin-1", NONCE)
    (state, record), = w.states.rows.items()
    assert state in url and (record.tenant_id, record.user_id) == ("t1", "admin-1")
    assert record.expires_at == w.now + STATE_TTL and record.browser_hash and NONCE not in record.browser_hash


def test_a_studio_the_platform_never_described_cannot_connect() -> None:
    with pytest.raises(NotFound):
        World().connect().start("nobody", "admin-1", NONCE)


def test_a_studio_younger_than_ninety_days_cannot_start() -> None:
    w = World().studio(created_at=dt.datetime(2026, 2, 1, tzinfo=dt.UTC))
    with pytest.raises(Conflict) as refused:
        w.connect().start("t1", "admin-1", NONCE)
    assert refused.value.code == "not_eligible" and not w.states.rows


def test_a_support_override_lets_a_young_studio_connect() -> None:
    w = World().studio(created_at=dt.datetime(2026, 2, 1, tzinfo=dt.UTC))
    verdict = w.connect().override_eligibility("t1", ("support-7", "support"), "  migrating studio ")
    assert verdict.eligible and w.tenant().eligibility_override is not None
    assert w.tenant().eligibility_override.reason == "migrating studio"
    assert w.audit.actions() == ["eligibility_override"]


def test_a_first_connection_records_the_company_tokens_and_claim() -> None:
    w = World().studio()
    done = w.connect().finish(started(w), "code", "111", browser_nonce=NONCE)
    t = w.tenant()
    assert (done.realm_id, done.company_name) == ("111", "Tumble Town LLC")
    assert t.connected and t.realm_id == "111" and t.plan == "QuickBooks Online Plus" and t.class_tracking
    assert t.book_close_date == dt.date(2025, 12, 31) and t.connected_by == "admin-1"
    assert w.claims.owner("111") == "t1" and w.vault.load("t1") is not None
    assert w.audit.last("connect")["plan"] == "QuickBooks Online Plus"


def test_reconnecting_the_same_company_continues_from_the_cursor() -> None:
    w = World().configured(cursor_seq=42, first_sync_done=True, generation=3)
    w.connect().finish(started(w), "code", "111", browser_nonce=NONCE)
    t = w.tenant()
    assert (t.cursor_seq, t.generation, t.go_live_date, t.schedule) == (42, 3, dt.date(2026, 1, 1), Schedule.DAILY)
    assert t.first_sync_done and w.schedules.nightly == {"t1": "America/Chicago"}
    assert w.audit.last("connect")["replaced_realm"] is None


def test_connecting_another_company_starts_afresh() -> None:
    w = World().configured(cursor_seq=42, first_sync_done=True, generation=3)
    w.schedules.ensure("t1", "America/Chicago")
    old = w.vault.load("t1")
    w.connect().finish(started(w), "code", "222", browser_nonce=NONCE)
    t = w.tenant()
    assert (t.cursor_seq, t.generation, t.go_live_date, t.schedule, t.first_sync_done) == (0, 4, None, None, False)
    assert t.realm_id == "222" and w.claims.owner("111") is None and w.claims.owner("222") == "t1"
    assert old is not None and old.tokens.refresh_token in w.oauth.revoked
    assert w.schedules.nightly == {} and w.audit.last("connect")["replaced_realm"] == "111"


def test_an_unknown_state_is_refused_naming_no_studio() -> None:
    w = World().studio()
    with pytest.raises(InvalidState):
        w.connect().finish("not-ours", "code", "111", browser_nonce=NONCE)
    assert not w.tenant().connected


def test_a_state_is_spent_once() -> None:
    w = World().studio()
    state = started(w)
    w.connect().finish(state, "code", "111", browser_nonce=NONCE)
    with pytest.raises(InvalidState, match="already used"):
        w.connect().finish(state, "code", "111", browser_nonce=NONCE)


def test_a_state_finished_in_another_browser_is_refused() -> None:
    w = World().studio()
    with pytest.raises(InvalidState) as refused:
        w.connect().finish(started(w), "code", "111", browser_nonce="another-browser")
    assert refused.value.code == "state_not_this_browser" and not w.tenant().connected


def test_an_expired_state_is_refused() -> None:
    w = World().studio()
    state = started(w)
    w.now += STATE_TTL
    with pytest.raises(InvalidState, match="expired"):
        w.connect().finish(state, "code", "111", browser_nonce=NONCE)


def test_a_company_another_studio_holds_is_refused_and_its_grant_revoked() -> None:
    w = World().studio()
    w.claims.held["111"] = "t2"
    with pytest.raises(CallbackRefused) as refused:
        w.connect().finish(started(w), "code", "111", browser_nonce=NONCE)
    assert refused.value.code == "realm_already_connected" and refused.value.tenant_id == "t1"
    assert w.oauth.revoked == ["refresh-1"] and not w.tenant().connected and w.vault.load("t1") is None


def test_a_plan_below_essentials_is_refused_and_nothing_is_stored() -> None:
    w = World().studio()
    with pytest.raises(CallbackRefused) as refused:
        w.connect().finish(started(w), "code", "333", browser_nonce=NONCE)
    assert refused.value.code == "plan_not_supported" and w.claims.owner("333") is None
    assert w.status() is ConnectionStatus.NOT_CONNECTED and w.oauth.revoked == ["refresh-1"]


def test_cancelling_at_intuit_stores_nothing() -> None:
    w = World().studio()
    with pytest.raises(CallbackRefused) as refused:
        w.connect().finish(started(w), "", "", error="access_denied", browser_nonce=NONCE)
    assert refused.value.code == "authorization_cancelled" and w.oauth.issued == 0


def test_the_admin_who_connected_is_the_audit_actor() -> None:
    w = World().studio()
    w.connect().finish(started(w), "code", "111", browser_nonce=NONCE)
    assert [(actor, action) for _, actor, action, _ in w.audit.events] == [(ADMIN, "connect")]
