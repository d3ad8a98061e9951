"""The one-off backfill: tenant items from before profile writes stored a status get `not_connected`,
once, and no status is ever replaced (DynamoDB Local)."""
from __future__ import annotations

import json

import pytest

from chalicelib.cli.__main__ import main
from chalicelib.store.backfill import backfill_connection_status, backfill_run_attention, fill_one


def _legacy_profile(m, tenant_id: str) -> None:
    """What the profile write left before it stored a status: no connection attributes at all."""
    T = m.Tenant
    T(tenant_id).update(actions=[T.name.set(tenant_id.title()), T.timezone.set("America/Chicago")])


def _stored(m, tenant_id: str):
    item = m.Tenant._get_connection().get_item(tenant_id, consistent_read=True).get("Item")
    return None if item is None else item.get("connection_status", {}).get("S")


def _indexed(m, status: str) -> list[str]:
    return [t.tenant_id for t in m.Tenant.status_index.query(status)]


def test_it_sets_not_connected_once_and_leaves_every_real_status_alone(container, seed) -> None:
    m = container.models
    for n in range(3):
        _legacy_profile(m, f"old-{n}")
    seed.tenant("live", connection="connected")
    seed.tenant("stale", connection="needs_reauth")
    seed.tenant("gone", connection="disconnected")
    assert _indexed(m, "not_connected") == []

    assert backfill_connection_status(m.Tenant, page_size=2).to_dict() == {"missing": 3, "set": 3, "skipped": 0}
    assert {t: _stored(m, t) for t in ("old-0", "old-1", "old-2", "live", "stale", "gone")} == {
        "old-0": "not_connected", "old-1": "not_connected", "old-2": "not_connected",
        "live": "connected", "stale": "needs_reauth", "gone": "disconnected"}
    assert _indexed(m, "not_connected") == ["old-0", "old-1", "old-2"]
    assert backfill_connection_status(m.Tenant).to_dict() == {"missing": 0, "set": 0, "skipped": 0}


def test_a_status_written_after_the_scan_is_not_replaced_and_no_item_is_created(container) -> None:
    m = container.models
    _legacy_profile(m, "racing")
    m.Tenant("racing").update(actions=[m.Tenant.connection_status.set("connected")])  # a connect, meanwhile
    assert fill_one(m.Tenant, "racing") is False and _stored(m, "racing") == "connected"
    assert fill_one(m.Tenant, "deleted-meanwhile") is False and _stored(m, "deleted-meanwhile") is None


def test_a_dry_run_counts_and_changes_nothing(container) -> None:
    m = container.models
    _legacy_profile(m, "old")
    assert backfill_connection_status(m.Tenant, dry_run=True).to_dict() == {"missing": 1, "set": 0, "skipped": 0}
    assert _stored(m, "old") is None


@pytest.mark.parametrize("dry_run", [False, True])
def test_the_cli_runs_it_on_the_configured_table(container, monkeypatch, capsys, dry_run) -> None:
    m = container.models
    _legacy_profile(m, "old")
    for name, value in container.config.to_env().items():
        monkeypatch.setenv(name, value)
    assert main(["backfill-connection-status", *(["--dry-run"] if dry_run else [])]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == {"table": container.config.table_name("tenants"), "dry_run": dry_run,
                       "missing": 1, "set": 0 if dry_run else 1, "skipped": 0}
    assert _stored(m, "old") == (None if dry_run else "not_connected")


# --- backfill-run-attention: the by_run_attention index from each tenant's latest runs --------
def _attention(m, value: str) -> list[str]:
    return [t.tenant_id for t in m.Tenant.attention_index.query(value)]


def _runs_without_attention(seed, m) -> None:
    """Tenants and runs as the sync left them before its run ends wrote the attention."""
    seed.tenant("bad")
    seed.run("bad", "daily", "failed", "2026-01-14 23:31", error="QuickBooks refused a document: x")
    seed.tenant("skipped", schedule="manual")
    seed.run("skipped", "manual", "succeeded", "2026-01-14 09:00")
    seed.run("skipped", "daily", "skipped", "2026-01-14 23:31", reason="Daily sync skipped: Manual.")
    seed.run("skipped", "manual", "succeeded", "2026-01-15 08:00")
    seed.tenant("recovered")
    seed.run("recovered", "daily", "failed", "2026-01-13 23:31", error="x")
    seed.run("recovered", "daily", "succeeded", "2026-01-14 23:31")
    seed.profile_only("new")
    for t in ("bad", "skipped", "recovered", "new"):
        m.Tenant(t).update(actions=[m.Tenant.run_attention.remove(), m.Tenant.last_daily_skip.remove()])


def test_it_marks_failing_and_last_skips_from_the_latest_runs(container, seed) -> None:
    m = container.models
    _runs_without_attention(seed, m)
    report = backfill_run_attention(m.Tenant, m.Run, page_size=2)
    assert report.to_dict() == {"tenants": 4, "failing": 1, "skipped": 1, "written": 2}
    assert _attention(m, "failing") == ["bad"]
    assert _attention(m, "skipped#2026-01-15") == ["skipped"]  # 11:31 PM in Chicago is the 15th in UTC


def test_a_second_run_writes_nothing(container, seed) -> None:
    m = container.models
    _runs_without_attention(seed, m)
    backfill_run_attention(m.Tenant, m.Run)
    assert backfill_run_attention(m.Tenant, m.Run).written == 0


def test_it_clears_a_failing_mark_the_runs_no_longer_support(container, seed) -> None:
    m = container.models
    seed.tenant("recovered")
    seed.run("recovered", "daily", "succeeded", "2026-01-14 23:31")
    m.Tenant("recovered").update(actions=[m.Tenant.run_attention.set("failing")])
    backfill_run_attention(m.Tenant, m.Run)
    assert _attention(m, "failing") == []


def test_a_dry_run_of_the_attention_backfill_counts_and_changes_nothing(container, seed) -> None:
    m = container.models
    _runs_without_attention(seed, m)
    assert backfill_run_attention(m.Tenant, m.Run, dry_run=True).to_dict() == {
        "tenants": 4, "failing": 1, "skipped": 1, "written": 0}
    assert _attention(m, "failing") == []


def test_the_cli_runs_the_attention_backfill_on_the_configured_tables(container, seed, monkeypatch, capsys) -> None:
    m = container.models
    _runs_without_attention(seed, m)
    for name, value in container.config.to_env().items():
        monkeypatch.setenv(name, value)
    assert main(["backfill-run-attention"]) == 0
    assert json.loads(capsys.readouterr().out) == {"table": container.config.table_name("tenants"), "dry_run": False,
                                                   "tenants": 4, "failing": 1, "skipped": 1, "written": 2}
    assert _attention(m, "failing") == ["bad"]
