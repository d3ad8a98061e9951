"""Companies as the control API creates them, read back through CompanyInfo and Preferences."""
from __future__ import annotations

import requests
from quickbooks.objects.account import Account
from quickbooks.objects.company_info import CompanyInfo
from quickbooks.objects.paymentmethod import PaymentMethod
from quickbooks.objects.preferences import Preferences


def _sku(info: CompanyInfo) -> str:
    return next(nv["Value"] for nv in info.NameValue if nv["Name"] == "OfferingSku")


def test_company_info_reports_the_plan_as_offering_sku(seeded, plus_qb, essentials_qb):
    assert _sku(CompanyInfo.get(seeded.plus_realm, qb=plus_qb)) == "QuickBooks Online Plus"
    assert _sku(CompanyInfo.get(seeded.essentials_realm, qb=essentials_qb)) == \
        "QuickBooks Online Essentials"


def test_company_info_carries_name_and_fiscal_year_start_month(seeded, plus_qb):
    info = CompanyInfo.get(seeded.plus_realm, qb=plus_qb)
    assert info.CompanyName == "Northside Dance Academy"
    assert info.FiscalYearStartMonth == "July"


def test_preferences_show_class_tracking_and_book_close_date(seeded, control, plus_qb):
    control.company(seeded.plus_realm, book_close_date="2025-12-31")
    prefs = Preferences.get(qb=plus_qb).AccountingInfoPrefs
    assert prefs.ClassTrackingPerTxnLine is True
    assert prefs.BookCloseDate == "2025-12-31"
    assert prefs.TrackDepartments is True


def test_essentials_company_has_class_tracking_off(essentials_qb):
    prefs = Preferences.get(qb=essentials_qb).AccountingInfoPrefs
    assert prefs.ClassTrackingPerTxn is False and prefs.ClassTrackingPerTxnLine is False


def test_default_chart_includes_undeposited_funds_as_other_current_asset(plus_qb):
    undeposited = Account.filter(Name="Undeposited Funds", qb=plus_qb)[0]
    assert (undeposited.AccountType, undeposited.AccountSubType) == \
        ("Other Current Asset", "UndepositedFunds")


def test_default_chart_has_checking_receivables_sales_and_discounts(plus_qb):
    types = {a.Name: a.AccountType for a in Account.all(qb=plus_qb)}
    assert types["Checking"] == "Bank"
    assert types["Accounts Receivable (A/R)"] == "Accounts Receivable"
    assert types["Services"] == "Income" and types["Discounts given"] == "Income"


def test_default_payment_methods_exist(plus_qb):
    assert {"Cash", "Check", "Visa"} <= {m.Name for m in PaymentMethod.all(qb=plus_qb)}


def test_control_api_refuses_class_tracking_on_essentials(seeded):
    response = requests.post(f"{seeded.base_url}/_sandbox/companies",
                             json={"name": "X", "plan": "Essentials",
                                   "class_tracking": "per_line"}, timeout=5)
    assert response.status_code == 400


def test_control_api_refuses_an_unknown_plan(seeded):
    response = requests.post(f"{seeded.base_url}/_sandbox/companies",
                             json={"name": "X", "plan": "Gold"}, timeout=5)
    assert response.status_code == 400


def test_simple_start_and_advanced_plans_map_to_their_skus(seeded, control):
    simple = control.call("POST", "/companies", {"name": "S", "plan": "Simple Start"})
    advanced = control.call("POST", "/companies", {"name": "A", "plan": "Advanced"})
    assert simple["offering_sku"] == "QuickBooks Online Simple Start"
    assert advanced["offering_sku"] == "QuickBooks Online Advanced"


def test_default_limits_are_intuits(seeded, control):
    assert control.call("GET", f"/companies/{seeded.plus_realm}/limits") == {
        "requests_per_minute": 500, "requests_per_second": 10, "concurrent": 10,
        "batch_items": 30, "batch_per_minute": 40, "throttle_format": "json"}
