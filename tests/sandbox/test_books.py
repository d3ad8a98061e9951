"""Reading the books back: TrialBalance through the API, balances through the control API."""
from __future__ import annotations

import pytest
from quickbooks.objects.account import Account
from quickbooks.objects.customer import Customer
from quickbooks.objects.item import Item
from quickbooks.objects.payment import Payment
from quickbooks.objects.salesreceipt import SalesReceipt

from .builders import deposit, journal_entry


@pytest.fixture()
def posted(roomy, plus_qb):
    """A small night of postings: JE, sales receipt, payment, deposit of undeposited funds."""
    a = {x.Name: x.Id for x in Account.all(qb=plus_qb)}
    journal_entry([("Debit", a["Accounts Receivable (A/R)"], 200),
                   ("Credit", a["Services"], 200)], txn_date="2026-03-01",
                  customer_id=_customer(plus_qb)).save(qb=plus_qb)
    item = Item.filter(Name="Services", qb=plus_qb)[0].Id
    SalesReceipt.from_json({"TxnDate": "2026-03-02", "Line": [
        {"Amount": 50, "DetailType": "SalesItemLineDetail",
         "SalesItemLineDetail": {"ItemRef": {"value": item}}},
        {"Amount": 5, "DetailType": "DiscountLineDetail",
         "DiscountLineDetail": {"DiscountAccountRef": {"value": a["Discounts given"]}}}]}) \
        .save(qb=plus_qb)
    Payment.from_json({"TxnDate": "2026-03-03", "TotalAmt": 120,
                       "CustomerRef": {"value": Customer.all(qb=plus_qb)[0].Id}}).save(qb=plus_qb)
    deposit(a["Checking"], [(a["Undeposited Funds"], 165)], txn_date="2026-03-04").save(
        qb=plus_qb)
    return a


def _customer(qb) -> str:
    c = Customer()
    c.DisplayName = "Smith Family"
    return c.save(qb=qb).Id


def test_balances_endpoint_reports_decimal_strings_per_account(seeded, control, posted):
    balances = control.balances(seeded.plus_realm, "2026-03-31")
    assert balances["Checking"] == "165.00"
    assert balances["Undeposited Funds"] == "0.00"
    assert balances["Accounts Receivable (A/R)"] == "80.00"
    assert balances["Services"] == "-250.00"
    assert balances["Discounts given"] == "5.00"


def test_balances_are_as_of_a_date(seeded, control, posted):
    balances = control.balances(seeded.plus_realm, "2026-03-02")
    assert balances["Checking"] == "0.00" and balances["Undeposited Funds"] == "45.00"


def test_balances_always_sum_to_zero(seeded, control, posted):
    total = sum(float(v) for v in control.balances(seeded.plus_realm, "2026-12-31").values())
    assert total == 0


def test_trial_balance_report_has_qbos_shape_and_balances(plus_qb, posted):
    report = plus_qb.get_report("TrialBalance", {"start_date": "2026-03-01",
                                                 "end_date": "2026-03-31"})
    assert report["Header"]["ReportName"] == "TrialBalance"
    assert [c["ColTitle"] for c in report["Columns"]["Column"]] == ["", "Debit", "Credit"]
    total = report["Rows"]["Row"][-1]["Summary"]["ColData"]
    assert total[0]["value"] == "TOTAL" and total[1]["value"] == total[2]["value"] == "250.00"


def test_trial_balance_rows_match_the_ledger(plus_qb, posted):
    report = plus_qb.get_report("TrialBalance", {"end_date": "2026-03-31"})
    rows = {r["ColData"][0]["value"]: (r["ColData"][1]["value"], r["ColData"][2]["value"])
            for r in report["Rows"]["Row"] if r.get("type") == "Data"}
    assert rows["Checking"] == ("165.00", "")
    assert rows["Services"] == ("", "250.00")


def test_voided_sales_receipt_drops_out_of_the_books(seeded, control, plus_qb, posted):
    receipt = SalesReceipt.all(qb=plus_qb)[0]
    receipt.void(qb=plus_qb)
    assert control.balances(seeded.plus_realm, "2026-03-02")["Undeposited Funds"] == "0.00"


def test_prior_fiscal_year_income_rolls_into_retained_earnings(seeded, control, plus_qb,
                                                               posted):
    # Northside's fiscal year starts in July, so March 2026 income is last year by September.
    report = plus_qb.get_report("TrialBalance", {"end_date": "2026-09-30"})
    rows = {r["ColData"][0]["value"]: r["ColData"][2]["value"]
            for r in report["Rows"]["Row"] if r.get("type") == "Data"}
    assert "Services" not in rows
    assert rows["Retained Earnings"] == "245.00"
