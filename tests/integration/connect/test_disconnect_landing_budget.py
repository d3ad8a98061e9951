"""Issue #16 item 3: the anonymous disconnect landing costs nothing when hit again and again.

At most one real check (a token refresh and its audit row) per realm per window; every other
hit refreshes nothing and stores nothing. Realm ids that are not Intuit's decimal ids, or too
long for a key, are answered without touching a table.
"""
from __future__ import annotations


def _audit_rows(container, tenant_id: str) -> int:
    return container.models.AuditEvent.count(f"tenant#{tenant_id}")


def _stored_tokens(container, tenant_id: str):
    return container.vault().load(tenant_id).tokens.access_token


def test_a_hundred_hits_on_a_live_realm_refresh_once_and_audit_once(connected, api, container, intuit):
    realm = intuit.realms["plus"]
    before_rows = _audit_rows(container, connected.tenant_id)
    before_token = _stored_tokens(container, connected.tenant_id)
    outcomes = [api.http.get(f"/quickbooks/disconnected?realmId={realm}").body for _ in range(100)]
    assert b'data-outcome="still_connected"' in outcomes[0]
    assert all(b'data-outcome="checked_recently"' in body for body in outcomes[1:])
    assert _audit_rows(container, connected.tenant_id) == before_rows + 1
    after_token = _stored_tokens(container, connected.tenant_id)
    assert after_token != before_token  # the one check refreshed …
    api.http.get(f"/quickbooks/disconnected?realmId={realm}")
    assert _stored_tokens(container, connected.tenant_id) == after_token  # … and no hit since did


def test_the_landing_checks_again_after_the_window(connected, api, container, intuit, clock):
    realm = intuit.realms["plus"]
    api.http.get(f"/quickbooks/disconnected?realmId={realm}")
    clock.advance(minutes=6)
    intuit.disconnect_in_quickbooks(realm)
    page = api.http.get(f"/quickbooks/disconnected?realmId={realm}")
    assert b'data-outcome="disconnected"' in page.body
    assert connected.status()["connection"]["status"] == "disconnected"


def test_an_unknown_realm_stores_nothing(api, container, studio):
    page = api.http.get("/quickbooks/disconnected?realmId=999999999")
    assert page.status_code == 200 and b'data-outcome="unknown"' in page.body
    assert container.models.RealmClaim.count("999999999") == 0


def test_a_realm_id_too_long_for_a_key_is_unknown_not_a_500(api, studio):
    page = api.http.get("/quickbooks/disconnected?realmId=" + "1" * 3000)
    assert page.status_code == 200 and b'data-outcome="unknown"' in page.body


def test_a_realm_id_that_is_not_decimal_is_unknown(api, studio):
    page = api.http.get("/quickbooks/disconnected?realmId=abc%00def")
    assert page.status_code == 200 and b'data-outcome="unknown"' in page.body
