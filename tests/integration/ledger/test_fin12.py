"""FIN-12 "Families with Unapplied Credit Balances" against balances worked out by hand."""
from __future__ import annotations

import csv
import io

import pytest

from tests.integration.ledger.conftest import TENANT, charge, credit, payment, refund, void

LEDGER = [
    # family A: owes 100, pays 150, gets a 10 credit
    charge("a-c", "100.00", "2025-03-01", "A"), payment("a-p", "150.00", "2025-03-02", "A"),
    credit("a-k", "10.00", "2025-03-03", "A"),
    # family B: charged and paid the same day: zero, never listed
    charge("b-c", "80.00", "2025-03-01", "B"), payment("b-p", "80.00", "2025-03-01", "B"),
    # family C: prepays 40, 15 of it refunded on the 4th
    payment("c-p", "40.00", "2025-03-01", "C"), refund("c-r", "c-p", "15.00", "2025-03-04", "C"),
    # family D: a 30 credit, voided on the 5th
    credit("d-k", "30.00", "2025-03-02", "D"),
    # family E: owes 20 (a receivable, not a credit)
    charge("e-c", "20.00", "2025-03-01", "E"),
]
VOID_D = void("d-v", credit("d-k", "30.00", "2025-03-02", "D"), date="2025-03-05")

BY_HAND = {
    "2025-02-28": ({}, "0.00"),
    "2025-03-01": ({"C": "40.00"}, "40.00"),
    "2025-03-02": ({"A": "50.00", "C": "40.00", "D": "30.00"}, "120.00"),
    "2025-03-04": ({"A": "60.00", "C": "25.00", "D": "30.00"}, "115.00"),
    "2025-03-05": ({"A": "60.00", "C": "25.00"}, "85.00"),
}


@pytest.fixture
def books(ledger_api, tenant) -> str:
    assert ledger_api.post(LEDGER).status_code == 200
    assert ledger_api.post([VOID_D]).status_code == 200  # a void arriving in a later batch
    return tenant


def report(ledger_api, as_of: str, **kwargs):
    return ledger_api.call("GET", f"/v1/tenants/{TENANT}/reports/unapplied-credits?as_of={as_of}", **kwargs)


@pytest.mark.parametrize("as_of", sorted(BY_HAND))
def test_fin12_matches_the_hand_computed_balances(ledger_api, books, as_of) -> None:
    families, total = BY_HAND[as_of]
    response = report(ledger_api, as_of)
    assert response.status_code == 200
    body = response.json_body
    assert body["as_of"] == as_of
    assert {f["family_id"]: f["credit"] for f in body["families"]} == families
    assert all(f["balance"] == f"-{f['credit']}" for f in body["families"])
    assert (body["total"], body["count"]) == (total, len(families))


@pytest.mark.parametrize("how", [{"query": "&format=csv"}, {"headers": {"Accept": "text/csv"}}])
def test_fin12_as_csv_carries_the_same_figures(ledger_api, books, how) -> None:
    path = f"/v1/tenants/{TENANT}/reports/unapplied-credits?as_of=2025-03-04{how.get('query', '')}"
    response = ledger_api.call("GET", path, headers=how.get("headers"))
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.body.decode())))
    assert rows == [["family_id", "balance", "credit"], ["A", "-60.00", "60.00"], ["C", "-25.00", "25.00"],
                    ["D", "-30.00", "30.00"], ["TOTAL", "-115.00", "115.00"]]


@pytest.mark.parametrize("role, tenant_id, status", [
    ("admin", TENANT, 200), ("staff", TENANT, 200), ("platform", None, 200), ("support", None, 200),
    ("admin", "another-studio", 403), ("staff", "another-studio", 403),
])
def test_fin12_is_readable_by_the_tenant_the_platform_and_support(ledger_api, books, role, tenant_id, status) -> None:
    assert report(ledger_api, "2025-03-04", role=role, tenant_id=tenant_id).status_code == status


@pytest.mark.parametrize("query", ["", "?as_of=2025-3-4", "?as_of=tomorrow", "?as_of=2025-02-30"])
def test_fin12_needs_a_valid_as_of_date(ledger_api, tenant, query) -> None:
    response = ledger_api.call("GET", f"/v1/tenants/{TENANT}/reports/unapplied-credits{query}")
    assert response.status_code == 400
    assert response.json_body["details"][0]["field"] == "as_of"


def test_fin12_of_an_unknown_tenant_is_404(ledger_api) -> None:
    response = ledger_api.call("GET", "/v1/tenants/nobody/reports/unapplied-credits?as_of=2025-03-04")
    assert response.status_code == 404
