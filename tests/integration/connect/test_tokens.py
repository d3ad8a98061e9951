"""Tokens in use: refresh before expiry, rotation under concurrency, invalid_grant."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests

from chalicelib.quickbooks.client import QboCompany
from chalicelib.quickbooks.errors import InvalidGrant, NeedsReauthorization
from chalicelib.quickbooks.oauth import IntuitOAuth
from chalicelib.services.tokens import AccessTokens
from chalicelib.store.tenants import DynamoTenants
from tests.integration.connect.conftest import json_body


class Rendezvous:
    """The real Intuit client, but each refresh waits until every worker is about to refresh."""

    def __init__(self, real: IntuitOAuth, workers: int) -> None:
        self.real, self.barrier, self.refreshes = real, threading.Barrier(workers), 0

    def refresh(self, refresh_token: str, now: Any) -> Any:
        self.barrier.wait(timeout=10)
        self.refreshes += 1
        return self.real.refresh(refresh_token, now)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


class Counting:
    def __init__(self, real: IntuitOAuth) -> None:
        self.real, self.refreshes = real, 0

    def refresh(self, refresh_token: str, now: Any) -> Any:
        self.refreshes += 1
        return self.real.refresh(refresh_token, now)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


def _tokens(container, oauth=None) -> AccessTokens:
    return AccessTokens(DynamoTenants(container.models.Tenant), container.vault(),
                        oauth or IntuitOAuth(container.config), container.audit(), container.clock)


def _stored(container, tenant_id):
    return container.vault().load(tenant_id)


def _works(container, creds) -> bool:
    return QboCompany(container.config).profile(creds.realm_id, creds.access_token).name != ""


def test_a_token_with_more_than_five_minutes_left_is_used_as_is(connected, container, clock):
    before = _stored(container, connected.tenant_id)
    clock.advance(minutes=54)
    creds = container.access_tokens().fresh(connected.tenant_id)
    assert creds.access_token == before.tokens.access_token
    assert _stored(container, connected.tenant_id).version == before.version


def test_a_token_about_to_expire_is_refreshed_and_the_rotated_refresh_token_stored(connected, container, clock):
    before = _stored(container, connected.tenant_id)
    clock.advance(minutes=56)
    creds = container.access_tokens().fresh(connected.tenant_id)
    after = _stored(container, connected.tenant_id)
    assert creds.access_token == after.tokens.access_token != before.tokens.access_token
    assert after.tokens.refresh_token != before.tokens.refresh_token
    assert after.version == before.version + 1
    with pytest.raises(InvalidGrant):  # Intuit accepts only the newest refresh token
        IntuitOAuth(container.config).refresh(before.tokens.refresh_token, clock())
    assert _works(container, creds)


def _refresh_at_once(container, clock, tenant_id: str) -> tuple[list[Any], Rendezvous]:
    clock.advance(minutes=58)
    rendezvous = Rendezvous(IntuitOAuth(container.config), 2)
    workers = [_tokens(container, rendezvous), _tokens(container, rendezvous)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda w: w.fresh(tenant_id), workers))
    return results, rendezvous


def test_two_workers_refreshing_at_once_keep_the_newest_token_when_every_refresh_rotates(connected, container, clock):
    before = _stored(container, connected.tenant_id)
    results, rendezvous = _refresh_at_once(container, clock, connected.tenant_id)
    after = _stored(container, connected.tenant_id)
    assert rendezvous.refreshes == 2
    assert after.version == before.version + 1
    assert [c.access_token for c in results] == [after.tokens.access_token] * 2
    assert json_body(connected.get("status"))["connection"]["status"] == "connected"
    IntuitOAuth(container.config).refresh(after.tokens.refresh_token, clock())  # the stored one is live


def test_two_workers_refreshing_at_once_agree_on_one_write_when_refresh_tokens_last_a_day(
        connected, container, clock, intuit
):
    requests.post(f"{intuit.base_url}/_sandbox/apps", timeout=10, json={
        "client_id": intuit.client_id, "client_secret": intuit.client_secret,
        "redirect_uris": [container.config.intuit_redirect_uri], "refresh_rotation": "every_24h"})
    before = _stored(container, connected.tenant_id)
    results, rendezvous = _refresh_at_once(container, clock, connected.tenant_id)
    after = _stored(container, connected.tenant_id)
    assert rendezvous.refreshes == 2
    assert after.version == before.version + 1  # the loser's conditional write never landed
    assert [c.access_token for c in results] == [after.tokens.access_token] * 2
    assert all(_works(container, c) for c in results)


def test_invalid_grant_marks_the_tenant_needs_reauthorisation_and_stops(connected, container, clock, intuit):
    intuit.disconnect_in_quickbooks(intuit.realms["plus"])
    clock.advance(minutes=58)
    with pytest.raises(NeedsReauthorization):
        container.access_tokens().fresh(connected.tenant_id)
    status = connected.status()
    assert status["connection"]["status"] == "needs_reauth" and status["connection"]["needs_reauth"] is True
    assert "reconnect" in status["connection"]["message"]
    counting = Counting(IntuitOAuth(container.config))
    with pytest.raises(NeedsReauthorization):
        _tokens(container, counting).fresh(connected.tenant_id)
    assert counting.refreshes == 0


def test_needs_reauthorisation_is_visible_to_support(connected, container, clock, intuit):
    intuit.disconnect_in_quickbooks(intuit.realms["plus"])
    clock.advance(minutes=58)
    with pytest.raises(NeedsReauthorization):
        container.access_tokens().fresh(connected.tenant_id)
    assert connected.status(role="support")["connection"]["needs_reauth"] is True
    actions = [e.action for e in container.models.AuditEvent.query(f"tenant#{connected.tenant_id}")]
    assert "needs_reauth" in actions


def test_settings_refuse_while_reauthorisation_is_needed(connected, container, clock, intuit):
    intuit.disconnect_in_quickbooks(intuit.realms["plus"])
    clock.advance(minutes=58)
    with pytest.raises(NeedsReauthorization):
        container.access_tokens().fresh(connected.tenant_id)
    reply = connected.configure("2026-07-01")
    assert (reply.status_code, json_body(reply)["error"]) == (409, "needs_reauth")


def test_reconnecting_clears_needs_reauthorisation(connected, container, clock, intuit):
    intuit.disconnect_in_quickbooks(intuit.realms["plus"])
    clock.advance(minutes=58)
    with pytest.raises(NeedsReauthorization):
        container.access_tokens().fresh(connected.tenant_id)
    assert connected.connect("plus").status_code == 302
    assert connected.status()["connection"]["status"] == "connected"
    assert _works(container, container.access_tokens().fresh(connected.tenant_id))
