"""The one-off backfill: tenant items from before profile writes stored a status get `not_connected`,
once, and no status is ever replaced (DynamoDB Local)."""
from __future__ import annotations

import json

import pytest

from chalicelib.cli.__main__ import main
from chalicelib.store.backfill import backfill_connection_status, fill_one


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
