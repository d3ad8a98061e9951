"""`GET /v1/support/tenants`: filters by status, plan and time zone, and pages with `next`."""
from __future__ import annotations

import base64
import json

import pytest

from chalicelib.support.status import STATUSES
from tests.integration.support.conftest import NOW, body, headers


def _list(api, container, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    reply = api.http.get(f"/v1/support/tenants?{query}", headers=headers(container))
    assert reply.status_code == 200, reply.body
    return body(reply)


def test_every_tenant_is_listed_with_its_status(api, container, studios):
    listed = _list(api, container)
    assert {t["tenant_id"]: t["status"] for t in listed["tenants"]} == studios
    assert listed["next"] is None


@pytest.mark.parametrize("status", STATUSES)
def test_the_status_filter_returns_exactly_the_tenants_in_that_status(api, container, studios, status):
    listed = _list(api, container, status=status)
    assert [t["tenant_id"] for t in listed["tenants"]] == [k for k, v in studios.items() if v == status]


def test_several_statuses_may_be_asked_for_at_once(api, container, studios):
    listed = _list(api, container, status="failing,needs_reauth")
    assert {t["tenant_id"] for t in listed["tenants"]} == {"harbor-dance", "summit-karate"}


def test_the_plan_filter_matches_the_quickbooks_plan(api, container, studios):
    listed = _list(api, container, plan="essentials")
    assert {t["tenant_id"] for t in listed["tenants"]} == {"harbor-dance", "river-swim"}


def test_the_time_zone_filter_matches_the_studios_zone(api, container, studios):
    listed = _list(api, container, timezone="America/New_York")
    assert {t["tenant_id"] for t in listed["tenants"]} == {"harbor-dance", "coast-gym"}


def test_filters_combine(api, container, studios):
    listed = _list(api, container, status="healthy,skipped_last_night", plan="plus", timezone="America/Chicago")
    assert {t["tenant_id"] for t in listed["tenants"]} == {"lakeside-swim", "prairie-gym"}


def test_a_row_summarises_the_daily_sync_in_plain_words(api, container, studios):
    row = next(t for t in _list(api, container)["tenants"] if t["tenant_id"] == "prairie-gym")
    assert row["summary"] == ("Daily sync skipped at 11:31 PM CST: only 6 h 26 min since the manual sync at "
                              "5:05 PM; next run tonight at 11:31 PM CST")
    assert row["next_run_at"] == "2026-01-16T05:31:00Z"


def test_pages_of_two_cover_every_tenant_once(api, container, studios):
    seen, token, pages = [], None, 0
    while True:
        listed = _list(api, container, limit=2, **({"next": token} if token else {}))
        assert len(listed["tenants"]) <= 2
        seen += [t["tenant_id"] for t in listed["tenants"]]
        pages, token = pages + 1, listed["next"]
        if token is None:
            break
    assert sorted(seen) == sorted(studios) and pages == 4


def test_pages_of_a_derived_status_hold_only_that_status(api, container, seed):
    for n in range(5):
        seed.tenant(f"ok-{n}")
        seed.run(f"ok-{n}", "daily", "succeeded", "2026-01-14 23:31")
    for n in range(3):
        seed.tenant(f"bad-{n}")
        seed.run(f"bad-{n}", "daily", "failed", "2026-01-14 23:31", error="QuickBooks refused a document: x")
    first = _list(api, container, status="failing", limit=2)
    second = _list(api, container, status="failing", limit=2, next=first["next"])
    assert len(first["tenants"]) == 2 and len(second["tenants"]) == 1 and second["next"] is None
    assert {t["tenant_id"] for t in first["tenants"] + second["tenants"]} == {"bad-0", "bad-1", "bad-2"}


@pytest.mark.parametrize("query", ["status=sleepy", "plan=gold", "timezone=Nowhere/Land", "limit=0",
                                   "next=not-a-token"])
def test_a_bad_filter_or_page_token_is_a_400(api, container, query):
    reply = api.http.get(f"/v1/support/tenants?{query}", headers=headers(container))
    assert reply.status_code == 400
    assert body(reply)["message"]


def _pages(api, container, **params):
    """Every page of a listing: (the rows in order, how many pages)."""
    seen, token, pages = [], None, 0
    while True:
        listed = _list(api, container, **params, **({"next": token} if token else {}))
        assert len(listed["tenants"]) <= int(params.get("limit", 25))
        seen += listed["tenants"]
        pages, token = pages + 1, listed["next"]
        if token is None:
            return seen, pages


def test_a_tenant_with_only_the_platforms_profile_is_listed_as_not_connected(api, container, studios):
    profile = {"name": "Fresh Studio", "timezone": "America/Denver", "created_at": "2025-06-01T15:00:00Z",
               "onboarding": False, "last_import_at": None, "locations": []}
    reply = api.http.put("/v1/tenants/fresh-studio", body=json.dumps(profile), headers=headers(container, "platform"))
    assert reply.status_code == 201, reply.body
    listed = _list(api, container, status="not_connected")
    assert [t["tenant_id"] for t in listed["tenants"]] == ["fresh-studio", "maple-dance"]
    assert {t["connection_status"] for t in listed["tenants"]} == {"not_connected"}


def test_a_status_filter_returns_exactly_the_matching_tenants_across_pages(api, container, seed):
    expected = set()
    for n in range(7):
        seed.tenant(f"reauth-{n}", connection="needs_reauth")
        expected.add(f"reauth-{n}")
    for n in range(4):
        seed.profile_only(f"new-{n}")
        expected.add(f"new-{n}")
    for n in range(5):
        seed.tenant(f"ok-{n}")
        seed.run(f"ok-{n}", "daily", "succeeded", "2026-01-14 23:31")
    for n in range(3):
        seed.tenant(f"gone-{n}", connection="disconnected")
    rows, pages = _pages(api, container, status="needs_reauth,not_connected", limit=2)
    ids = [t["tenant_id"] for t in rows]
    assert len(ids) == len(set(ids)) and set(ids) == expected and pages == 6
    assert [(t["connection_status"], t["tenant_id"]) for t in rows] == sorted(
        (t["connection_status"], t["tenant_id"]) for t in rows)  # by status, then tenant id
    assert {t["status"] for t in rows} == {"needs_reauth", "not_connected"}


def test_a_derived_status_pages_through_the_connected_tenants_with_plan_and_zone_applied(api, container, seed):
    for n in range(6):
        seed.tenant(f"bad-{n}", plan="Plus" if n % 2 else "Essentials",
                    tz="America/Chicago" if n < 4 else "America/New_York")
        seed.run(f"bad-{n}", "daily", "failed", "2026-01-14 23:31", error="QuickBooks refused a document: x")
        seed.tenant(f"ok-{n}", plan="Plus")
        seed.run(f"ok-{n}", "daily", "succeeded", "2026-01-14 23:31")
    rows, _ = _pages(api, container, status="failing", plan="plus", timezone="America/Chicago", limit=1)
    assert [t["tenant_id"] for t in rows] == ["bad-1", "bad-3"]


def test_a_status_filter_reads_the_index_not_a_scan(api, container, studios, monkeypatch):
    def no_scan(*_, **__):
        raise AssertionError("a status-filtered list must not scan tenants")
    monkeypatch.setattr(container.models.Tenant, "scan", no_scan)
    assert [t["tenant_id"] for t in _list(api, container, status="needs_reauth")["tenants"]] == ["summit-karate"]


def _token(**key):
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


@pytest.mark.parametrize("query", [
    "status=needs_reauth&next=" + _token(tenant_id="summit-karate"),  # a scan token on the index
    "next=" + _token(connection_status="needs_reauth", tenant_id="summit-karate"),  # an index token on the scan
    "status=failing&next=" + _token(connection_status="needs_reauth", tenant_id="a"),  # another filter's partition
    "status=needs_reauth&next=" + _token(connection_status="sleepy", tenant_id="a"),
    "status=needs_reauth&next=" + _token(connection_status="needs_reauth", tenant_id="x" * 1025),
    "status=needs_reauth&next=" + _token(connection_status="needs_reauth", tenant_id=""),
    "status=needs_reauth&next=" + _token(connection_status="needs_reauth", tenant_id="a", extra="b"),
])
def test_a_crafted_index_token_is_a_400_not_a_500(api, container, studios, query):
    reply = api.http.get(f"/v1/support/tenants?{query}", headers=headers(container))
    assert reply.status_code == 400, reply.body
    assert body(reply)["error"] == "invalid_page_token"


def test_a_token_may_start_after_a_tenant_that_is_not_there(api, container, studios):
    listed = _list(api, container, status="healthy,never_synced",
                   next=_token(connection_status="connected", tenant_id="m"))
    assert [t["tenant_id"] for t in listed["tenants"]] == ["river-swim"]  # lakeside-swim sorts before "m"
    assert listed["next"] is None


def _examined(monkeypatch) -> list[str]:
    """The tenant ids the list reads from the table (its BatchGetItems), in order."""
    from chalicelib.store.tenants import DynamoTenants
    seen: list[str] = []
    get_many = DynamoTenants.get_many

    def recording(self, tenant_ids):
        seen.extend(tenant_ids)
        return get_many(self, tenant_ids)
    monkeypatch.setattr(DynamoTenants, "get_many", recording)
    return seen


def test_failing_examines_only_the_tenants_whose_runs_failed(api, container, seed, monkeypatch):
    for n in range(4):
        seed.tenant(f"ok-{n}")
        seed.run(f"ok-{n}", "daily", "succeeded", "2026-01-14 23:31")
    seed.tenant("bad")
    seed.run("bad", "daily", "failed", "2026-01-14 23:31", error="QuickBooks refused a document: x")
    examined = _examined(monkeypatch)
    assert [t["tenant_id"] for t in _list(api, container, status="failing")["tenants"]] == ["bad"]
    assert examined == ["bad"]


def test_skipped_last_night_examines_only_the_recent_skips(api, container, seed, monkeypatch):
    for tenant_id, night in (("old-skip", "2026-01-11 23:31"), ("last-night", "2026-01-14 23:31")):
        seed.tenant(tenant_id, schedule="manual")
        seed.run(tenant_id, "daily", "skipped", night, reason="Daily sync skipped: the schedule is Manual.")
    seed.tenant("ok")
    seed.run("ok", "daily", "succeeded", "2026-01-14 23:31")
    examined = _examined(monkeypatch)
    assert [t["tenant_id"] for t in _list(api, container, status="skipped_last_night")["tenants"]] == ["last-night"]
    assert examined == ["last-night"]


def test_a_stale_failing_entry_is_not_listed(api, container, seed):
    seed.tenant("recovered")
    seed.run("recovered", "daily", "failed", "2026-01-13 23:31", error="QuickBooks refused a document: x")
    seed.m.Run("recovered", "later-success", trigger="daily", status="succeeded", created_at=NOW,
               started_at=NOW, finished_at=NOW).save()  # its success's attention write was lost
    assert _list(api, container, status="failing")["tenants"] == []


def test_a_failed_tenant_that_needs_reauthorisation_is_listed_once_under_needs_reauth(api, container, seed):
    seed.tenant("stale-grant")
    seed.run("stale-grant", "daily", "failed", "2026-01-14 23:31", error="QuickBooks needs to be reconnected")
    seed.m.Tenant("stale-grant").update(actions=[seed.m.Tenant.connection_status.set("needs_reauth")])
    rows = _list(api, container, status="failing,needs_reauth")["tenants"]
    assert [(t["tenant_id"], t["status"]) for t in rows] == [("stale-grant", "needs_reauth")]


def test_pages_of_skipped_last_night_resume_in_the_skip_partition(api, container, seed):
    for n in range(3):
        seed.tenant(f"skip-{n}", schedule="manual")
        seed.run(f"skip-{n}", "daily", "skipped", "2026-01-14 23:31", reason="Daily sync skipped: Manual.")
    first = _list(api, container, status="skipped_last_night", limit=2)
    second = _list(api, container, status="skipped_last_night", limit=2, next=first["next"])
    assert [t["tenant_id"] for t in first["tenants"] + second["tenants"]] == ["skip-0", "skip-1", "skip-2"]
    assert second["next"] is None


@pytest.mark.parametrize("query", [
    "status=needs_reauth&next=" + _token(run_attention="failing", tenant_id="a"),  # another filter's partition
    "status=skipped_last_night&next=" + _token(run_attention="skipped#2026-01-01", tenant_id="a"),  # not last night
])
def test_a_run_attention_token_from_another_filter_is_a_400(api, container, studios, query):
    reply = api.http.get(f"/v1/support/tenants?{query}", headers=headers(container))
    assert reply.status_code == 400, reply.body
    assert body(reply)["error"] == "invalid_page_token"
