"""Creating a QBO company: plan rules, default chart of accounts, CompanyInfo and Preferences.

Plan limits follow Intuit's published feature table (classes and locations: none on Simple Start
and Essentials, 40 combined on Plus, unlimited on Advanced; 250 chart-of-accounts entries below
Advanced).
"""
from __future__ import annotations

import calendar
from datetime import UTC, date, datetime
from typing import Any

from .accounting.docmeta import stamp_new
from .store import Company, Doc, SandboxState

PLANS: dict[str, dict[str, Any]] = {
    "SimpleStart": {"sku": "QuickBooks Online Simple Start", "tags": False, "tag_cap": 0,
                    "accounts_cap": 250},
    "Essentials": {"sku": "QuickBooks Online Essentials", "tags": False, "tag_cap": 0,
                   "accounts_cap": 250},
    "Plus": {"sku": "QuickBooks Online Plus", "tags": True, "tag_cap": 40, "accounts_cap": 250},
    "Advanced": {"sku": "QuickBooks Online Advanced", "tags": True, "tag_cap": None,
                 "accounts_cap": None},
}
PLAN_ALIASES = {p.lower(): p for p in PLANS} | {"simple start": "SimpleStart",
                                                 "simple_start": "SimpleStart"}
CLASS_TRACKING = ("none", "per_txn", "per_line")

CLASSIFICATION = {
    "Bank": "Asset", "Accounts Receivable": "Asset", "Other Current Asset": "Asset",
    "Fixed Asset": "Asset", "Other Asset": "Asset",
    "Accounts Payable": "Liability", "Credit Card": "Liability",
    "Other Current Liability": "Liability", "Long Term Liability": "Liability",
    "Equity": "Equity", "Income": "Revenue", "Other Income": "Revenue",
    "Expense": "Expense", "Other Expense": "Expense", "Cost of Goods Sold": "Expense",
}

DEFAULT_ACCOUNTS = [
    ("Checking", "Bank", "Checking"),
    ("Savings", "Bank", "Savings"),
    ("Accounts Receivable (A/R)", "Accounts Receivable", "AccountsReceivable"),
    ("Undeposited Funds", "Other Current Asset", "UndepositedFunds"),
    ("Uncategorized Asset", "Other Current Asset", "OtherCurrentAssets"),
    ("Accounts Payable (A/P)", "Accounts Payable", "AccountsPayable"),
    ("Opening Balance Equity", "Equity", "OpeningBalanceEquity"),
    ("Retained Earnings", "Equity", "RetainedEarnings"),
    ("Sales", "Income", "SalesOfProductIncome"),
    ("Services", "Income", "ServiceFeeIncome"),
    ("Discounts given", "Income", "DiscountsRefundsGiven"),
    ("Uncategorized Income", "Income", "ServiceFeeIncome"),
    ("Bank Charges & Fees", "Expense", "BankCharges"),
    ("Uncategorized Expense", "Expense", "OtherMiscellaneousServiceCost"),
]
DEFAULT_PAYMENT_METHODS = [("Cash", "NON_CREDIT_CARD"), ("Check", "NON_CREDIT_CARD"),
                           ("Visa", "CREDIT_CARD"), ("MasterCard", "CREDIT_CARD"),
                           ("Discover", "CREDIT_CARD"), ("American Express", "CREDIT_CARD")]


def normalise_plan(plan: str) -> str:
    key = PLAN_ALIASES.get(str(plan).lower().replace("quickbooks online ", ""))
    if key is None:
        raise ValueError(f"unknown plan {plan!r}; use one of {sorted(PLANS)}")
    return key


def check_settings(plan: str, class_tracking: str, track_departments: bool) -> None:
    """Refuse a company setup QBO would not allow (class/location tracking needs Plus+)."""
    if class_tracking not in CLASS_TRACKING:
        raise ValueError(f"class_tracking must be one of {CLASS_TRACKING}")
    if not PLANS[plan]["tags"] and (class_tracking != "none" or track_departments):
        raise ValueError(f"{PLANS[plan]['sku']} has no class or location tracking")


def create_company(state: SandboxState, *, name: str, plan: str = "Plus",
                   fiscal_year_start_month: int = 1, book_close_date: date | None = None,
                   class_tracking: str = "none", track_departments: bool = False,
                   realm_id: str | None = None) -> Company:
    plan = normalise_plan(plan)
    check_settings(plan, class_tracking, track_departments)
    if not 1 <= int(fiscal_year_start_month) <= 12:
        raise ValueError("fiscal_year_start_month must be 1..12")
    now = state.now()
    with state.lock:
        realm = realm_id or state.new_realm_id()
        if realm in state.companies:
            raise ValueError(f"realm {realm} exists")
        company = Company(realm_id=realm, name=name, plan=plan,
                          fiscal_year_start_month=int(fiscal_year_start_month),
                          book_close_date=book_close_date, class_tracking=class_tracking,
                          track_departments=bool(track_departments), created_at=now)
        _add_defaults(company, now)
        state.companies[realm] = company
        state.webhooks.cursors[realm] = len(company.changes)  # defaults are never notified
        return company


def _add_defaults(company: Company, now: float) -> None:
    accounts = company.table("Account")
    for name, acct_type, sub in DEFAULT_ACCOUNTS:
        doc: Doc = {"Name": name, "FullyQualifiedName": name, "AccountType": acct_type,
               "AccountSubType": sub, "Classification": CLASSIFICATION[acct_type],
               "Active": True, "SubAccount": False, "CurrentBalance": 0,
               "CurrentBalanceWithSubAccounts": 0,
               "CurrencyRef": {"value": "USD", "name": "United States Dollar"}}
        stamp_new(company, "Account", doc, now)
        accounts[doc["Id"]] = doc
    methods = company.table("PaymentMethod")
    for name, kind in DEFAULT_PAYMENT_METHODS:
        doc = {"Name": name, "Type": kind, "Active": True}
        stamp_new(company, "PaymentMethod", doc, now)
        methods[doc["Id"]] = doc
    services = next(a for a in accounts.values() if a["Name"] == "Services")
    item: Doc = {"Name": "Services", "FullyQualifiedName": "Services", "Type": "Service",
            "Active": True, "Taxable": False, "UnitPrice": 0,
            "IncomeAccountRef": {"value": services["Id"], "name": "Services"}}
    stamp_new(company, "Item", item, now)
    company.table("Item")[item["Id"]] = item


def company_info(company: Company) -> dict[str, Any]:
    month = calendar.month_name[company.fiscal_year_start_month]
    created = datetime.fromtimestamp(company.created_at, tz=UTC).date().isoformat()  # the sandbox's days are UTC
    return {"CompanyName": company.name, "LegalName": company.name,
            "CompanyAddr": {"Id": "1", "Line1": "1 Main St", "City": "Mountain View",
                            "CountrySubDivisionCode": "CA", "PostalCode": "94043"},
            "CompanyStartDate": created, "FiscalYearStartMonth": month, "Country": "US",
            "SupportedLanguages": "en", "DefaultTimeZone": "America/Los_Angeles",
            "NameValue": [{"Name": "OfferingSku", "Value": PLANS[company.plan]["sku"]},
                          {"Name": "NeoEnabled", "Value": "true"},
                          {"Name": "IsQbdtMigrated", "Value": "false"},
                          {"Name": "SubscriptionStatus", "Value": "SUBSCRIBED"}],
            "domain": "QBO", "sparse": False, "Id": "1", "SyncToken": "0",
            "MetaData": {"CreateTime": f"{created}T00:00:00+00:00",
                         "LastUpdatedTime": f"{created}T00:00:00+00:00"}}


def preferences(company: Company) -> dict[str, Any]:
    prefs: dict[str, Any] = {
        "TrackDepartments": company.track_departments, "DepartmentTerminology": "Location",
        "ClassTrackingPerTxn": company.class_tracking == "per_txn",
        "ClassTrackingPerTxnLine": company.class_tracking == "per_line",
        "CustomerTerminology": "Customers", "UseAccountNumbers": False,
        "FirstMonthOfFiscalYear": calendar.month_name[company.fiscal_year_start_month],
        "TaxYearMonth": calendar.month_name[company.fiscal_year_start_month],
    }
    if company.book_close_date:
        prefs["BookCloseDate"] = company.book_close_date.isoformat()
    return {"AccountingInfoPrefs": prefs,
            "CurrencyPrefs": {"MultiCurrencyEnabled": False,
                              "HomeCurrency": {"value": "USD"}},
            "SalesFormsPrefs": {"AllowDeposit": True, "AllowDiscount": True},
            "OtherPrefs": {"NameValue": [{"Name": "WarnDuplicateJournalNumber", "Value": str(
                company.warn_duplicate_journal_number).lower()}]},
            "domain": "QBO", "sparse": False, "Id": "1", "SyncToken": "0",
            "MetaData": {"CreateTime": "", "LastUpdatedTime": ""}}
