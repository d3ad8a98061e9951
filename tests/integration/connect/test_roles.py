"""Who may do what: tenant scoping, staff read-only, admin for setup, support reads + override."""
from __future__ import annotations

import pytest

from tests.integration.connect.conftest import json_body

ROUTES = [("GET", "connect"), ("GET", "settings"), ("PUT", "settings"), ("GET", "status"),
          ("POST", "reset"), ("DELETE", "connection")]
WRITES = [("GET", "connect"), ("PUT", "settings"), ("POST", "reset"), ("DELETE", "connection")]


def _call(studio, method: str, tail: str, headers: dict[str, str]):
    http = studio.api.http
    path = studio.path(tail)
    if method in ("PUT", "POST"):
        return getattr(http, method.lower())(path, body=b'{"schedule": "manual"}', headers=headers)
    return getattr(http, method.lower())(path, headers=headers)


@pytest.mark.parametrize("method,tail", ROUTES)
def test_a_token_for_another_tenant_is_refused(studio, method, tail):
    reply = _call(studio, method, tail, studio.headers("admin", tenant_id="some-other-studio"))
    assert reply.status_code == 403
    assert "another tenant" in json_body(reply)["message"]


@pytest.mark.parametrize("method,tail", ROUTES)
def test_a_request_without_a_platform_token_is_refused(studio, method, tail):
    assert _call(studio, method, tail, {}).status_code == 401


@pytest.mark.parametrize("method,tail", WRITES)
def test_staff_cannot_write(studio, method, tail):
    assert _call(studio, method, tail, studio.headers("staff")).status_code == 403


@pytest.mark.parametrize("method,tail", WRITES)
def test_support_cannot_write(studio, method, tail):
    assert _call(studio, method, tail, studio.headers("support")).status_code == 403


@pytest.mark.parametrize("method,tail", WRITES)
def test_the_platform_cannot_set_up_quickbooks(studio, method, tail):
    assert _call(studio, method, tail, studio.headers("platform")).status_code == 403


def test_staff_read_status_and_settings(studio):
    assert studio.get("status", "staff").status_code == 200
    assert studio.get("settings", "staff").status_code == 200


def test_support_reads_across_tenants_and_the_read_is_audited(studio, container):
    assert studio.get("status", "support", user="support-3").status_code == 200
    reads = [e for e in container.models.AuditEvent.query(f"tenant#{studio.tenant_id}") if e.action == "support_read"]
    assert [(e.actor, e.detail["view"]) for e in reads] == [("support-3", "status")]


@pytest.mark.parametrize("role", ["admin", "staff", "platform"])
def test_only_support_may_override_eligibility(studio, api, role):
    reply = api.http.post(f"/v1/support/tenants/{studio.tenant_id}/eligibility-override",
                          body=b'{"reason": "x"}', headers=studio.headers(role))
    assert reply.status_code == 403


def test_the_oauth_callback_and_intuit_landing_urls_need_no_platform_token(api):
    assert api.http.get("/oauth/callback?state=nope&code=x&realmId=1").status_code == 400
    assert api.http.get("/quickbooks/disconnected?realmId=1").status_code == 200
    assert api.http.get("/quickbooks/launch").status_code == 302
    assert api.http.get("/quickbooks/reconnect").status_code == 302
