"""Gift card sales and taxed charges through the ingest API, and the two reports they feed."""
from __future__ import annotations

import csv
import io

import pytest

from tests.integration.ledger.conftest import TENANT, charge, credit, void


def gift_card(id: str, amount: str, date: str, family: str) -> dict:
    body = charge(id, amount, date, family, kind="gift_card")
    body.pop("revenue_category")
    return body


LEDGER = [
    gift_card("g1", "50.00", "2025-03-01", "A"), gift_card("g2", "25.00", "2025-03-02", "B"),
    credit("k1", "20.00", "2025-03-03", "C", credit_type="gift_card"),
    charge("c1", "108.00", "2025-03-01", "A", tax=[{"name": "Sales Tax", "amount": "8.00"}]),
    charge("c2", "110.00", "2025-04-02", "B", tax=[{"name": "Sales Tax", "amount": "6.00"},
                                                  {"name": "City Tax", "amount": "4.00"}]),
]


@pytest.fixture
def books(ledger_api, tenant) -> str:
    assert ledger_api.post(LEDGER).status_code == 200
    assert ledger_api.post([void("g2-v", LEDGER[1], date="2025-03-04")]).status_code == 200
    return tenant


def get(ledger_api, path: str, **kwargs):
    return ledger_api.call("GET", f"/v1/tenants/{TENANT}/reports/{path}", **kwargs)


def test_a_replayed_gift_card_sale_and_taxed_charge_are_duplicates_not_new_rows(ledger_api, books) -> None:
    again = ledger_api.post(LEDGER).json_body
    assert (again["accepted"], again["duplicates"]) == (0, len(LEDGER))


def test_gift_cards_outstanding_are_sold_less_redeemed(ledger_api, books) -> None:
    body = get(ledger_api, "gift-cards?as_of=2025-03-03").json_body
    assert (body["sold"], body["redeemed"], body["outstanding"]) == ("75.00", "20.00", "55.00")
    assert [f["family_id"] for f in body["families"]] == ["A", "B", "C"]


def test_a_voided_gift_card_sale_leaves_the_report_from_the_void_date(ledger_api, books) -> None:
    body = get(ledger_api, "gift-cards?as_of=2025-03-04").json_body
    assert body["outstanding"] == "30.00" and [f["family_id"] for f in body["families"]] == ["A", "C"]


def test_the_gift_card_csv_has_the_same_figures(ledger_api, books) -> None:
    response = get(ledger_api, "gift-cards?as_of=2025-03-04&format=csv")
    rows = list(csv.reader(io.StringIO(response.body.decode())))
    assert response.headers["Content-Type"].startswith("text/csv")
    assert rows[-1] == ["TOTAL", "50.00", "20.00", "30.00"]


def test_tax_collected_by_month_and_name(ledger_api, books) -> None:
    body = get(ledger_api, "sales-tax?from=2025-03-01&to=2025-04-30").json_body
    assert [(r["period"], r["tax_name"], r["tax"]) for r in body["rows"]] == [
        ("2025-03", "Sales Tax", "8.00"), ("2025-04", "City Tax", "4.00"), ("2025-04", "Sales Tax", "6.00")]
    assert body["total"] == "18.00"


def test_the_tax_csv_has_the_same_figures(ledger_api, books) -> None:
    response = get(ledger_api, "sales-tax?from=2025-03-01&to=2025-04-30&period=quarter", headers={"Accept": "text/csv"})
    rows = list(csv.reader(io.StringIO(response.body.decode())))
    assert rows[1:] == [["2025-Q1", "Sales Tax", "100.00", "8.00"], ["2025-Q2", "City Tax", "100.00", "4.00"],
                        ["2025-Q2", "Sales Tax", "100.00", "6.00"], ["TOTAL", "", "", "18.00"]]


@pytest.mark.parametrize("query", ["from=2025-03-01", "from=2025-04-01&to=2025-03-01",
                                   "from=2025-03-01&to=2025-03-31&period=week", "from=x&to=2025-03-31"])
def test_a_bad_tax_report_query_is_a_400_naming_the_field(ledger_api, books, query) -> None:
    response = get(ledger_api, f"sales-tax?{query}")
    assert response.status_code == 400 and response.json_body["details"][0]["field"] in ("from", "to", "period")


def test_tax_above_the_charge_is_refused_and_nothing_is_stored(ledger_api, tenant) -> None:
    response = ledger_api.post([charge("c9", "10.00", tax=[{"name": "Sales Tax", "amount": "10.01"}])])
    assert response.status_code == 400
    assert response.json_body["details"][0]["errors"][0]["field"] == "tax"


def test_reports_of_another_tenant_are_forbidden(ledger_api, books) -> None:
    response = get(ledger_api, "gift-cards?as_of=2025-03-04", role="admin", tenant_id="someone-else")
    assert response.status_code == 403
