"""One contract for `TenantRepository`: the in-memory fake and the DynamoDB adapter pass the same cases.

A fake that drifts from the real adapter (a condition it forgets, a default it invents) fails here.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from chalicelib.domain.schedule import Schedule
from chalicelib.store.models import build_models
from chalicelib.store.tenants import DynamoTenants
from chalicelib.tenants.attention import RunEnd
from chalicelib.tenants.model import Connection, ConnectionStatus, EligibilityOverride, Location, Profile
from chalicelib.tenants.repository import NoProfile, SettingsChange, TenantConflict, TenantRepository, TenantScan
from tests.fakes.tenants import InMemoryTenants

UTC = dt.UTC
NOW = dt.datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
TTL = dt.timedelta(minutes=15)
PROFILE = Profile(name="Tumble Town", timezone="America/Chicago", created_at=dt.datetime(2024, 1, 5, tzinfo=UTC),
                  locations=(Location("L1", "Downtown"),))
COMPANY = Connection(realm_id="r1", company_name="Tumble Town LLC", plan="QuickBooks Online Plus",
                     fiscal_year_start_month=1, book_close_date=dt.date(2025, 12, 31), class_tracking=True,
                     connected_at=NOW, connected_by="admin-1")


@pytest.fixture(params=["in_memory", "dynamodb_local"])
def tenants(request: pytest.FixtureRequest) -> TenantRepository:
    if request.param == "in_memory":
        return InMemoryTenants()
    config = request.getfixturevalue("config")
    return DynamoTenants(build_models(config).Tenant)


Repo = TenantRepository


def connected(tenants: Repo, tenant_id: str = "t1", schedule: Schedule = Schedule.MANUAL) -> None:
    tenants.put_profile(tenant_id, PROFILE, NOW)
    tenants.record_connection(tenant_id, COMPANY, fresh_start=False)
    tenants.configure(tenant_id, SettingsChange(go_live_date=dt.date(2026, 1, 1), schedule=schedule))


def conflict(write: Callable[[], object]) -> None:
    with pytest.raises(TenantConflict):
        write()


def test_an_unknown_tenant_reads_as_none(tenants: Repo) -> None:
    assert tenants.get("nobody") is None


def test_the_first_profile_creates_the_tenant_with_its_counters_at_zero(tenants: Repo) -> None:
    assert tenants.put_profile("t1", PROFILE, NOW) is True
    t = tenants.get("t1")
    assert t is not None and t.has_profile and t.name == "Tumble Town" and t.tz == "America/Chicago"
    assert (t.next_seq, t.cursor_seq, t.generation) == (0, 0, 0)
    assert t.locations == (Location("L1", "Downtown"),) and t.connection_status is ConnectionStatus.NOT_CONNECTED


def test_a_later_profile_updates_it_and_touches_nothing_else(tenants: Repo) -> None:
    connected(tenants)
    assert tenants.put_profile("t1", PROFILE.__class__(name="Tumble Town West", timezone="America/Denver",
                                                         created_at=PROFILE.created_at), NOW) is False
    t = tenants.get("t1")
    assert t is not None and t.name == "Tumble Town West" and t.tz == "America/Denver"
    assert t.connected and t.go_live_date == dt.date(2026, 1, 1) and t.locations == ()


def test_seqs_cannot_be_allocated_before_the_profile(tenants: Repo) -> None:
    with pytest.raises(NoProfile):
        tenants.allocate_seqs("t1", 3, NOW)


def test_seq_allocations_are_consecutive_and_never_overlap(tenants: Repo) -> None:
    tenants.put_profile("t1", PROFILE, NOW)
    assert tenants.allocate_seqs("t1", 3, NOW) == 1
    assert tenants.allocate_seqs("t1", 2, NOW) == 4
    t = tenants.get("t1")
    assert t is not None and t.next_seq == 5 and t.ledger_alloc_at == NOW


def test_a_connection_needs_a_tenant(tenants: Repo) -> None:
    conflict(lambda: tenants.record_connection("nobody", COMPANY, fresh_start=False))


def test_a_connection_records_the_company(tenants: Repo) -> None:
    tenants.put_profile("t1", PROFILE, NOW)
    tenants.record_connection("t1", COMPANY, fresh_start=False)
    t = tenants.get("t1")
    assert t is not None and t.connected and t.realm_id == "r1" and t.plan == "QuickBooks Online Plus"
    assert t.book_close_date == dt.date(2025, 12, 31) and t.class_tracking and t.connected_by == "admin-1"


def test_a_fresh_start_forgets_settings_and_position_and_starts_a_new_generation(tenants: Repo) -> None:
    connected(tenants)
    tenants.acquire(_get(tenants), "m1", NOW, TTL, resume=False)
    tenants.commit("t1", "m1", 0, 9, release=True, clear_pending=False)
    tenants.save_refs("t1", {"account:classbooks receivables (tumble town)": "42"})
    tenants.record_connection("t1", COMPANY, fresh_start=True)
    t = _get(tenants)
    assert (t.go_live_date, t.schedule, t.cursor_seq, t.first_sync_done, t.generation) == (None, None, 0, False, 1)
    assert dict(t.qbo_refs) == {}  # another company's ids name other accounts in this one


def test_reconnecting_the_same_company_keeps_the_cached_ids(tenants: Repo) -> None:
    connected(tenants)
    tenants.save_refs("t1", {"account:classbooks receivables (tumble town)": "42"})
    tenants.record_connection("t1", COMPANY, fresh_start=False)
    assert dict(_get(tenants).qbo_refs) == {"account:classbooks receivables (tumble town)": "42"}


def test_a_reset_abandons_the_open_plan_of_the_previous_generation(tenants: Repo) -> None:
    connected(tenants)
    tenants.acquire(_get(tenants), "m1", NOW, TTL, resume=False)
    tenants.open_plan("t1", "m1")
    tenants.release("t1", "m1", clear_pending=False)
    tenants.reset("t1", NOW)
    assert _get(tenants).open_plan_task_id is None


def test_settings_need_a_connection(tenants: Repo) -> None:
    tenants.put_profile("t1", PROFILE, NOW)
    conflict(lambda: tenants.configure("t1", SettingsChange(schedule=Schedule.DAILY)))


def test_the_go_live_date_is_set_once(tenants: Repo) -> None:
    connected(tenants)
    conflict(lambda: tenants.configure("t1", SettingsChange(go_live_date=dt.date(2026, 2, 1))))
    tenants.configure("t1", SettingsChange(schedule=Schedule.DAILY, schedule_changed_at=NOW))
    t = _get(tenants)
    assert t.go_live_date == dt.date(2026, 1, 1) and t.schedule is Schedule.DAILY and t.schedule_changed_at == NOW


def test_a_reset_is_refused_while_a_run_holds_the_lease(tenants: Repo) -> None:
    connected(tenants)
    tenants.acquire(_get(tenants), "m1", NOW, TTL, resume=False)
    conflict(lambda: tenants.reset("t1", NOW + dt.timedelta(minutes=5)))
    tenants.reset("t1", NOW + dt.timedelta(minutes=20))
    assert _get(tenants).generation == 1 and _get(tenants).go_live_date is None


def test_a_stale_read_cannot_take_the_lease(tenants: Repo) -> None:
    connected(tenants)
    stale = _get(tenants)
    tenants.configure("t1", SettingsChange(schedule=Schedule.DAILY, schedule_changed_at=NOW))
    conflict(lambda: tenants.acquire(stale, "m1", NOW, TTL, resume=False))


def test_a_live_lease_keeps_other_runs_out_until_it_expires(tenants: Repo) -> None:
    connected(tenants)
    tenants.acquire(_get(tenants), "m1", NOW, TTL, resume=False)
    conflict(lambda: tenants.acquire(_get(tenants), "m2", NOW + dt.timedelta(minutes=1), TTL, resume=False))
    later = NOW + dt.timedelta(minutes=16)
    tenants.acquire(_get(tenants), "m1", later, TTL, resume=True)
    t = _get(tenants)
    assert t.lease_task_id == "m1" and t.lease_expires_at == later + TTL and t.last_run_started_at == NOW


def test_only_the_last_run_may_resume(tenants: Repo) -> None:
    connected(tenants)
    tenants.acquire(_get(tenants), "m1", NOW, TTL, resume=False)
    conflict(lambda: tenants.acquire(_get(tenants), "m2", NOW + dt.timedelta(hours=1), TTL, resume=True))


def test_a_run_is_refused_the_lease_when_the_company_is_not_connected(tenants: Repo) -> None:
    connected(tenants)
    assert tenants.mark_needs_reauth("t1") is True
    conflict(lambda: tenants.acquire(_get(tenants), "m1", NOW, TTL, resume=False))


def test_committing_moves_the_cursor_closes_the_plan_and_releases(tenants: Repo) -> None:
    connected(tenants)
    tenants.acquire(_get(tenants), "m1", NOW, TTL, resume=False)
    tenants.open_plan("t1", "m1")
    assert _get(tenants).open_plan_task_id == "m1"
    tenants.commit("t1", "m1", 0, 12, release=True, clear_pending=False)
    t = _get(tenants)
    assert (t.cursor_seq, t.open_plan_task_id, t.first_sync_done, t.lease_task_id) == (12, None, True, None)


def test_a_commit_from_another_cursor_or_without_the_lease_conflicts(tenants: Repo) -> None:
    connected(tenants)
    tenants.acquire(_get(tenants), "m1", NOW, TTL, resume=False)
    conflict(lambda: tenants.commit("t1", "m1", 5, 12, release=True, clear_pending=False))
    conflict(lambda: tenants.commit("t1", "m2", 0, 12, release=True, clear_pending=False))
    conflict(lambda: tenants.open_plan("t1", "m2"))


def test_releasing_a_lease_someone_else_holds_does_nothing(tenants: Repo) -> None:
    connected(tenants)
    tenants.acquire(_get(tenants), "m1", NOW, TTL, resume=False)
    tenants.release("t1", "m2", clear_pending=False)
    assert _get(tenants).lease_task_id == "m1"
    tenants.release("t1", "m1", clear_pending=False)
    assert _get(tenants).lease_task_id is None


def test_sync_now_is_pending_only_on_a_manual_schedule_and_only_once(tenants: Repo) -> None:
    connected(tenants)
    tenants.request_sync("t1", "m1", NOW, None)
    assert _get(tenants).pending_task_id == "m1"
    conflict(lambda: tenants.request_sync("t1", "m2", NOW, None))
    tenants.clear_pending("t1", "other")
    assert _get(tenants).pending_task_id == "m1"
    tenants.clear_pending("t1", "m1")
    assert _get(tenants).pending_task_id is None


def test_sync_now_is_refused_on_a_daily_schedule(tenants: Repo) -> None:
    connected(tenants, schedule=Schedule.DAILY)
    conflict(lambda: tenants.request_sync("t1", "m1", NOW, None))


def test_needs_reauth_only_follows_a_live_connection(tenants: Repo) -> None:
    tenants.put_profile("t1", PROFILE, NOW)
    assert tenants.mark_needs_reauth("t1") is False
    assert _get(tenants).connection_status is ConnectionStatus.NOT_CONNECTED


def test_disconnecting_keeps_the_settings(tenants: Repo) -> None:
    connected(tenants)
    tenants.mark_disconnected("t1")
    t = _get(tenants)
    assert t.connection_status is ConnectionStatus.DISCONNECTED and t.go_live_date == dt.date(2026, 1, 1)


def test_qbo_refs_and_the_eligibility_override_are_kept(tenants: Repo) -> None:
    connected(tenants)
    tenants.save_refs("t1", {"account:clearing": "81"})
    tenants.set_eligibility_override("t1", EligibilityOverride("support-7", "migrating studio", NOW))
    t = _get(tenants)
    assert dict(t.qbo_refs) == {"account:clearing": "81"}
    assert t.eligibility_override == EligibilityOverride("support-7", "migrating studio", NOW)


def test_the_account_mapping_is_stored_as_given_and_replaced_whole(tenants: Repo) -> None:
    connected(tenants)
    assert dict(_get(tenants).posting_map) == {}
    tenants.set_posting_map("t1", {"brand": "Tumble", "credit_accounts": {"coupon": "Promotions"}})
    tenants.set_posting_map("t1", {"brand": "Tumble Town"})
    assert dict(_get(tenants).posting_map) == {"brand": "Tumble Town"}
    assert _get(tenants).connected  # nothing else moved


def test_an_account_mapping_needs_a_tenant(tenants: Repo) -> None:
    conflict(lambda: tenants.set_posting_map("nobody", {"brand": "Tumble"}))


def test_a_later_book_close_date_is_recorded_and_can_be_lifted(tenants: Repo) -> None:
    connected(tenants)
    tenants.record_book_close("t1", dt.date(2026, 1, 31))
    assert _get(tenants).book_close_date == dt.date(2026, 1, 31)
    tenants.record_book_close("t1", None)
    assert _get(tenants).book_close_date is None
    conflict(lambda: tenants.record_book_close("nobody", dt.date(2026, 1, 31)))


def test_the_read_back_totals_move_with_the_commit_and_a_reset_drops_them(tenants: Repo) -> None:
    connected(tenants)
    assert _get(tenants).posted_balances is None
    tenants.set_posted_balances("t1", {"Receivables": "0.00"})
    tenants.acquire(_get(tenants), "m1", NOW, TTL, resume=False)
    tenants.commit("t1", "m1", 0, 3, release=True, clear_pending=False, posted_balances={"Receivables": "12.50"})
    assert dict(_get(tenants).posted_balances or {}) == {"Receivables": "12.50"}
    tenants.reset("t1", NOW)
    assert _get(tenants).posted_balances is None


def test_a_scan_filters_by_connection_plan_and_zone(tenants: Repo) -> None:
    connected(tenants, "a")
    tenants.put_profile("b", PROFILE, NOW)
    connected(tenants, "c")
    tenants.mark_needs_reauth("c")
    found = lambda where: sorted(t.tenant_id for t in tenants.scan(where))  # noqa: E731
    assert found(TenantScan()) == ["a", "b", "c"]
    assert found(TenantScan(connection_statuses=frozenset({"not_connected"}))) == ["b"]
    assert found(TenantScan(connection_statuses=frozenset({"needs_reauth"}))) == ["c"]
    assert found(TenantScan(plan="QuickBooks Online Plus", timezone="America/Chicago")) == ["a", "c"]
    assert found(TenantScan(timezone="Europe/London")) == []


EVERY = TenantScan()


def test_the_status_index_lists_ids_in_order_with_plan_and_zone_applied(tenants: Repo) -> None:
    for tenant_id in ("c", "a", "d"):
        connected(tenants, tenant_id)
    tenants.put_profile("b", PROFILE, NOW)
    tenants.put_profile("e", PROFILE.__class__(name="Elsewhere", timezone="Europe/London",
                                               created_at=PROFILE.created_at), NOW)
    tenants.mark_disconnected("d")
    ids = lambda status, where=EVERY, after=None: list(  # noqa: E731
        tenants.ids_by_status(status, where, start_after=after, page_size=2))
    assert ids("connected") == ["a", "c"] and ids("disconnected") == ["d"]
    assert ids("not_connected") == ["b", "e"]
    assert ids("not_connected", TenantScan(timezone="Europe/London")) == ["e"]
    assert ids("connected", TenantScan(plan="QuickBooks Online Plus")) == ["a", "c"]
    assert ids("connected", TenantScan(plan="QuickBooks Online Essentials")) == []
    assert ids("connected", after="a") == ["c"]


def test_a_batch_read_returns_the_tenants_that_exist(tenants: Repo) -> None:
    connected(tenants, "a")
    tenants.put_profile("b", PROFILE, NOW)
    found = tenants.get_many(["a", "b", "nobody"])
    assert sorted(found) == ["a", "b"]
    assert found["a"].connected and found["b"].name == "Tumble Town" and found["a"] == tenants.get("a")


def _get(tenants: Repo, tenant_id: str = "t1"):  # a Tenant
    t = tenants.get(tenant_id)
    assert t is not None
    return t


@pytest.mark.parametrize("mark", ["mark_needs_reauth", "mark_disconnected"])
def test_a_later_profile_keeps_the_connection_status_it_finds(tenants: Repo, mark: str) -> None:
    connected(tenants)
    getattr(tenants, mark)("t1")
    before = _get(tenants).connection_status
    tenants.put_profile("t1", PROFILE, NOW)
    assert _get(tenants).connection_status is before is not ConnectionStatus.CONNECTED


def test_the_dynamodb_profile_write_stores_not_connected_where_no_status_is_stored(config) -> None:
    """Support lists tenants from an index keyed by the stored status: a profile-only item carries one."""
    T = build_models(config).Tenant
    DynamoTenants(T).put_profile("t1", PROFILE, NOW)
    raw = T._get_connection().get_item("t1", consistent_read=True)["Item"]
    assert raw["connection_status"] == {"S": "not_connected"}
    assert [t.tenant_id for t in T.status_index.query("not_connected")] == ["t1"]


# --- support's run attention (chalicelib/tenants/attention.py) -------------------------------
DAY = dt.date(2026, 3, 1)


def attention(tenants: Repo, value: str, where: TenantScan = EVERY) -> list[str]:
    return list(tenants.ids_by_attention(value, where, page_size=2))


def test_a_failed_run_puts_the_tenant_in_the_failing_partition(tenants: Repo) -> None:
    connected(tenants, "a")
    connected(tenants, "b")
    tenants.note_run_end("b", RunEnd.FAILED)
    assert attention(tenants, "failing") == ["b"]


def test_a_skipped_daily_run_puts_the_tenant_in_its_days_skip_partition(tenants: Repo) -> None:
    connected(tenants, "a")
    tenants.note_run_end("a", RunEnd.SKIPPED_DAILY, DAY)
    assert attention(tenants, "skipped#2026-03-01") == ["a"]
    assert attention(tenants, "skipped#2026-03-02") == [] and attention(tenants, "failing") == []


def test_a_success_takes_the_tenant_out_of_the_failing_partition(tenants: Repo) -> None:
    connected(tenants, "a")
    tenants.note_run_end("a", RunEnd.FAILED)
    tenants.note_run_end("a", RunEnd.SUCCEEDED)
    assert attention(tenants, "failing") == []


def test_a_success_after_a_skip_keeps_the_tenant_in_the_skip_partition(tenants: Repo) -> None:
    connected(tenants, "a")
    tenants.note_run_end("a", RunEnd.SKIPPED_DAILY, DAY)
    tenants.note_run_end("a", RunEnd.FAILED)
    tenants.note_run_end("a", RunEnd.SUCCEEDED)
    assert attention(tenants, "skipped#2026-03-01") == ["a"] and attention(tenants, "failing") == []


def test_the_attention_partitions_list_ids_in_order_with_plan_and_zone_applied(tenants: Repo) -> None:
    for tenant_id in ("c", "a", "d"):
        connected(tenants, tenant_id)
        tenants.note_run_end(tenant_id, RunEnd.FAILED)
    assert attention(tenants, "failing") == ["a", "c", "d"]
    assert attention(tenants, "failing", TenantScan(plan="QuickBooks Online Plus")) == ["a", "c", "d"]
    assert attention(tenants, "failing", TenantScan(timezone="Europe/London")) == []
    assert list(tenants.ids_by_attention("failing", EVERY, start_after="a")) == ["c", "d"]


def test_a_run_end_for_an_unknown_tenant_creates_nothing(tenants: Repo) -> None:
    for end, on in ((RunEnd.FAILED, None), (RunEnd.SKIPPED_DAILY, DAY), (RunEnd.SUCCEEDED, None)):
        tenants.note_run_end("nobody", end, on)
    assert tenants.get("nobody") is None and attention(tenants, "failing") == []
