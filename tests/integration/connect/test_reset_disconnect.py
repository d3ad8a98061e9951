"""Reset (configure afresh, history kept) and disconnect (here, or started inside QuickBooks)."""
from __future__ import annotations

import datetime as dt

import pytest

from chalicelib.quickbooks.errors import InvalidGrant, NotConnected
from chalicelib.quickbooks.oauth import IntuitOAuth
from tests.integration.connect.conftest import PUBLIC_BASE, Studio, json_body


@pytest.fixture
def connected(connected, clock):
    """The connected studio on 2026-11-20 (the Go Live Dates below are in that fiscal year)."""
    clock.now = dt.datetime(2026, 11, 20, 18, 0, tzinfo=dt.UTC)
    return connected


def _history(container, tenant_id: str, clock) -> None:
    """A finished run that posted one journal entry, and the cursor it moved."""
    m, now = container.models, clock()
    m.Run(tenant_id=tenant_id, task_id="task-1", trigger="daily", status="succeeded", created_at=now).save()
    m.Posting(tenant_id=tenant_id, doc_key="g0-je-2026-07-01", task_id="task-1", doc_number="CB-0001",
              txn_date="2026-07-01", document={"entity": "JournalEntry"}, status="posted", qbo_id="147",
              posted_at=now).save()
    m.Tenant(tenant_id=tenant_id).update(actions=[m.Tenant.cursor_seq.set(42), m.Tenant.first_sync_done.set(True)])


def _actions(container, tenant_id: str) -> list[tuple[str, str]]:
    return [(e.action, e.role) for e in container.models.AuditEvent.query(f"tenant#{tenant_id}")]


def test_reset_clears_go_live_cursor_and_schedule_but_keeps_runs_and_postings(connected, container, clock):
    connected.configure("2026-07-01", "daily")
    _history(container, connected.tenant_id, clock)
    reply = connected.post("reset")
    assert reply.status_code == 200, reply.body
    tenant = container.models.Tenant.get(connected.tenant_id)
    assert (tenant.go_live_date, tenant.schedule, tenant.cursor_seq, tenant.first_sync_done) == (None, None, 0, False)
    assert tenant.generation == 1 and tenant.connection_status == "connected"
    assert container.schedules().describe(connected.tenant_id) is None
    assert container.models.Run.count(connected.tenant_id) == 1
    assert container.models.Posting.count(connected.tenant_id) == 1


def test_reset_lists_what_the_integration_posted_to_quickbooks(connected, container, clock):
    connected.configure("2026-07-01")
    _history(container, connected.tenant_id, clock)
    posted = json_body(connected.post("reset"))["posted_documents"]
    assert [(p["entity"], p["doc_number"], p["txn_date"], p["qbo_id"]) for p in posted] == [
        ("JournalEntry", "CB-0001", "2026-07-01", "147")]


def test_after_a_reset_the_admin_configures_a_new_go_live_date(connected):
    connected.configure("2026-07-01")
    connected.post("reset")
    reply = connected.configure("2026-09-01", "daily")
    assert reply.status_code == 200, reply.body
    assert json_body(reply)["go_live_date"] == "2026-09-01"


def test_reset_waits_for_a_running_sync(connected, container, clock):
    connected.configure("2026-07-01")
    m = container.models
    m.Tenant(tenant_id=connected.tenant_id).update(actions=[
        m.Tenant.lease_task_id.set("task-9"), m.Tenant.lease_expires_at.set(clock() + dt.timedelta(minutes=10))])
    reply = connected.post("reset")
    assert (reply.status_code, json_body(reply)["error"]) == (409, "sync_running")
    assert container.models.Tenant.get(connected.tenant_id).go_live_date == "2026-07-01"


def test_disconnect_revokes_the_grant_at_intuit(connected, container, clock):
    refresh_token = container.vault().load(connected.tenant_id).tokens.refresh_token
    reply = connected.delete("connection")
    assert reply.status_code == 200, reply.body
    assert json_body(reply)["revoked_at_intuit"] is True
    with pytest.raises(InvalidGrant):
        IntuitOAuth(container.config).refresh(refresh_token, clock())


def test_disconnect_deletes_the_schedule_and_stops_syncs(connected, container):
    connected.configure("2026-07-01", "daily")
    connected.delete("connection")
    assert container.schedules().describe(connected.tenant_id) is None
    assert connected.status()["connection"]["status"] == "disconnected"
    assert container.models.Token.count(connected.tenant_id) == 0
    with pytest.raises(NotConnected):
        container.access_tokens().fresh(connected.tenant_id)


def test_a_disconnected_company_can_be_connected_to_another_studio(connected, api, container, intuit):
    connected.delete("connection")
    other = Studio(api, container, intuit, connected.tenant_id + "-next")
    other.profile()
    assert other.connect("plus").status_code == 302


@pytest.mark.parametrize("company", ["plus", "essentials"])
def test_reconnecting_keeps_the_cached_quickbooks_ids_only_for_the_same_company(connected, container, company):
    """Every company numbers its own accounts: the old company's ids would name other accounts."""
    m = container.models
    m.Tenant(tenant_id=connected.tenant_id).update(actions=[m.Tenant.qbo_refs.set({"account:undeposited funds": "4"})])
    connected.delete("connection")
    assert connected.connect(company).status_code == 302
    tenant = m.Tenant.get(connected.tenant_id)
    if company == "plus":
        assert (tenant.qbo_refs, tenant.generation) == ({"account:undeposited funds": "4"}, 0)
    else:
        assert (tenant.qbo_refs or {}, tenant.generation) == ({}, 1)


def test_reset_and_disconnect_are_audited(connected, container):
    connected.configure("2026-07-01")
    connected.post("reset")
    connected.delete("connection")
    actions = _actions(container, connected.tenant_id)
    assert ("reset", "admin") in actions and ("disconnect", "admin") in actions


def test_a_disconnect_started_in_quickbooks_disconnects_the_studio(connected, api, container, intuit):
    connected.configure("2026-07-01", "daily")
    intuit.disconnect_in_quickbooks(intuit.realms["plus"])
    page = api.http.get(f"/quickbooks/disconnected?realmId={intuit.realms['plus']}")
    assert page.status_code == 200 and b'data-outcome="disconnected"' in page.body
    assert connected.status()["connection"]["status"] == "disconnected"
    assert container.schedules().describe(connected.tenant_id) is None
    assert ("disconnect", "intuit") in _actions(container, connected.tenant_id)


def test_the_disconnect_landing_cannot_disconnect_a_live_connection(connected, api, container, intuit):
    connected.configure("2026-07-01", "daily")
    page = api.http.get(f"/quickbooks/disconnected?realmId={intuit.realms['plus']}")
    assert page.status_code == 200 and b'data-outcome="still_connected"' in page.body
    assert connected.status()["connection"]["status"] == "connected"
    assert container.schedules().describe(connected.tenant_id) is not None


def test_intuits_launch_and_reconnect_urls_lead_into_connect(api):
    for path in ("/quickbooks/launch", "/quickbooks/reconnect"):
        reply = api.http.get(path)
        assert reply.headers["Location"] == f"{PUBLIC_BASE}/v1/quickbooks/page?step=connect"
