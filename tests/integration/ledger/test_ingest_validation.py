"""`POST /v1/tenants/{id}/transactions`: every rule, and a bad item refuses the whole batch."""
from __future__ import annotations

import pytest

from tests.integration.ledger.conftest import TENANT, charge, credit, payment, refund, void


def stored_rows(container, tenant: str = TENANT) -> int:
    return container.models.LedgerEntry.count(tenant)


def errors_of(response, index: int) -> list[dict]:
    return next(d["errors"] for d in response.json_body["details"] if d["index"] == index)


def test_a_valid_batch_of_every_type_is_accepted_in_order(ledger_api, tenant, container) -> None:
    batch = [charge("c1"), payment("p1"), credit("k1"), refund("r1", "p1"),
             payment("p2", payment_type="custom", custom_type="Venmo"), void("v1", charge("c1"))]
    response = ledger_api.post(batch)
    assert response.status_code == 200, response.json_body
    assert response.json_body["accepted"] == 6 and response.json_body["duplicates"] == 0
    assert [t["seq"] for t in response.json_body["transactions"]] == [1, 2, 3, 4, 5, 6]
    transactions, upto = container.ledger.read_committed(tenant, 0)
    assert [t.to_dict() for t in transactions] == [
        {**b, "amount": b["amount"]} for b in batch]
    assert upto == 6


FIELD_RULES = [
    ({"amount": "0.00"}, "amount"),
    ({"amount": "-5.00"}, "amount"),
    ({"amount": "1.005"}, "amount"),
    ({"amount": 12.5}, "amount"),
    ({"amount": "NaN"}, "amount"),
    ({"amount": "ten"}, "amount"),
    ({"date": "2025-02-30"}, "date"),
    ({"date": "03/01/2025"}, "date"),
    ({"date": "2025-03-01T10:00:00Z"}, "date"),
    ({"family_id": 7}, "family_id"),
    ({"family_id": ""}, "family_id"),
    ({"id": "x" * 101}, "id"),
    ({"location_id": None}, "location_id"),
    ({"colour": "red"}, "colour"),
    ({"payment_type": "cash"}, "payment_type"),  # not a field of a charge
    ({"type": "adjustment"}, "type"),
]


@pytest.mark.parametrize("change, field", FIELD_RULES)
def test_a_malformed_charge_is_refused_naming_its_field(ledger_api, tenant, container, change, field) -> None:
    response = ledger_api.post([charge("ok1"), {**charge("bad"), **change}])
    assert response.status_code == 400
    assert response.json_body["error"] == "invalid_transactions"
    assert field in [e["field"] for e in errors_of(response, 1)]
    assert [d["index"] for d in response.json_body["details"]] == [1]
    assert stored_rows(container) == 0


TYPE_RULES = [
    ({k: v for k, v in charge("x").items() if k != "revenue_category"}, "revenue_category"),
    ({k: v for k, v in payment("x").items() if k != "payment_type"}, "payment_type"),
    (payment("x", payment_type="cheque"), "payment_type"),
    (payment("x", processor="stripe"), "processor"),
    (payment("x", payment_type="custom"), "custom_type"),
    (payment("x", payment_type="cash", custom_type="Venmo"), "custom_type"),
    ({k: v for k, v in credit("x").items() if k != "credit_type"}, "credit_type"),
    (credit("x", credit_type="loyalty"), "credit_type"),
    (credit("x", revenue_category="tuition"), "revenue_category"),
    ({k: v for k, v in refund("x", "p").items() if k != "refunds"}, "refunds"),
    ({k: v for k, v in void("x", charge("c")).items() if k != "voids"}, "voids"),
    ({**void("x", charge("c")), "refunds": "p"}, "refunds"),
    ({k: v for k, v in charge("x").items() if k != "type"}, "type"),
]


@pytest.mark.parametrize("item, field", TYPE_RULES)
def test_type_specific_fields_are_required_or_refused(ledger_api, tenant, container, item, field) -> None:
    response = ledger_api.post([item])
    assert response.status_code == 400
    assert field in [e["field"] for e in errors_of(response, 0)]
    assert stored_rows(container) == 0


def test_every_invalid_item_is_listed_with_all_its_errors(ledger_api, tenant, container) -> None:
    batch = [charge("c1"), {**charge("c2"), "amount": "0", "date": "nope"}, payment("p1"),
             {**credit("k1"), "credit_type": "x"}, "not an object"]
    response = ledger_api.post(batch)
    assert response.status_code == 400
    details = {d["index"]: d for d in response.json_body["details"]}
    assert sorted(details) == [1, 3, 4]
    assert {e["field"] for e in details[1]["errors"]} == {"amount", "date"}
    assert details[1]["id"] == "c2" and details[3]["id"] == "k1"
    assert stored_rows(container) == 0


@pytest.mark.parametrize("body", [{"transactions": []}, {"transactions": "x"}, {}, {"transactions": [], "x": 1}, "[]"])
def test_a_malformed_batch_is_refused(ledger_api, tenant, body) -> None:
    response = ledger_api.call("POST", f"/v1/tenants/{TENANT}/transactions", body)
    assert response.status_code == 400


def test_a_batch_of_500_is_accepted_and_501_refused(ledger_api, tenant, container) -> None:
    too_many = ledger_api.post([charge(f"c{i}") for i in range(501)])
    assert too_many.status_code == 400
    assert stored_rows(container) == 0
    response = ledger_api.post([charge(f"c{i}") for i in range(500)])
    assert response.status_code == 200
    assert response.json_body["accepted"] == 500
    assert container.models.Tenant.get(TENANT).next_seq == 500


REFERENCE_RULES = [
    ([refund("r1", "nope")], "unknown_payment"),
    ([charge("c1"), refund("r1", "c1")], "unknown_payment"),
    ([payment("p1"), refund("r1", "p1", payment_type="cash")], "payment_type_mismatch"),
    ([payment("p1"), refund("r1", "p1", family="f2")], "family_mismatch"),
    ([payment("p1"), refund("r1", "p1", date="2025-03-01")], "refund_before_payment"),
    ([payment("p1"), refund("r1", "p1", amount="50.01")], "refund_exceeds_payment"),
    ([void("v1", charge("ghost"))], "unknown_transaction"),
    ([charge("c1"), void("v1", charge("c1")), void("v2", void("v1", charge("c1")))], "cannot_void_a_void"),
    ([charge("c1"), void("v1", charge("c1")), void("v2", charge("c1"))], "already_voided"),
    ([charge("c1"), void("v1", charge("c1", amount="99.00"))], "void_mismatch"),
    ([charge("c1"), void("v1", charge("c1"), date="2025-02-01")], "void_before_transaction"),
    ([payment("p1"), refund("r1", "p1"), void("v1", payment("p1"))], "payment_has_refunds"),
    ([charge("c1"), charge("c1")], "duplicate_id"),
]


@pytest.mark.parametrize("batch, code", REFERENCE_RULES)
def test_references_within_a_batch_are_checked(ledger_api, tenant, container, batch, code) -> None:
    response = ledger_api.post(batch)
    assert response.status_code == 400
    assert code in [e["code"] for d in response.json_body["details"] for e in d["errors"]]
    assert stored_rows(container) == 0


STORED_RULES = [
    ([payment("p1")], [refund("r1", "p1", amount="50.01")], "refund_exceeds_payment"),
    ([payment("p1"), refund("r1", "p1", amount="30.00")], [refund("r2", "p1", amount="20.01")], "refund_exceeds_payment"),
    ([charge("c1"), void("v1", charge("c1"))], [void("v2", void("v1", charge("c1")))], "cannot_void_a_void"),
    ([charge("c1"), void("v1", charge("c1"))], [void("v2", charge("c1"))], "already_voided"),
    ([payment("p1"), void("v1", payment("p1"))], [refund("r1", "p1")], "payment_voided"),
    ([payment("p1"), refund("r1", "p1")], [void("v1", payment("p1"))], "payment_has_refunds"),
    ([charge("c1")], [refund("r1", "c1")], "unknown_payment"),
]


@pytest.mark.parametrize("first, second, code", STORED_RULES)
def test_references_to_stored_transactions_are_checked(ledger_api, tenant, container, first, second, code) -> None:
    assert ledger_api.post(first).status_code == 200
    before = stored_rows(container)
    response = ledger_api.post(second)
    assert response.status_code == 400
    assert [e["code"] for e in errors_of(response, 0)] == [code]
    assert stored_rows(container) == before


def test_refunds_and_voids_of_stored_transactions_are_accepted(ledger_api, tenant, container) -> None:
    assert ledger_api.post([charge("c1"), payment("p1"), payment("p2")]).status_code == 200
    response = ledger_api.post([refund("r1", "p1", amount="30.00"), void("v1", charge("c1"))])
    assert response.status_code == 200, response.json_body
    # voiding the refund frees its amount again; the payment is then refundable in full
    response = ledger_api.post([void("v2", refund("r1", "p1", amount="30.00")), refund("r2", "p1", amount="50.00")])
    assert response.status_code == 200, response.json_body
    assert ledger_api.post([void("v3", payment("p2"))]).status_code == 200


def test_a_batch_for_an_unknown_tenant_is_404(ledger_api) -> None:
    assert ledger_api.post([charge("c1")], tenant_id="nobody").status_code == 404
    assert ledger_api.post([refund("r1", "ghost")], tenant_id="nobody").status_code == 404


@pytest.mark.parametrize("role, tenant_id", [("admin", TENANT), ("staff", TENANT), ("support", None)])
def test_only_the_platform_may_ingest(ledger_api, tenant, container, role, tenant_id) -> None:
    response = ledger_api.call("POST", f"/v1/tenants/{TENANT}/transactions", {"transactions": [charge("c1")]},
                               role=role, tenant_id=tenant_id)
    assert response.status_code == 403
    assert stored_rows(container) == 0
