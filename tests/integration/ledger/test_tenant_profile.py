"""`PUT /v1/tenants/{id}` stores the platform's profile; anything malformed is a 400."""
from __future__ import annotations

import pytest

from tests.integration.ledger.conftest import PROFILE, TENANT


def test_first_put_creates_the_profile_and_a_second_replaces_it(ledger_api, container) -> None:
    first = ledger_api.put_profile()
    assert first.status_code == 201
    assert first.json_body["timezone"] == "America/Chicago"
    second = ledger_api.put_profile(profile={**PROFILE, "name": "Tumble Town North", "onboarding": True,
                                             "last_import_at": "2025-01-02T03:04:05+02:00"})
    assert second.status_code == 200
    stored = container.models.Tenant.get(TENANT)
    assert (stored.name, stored.onboarding) == ("Tumble Town North", True)
    assert stored.last_import_at.isoformat() == "2025-01-02T01:04:05+00:00"
    assert stored.locations == [{"id": "L1", "name": "Main St"}, {"id": "L2", "name": "Westside"}]
    assert stored.next_seq == 0


def test_a_profile_update_keeps_the_ledger_counter(ledger_api, tenant, container) -> None:
    container.ledger.allocate(tenant, 7)
    assert ledger_api.put_profile().status_code == 200
    assert container.models.Tenant.get(tenant).next_seq == 7


@pytest.mark.parametrize("change, field", [
    ({"timezone": "Mars/Olympus_Mons"}, "timezone"),
    ({"timezone": "CST"[:2]}, "timezone"),
    ({"timezone": 5}, "timezone"),
    ({"nickname": "TT"}, "nickname"),
    ({"name": 42}, "name"),
    ({"name": ""}, "name"),
    ({"onboarding": "yes"}, "onboarding"),
    ({"created_at": "2024-06-01T15:00:00"}, "created_at"),
    ({"created_at": "yesterday"}, "created_at"),
    ({"last_import_at": 1700000000}, "last_import_at"),
    ({"locations": {"id": "L1"}}, "locations"),
    ({"locations": [{"id": "L1", "name": "A", "city": "X"}]}, "locations.0.city"),
    ({"locations": [{"id": 1, "name": "A"}]}, "locations.0.id"),
    ({"locations": [{"id": "L1", "name": "A"}, {"id": "L1", "name": "B"}]}, "locations"),
])
def test_a_malformed_profile_is_refused_naming_the_field(ledger_api, container, change, field) -> None:
    response = ledger_api.put_profile(profile={**PROFILE, **change})
    assert response.status_code == 400
    assert field in [d["field"] for d in response.json_body["details"]]
    assert container.models.Tenant.count(TENANT) == 0


def test_missing_required_fields_and_bad_json_are_400s(ledger_api) -> None:
    assert ledger_api.put_profile(profile={"name": "x"}).status_code == 400
    response = ledger_api.call("PUT", f"/v1/tenants/{TENANT}", "{not json")
    assert response.status_code == 400
    assert response.json_body["error"] == "invalid"


@pytest.mark.parametrize("role, tenant_id", [("admin", TENANT), ("staff", TENANT), ("support", None)])
def test_only_the_platform_may_store_a_profile(ledger_api, role, tenant_id) -> None:
    response = ledger_api.call("PUT", f"/v1/tenants/{TENANT}", PROFILE, role=role, tenant_id=tenant_id)
    assert response.status_code == 403


def test_a_call_without_a_token_is_401(api) -> None:
    assert api.http.put(f"/v1/tenants/{TENANT}", body="{}").status_code == 401


def _stored_status(container, tenant_id: str) -> object:
    raw = container.models.Tenant._get_connection().get_item(tenant_id, consistent_read=True)["Item"]
    return raw.get("connection_status")


def test_the_profile_put_stores_not_connected_once_and_never_replaces_a_real_status(ledger_api, container) -> None:
    assert ledger_api.put_profile().status_code == 201
    assert _stored_status(container, TENANT) == {"S": "not_connected"}
    T = container.models.Tenant
    T(TENANT).update(actions=[T.connection_status.set("needs_reauth")])
    assert ledger_api.put_profile().status_code == 200
    assert _stored_status(container, TENANT) == {"S": "needs_reauth"}
