"""Rules QBO applies to name-list objects (Account, Class, Department, PaymentMethod, ...).

Each function takes the merged fields, the stored object (None on create) and today's date,
and returns the document to store, or raises the fault QBO would answer with.
"""
from __future__ import annotations

from datetime import date

from .. import faults
from ..company import CLASSIFICATION, PLANS
from ..store import Company, Doc
from .refs import check_length, named_ref, resolve, unique_name

DEFAULT_SUBTYPE = {"Bank": "Checking", "Accounts Receivable": "AccountsReceivable",
                   "Other Current Asset": "OtherCurrentAssets", "Fixed Asset": "OtherFixedAssets",
                   "Other Asset": "OtherLongTermAssets", "Accounts Payable": "AccountsPayable",
                   "Credit Card": "CreditCard",
                   "Other Current Liability": "OtherCurrentLiabilities",
                   "Long Term Liability": "OtherLongTermLiabilities",
                   "Equity": "OwnersEquity", "Income": "ServiceFeeIncome",
                   "Other Income": "OtherMiscellaneousIncome",
                   "Expense": "OtherMiscellaneousServiceCost",
                   "Other Expense": "OtherMiscellaneousExpense",
                   "Cost of Goods Sold": "SuppliesMaterialsCogs"}


def _activating(fields: Doc, old: Doc | None) -> bool:
    """True when this write makes (or keeps) the object active where it was not before."""
    active = fields.get("Active", True) not in (False, "false")
    return active and (old is None or old.get("Active") is False)


def _active_count(company: Company, *entities: str) -> int:
    return sum(1 for e in entities for d in company.table(e).values() if d.get("Active", True))


def _name(fields: Doc, element: str, maximum: int) -> str:
    name = fields.get(element)
    if not name or not str(name).strip():
        raise faults.required_param(element)
    check_length(name, element, maximum)
    return str(name)


def account(company: Company, fields: Doc, old: Doc | None, today: date) -> Doc:
    name = _name(fields, "Name", 100)
    if ":" in name or '"' in name:
        raise faults.business_rule('Account name cannot contain a colon (:) or a double quote '
                                   '("); a colon would make it a sub-account.', "Name")
    acct_type = fields.get("AccountType") or (old or {}).get("AccountType")
    if not acct_type:
        raise faults.required_param("AccountType")
    if acct_type not in CLASSIFICATION:
        raise faults.invalid_value("AccountType", f"has an invalid value {acct_type!r}")
    active = fields.get("Active", True) not in (False, "false")
    if active:
        unique_name(company, "Account", "Name", name, (old or {}).get("Id"), "account")
    cap = PLANS[company.plan]["accounts_cap"]
    if cap is not None and _activating(fields, old) and _active_count(company, "Account") >= cap:
        raise faults.business_rule(f"You can't add more accounts. Your QuickBooks Online "
                                   f"{company.plan} subscription allows {cap} accounts in the "
                                   "chart of accounts.")
    doc = dict(fields)
    doc.update({"Name": name, "FullyQualifiedName": name, "AccountType": acct_type,
                "AccountSubType": fields.get("AccountSubType") or DEFAULT_SUBTYPE[acct_type],
                "Classification": CLASSIFICATION[acct_type], "Active": active,
                "SubAccount": False})
    doc.setdefault("CurrentBalance", 0)
    doc.setdefault("CurrencyRef", {"value": "USD", "name": "United States Dollar"})
    return doc


def _tag(company: Company, entity: str, fields: Doc, old: Doc | None, label: str) -> Doc:
    plan = PLANS[company.plan]
    if not plan["tags"]:
        raise faults.business_rule(f"{label} tracking is not available in {plan['sku']}. "
                                   "Upgrade to QuickBooks Online Plus or Advanced.")
    name = _name(fields, "Name", 100)
    if ":" in name:
        raise faults.business_rule(f"{label} name cannot contain a colon (:).", "Name")
    active = fields.get("Active", True) not in (False, "false")
    if active:
        unique_name(company, entity, "Name", name, (old or {}).get("Id"), label.lower())
    cap = plan["tag_cap"]
    if cap is not None and _activating(fields, old) \
            and _active_count(company, "Class", "Department") >= cap:
        raise faults.business_rule(f"You've reached the limit of {cap} classes and locations "
                                   f"combined for {plan['sku']}.")
    doc = dict(fields)
    if fields.get("ParentRef"):
        parent = resolve(company, entity, fields["ParentRef"], "ParentRef")
        doc["ParentRef"] = named_ref(parent)
    sub = "SubClass" if entity == "Class" else "SubDepartment"
    doc.update({"Name": name, "FullyQualifiedName": name, "Active": active,
                sub: bool(fields.get("ParentRef"))})
    return doc


def tracking_class(company: Company, fields: Doc, old: Doc | None, today: date) -> Doc:
    return _tag(company, "Class", fields, old, "Class")


def department(company: Company, fields: Doc, old: Doc | None, today: date) -> Doc:
    return _tag(company, "Department", fields, old, "Location")


def payment_method(company: Company, fields: Doc, old: Doc | None, today: date) -> Doc:
    name = _name(fields, "Name", 31)
    active = fields.get("Active", True) not in (False, "false")
    if active:
        unique_name(company, "PaymentMethod", "Name", name, (old or {}).get("Id"),
                    "payment method")
    kind = fields.get("Type") or "NON_CREDIT_CARD"
    if kind not in ("CREDIT_CARD", "NON_CREDIT_CARD"):
        raise faults.invalid_value("Type", f"has an invalid value {kind!r}")
    return {**fields, "Name": name, "Type": kind, "Active": active}


def customer(company: Company, fields: Doc, old: Doc | None, today: date) -> Doc:
    display = fields.get("DisplayName") or " ".join(
        str(fields[k]) for k in ("GivenName", "FamilyName") if fields.get(k)) \
        or fields.get("CompanyName")
    if not display:
        raise faults.required_param("DisplayName")
    check_length(display, "DisplayName", 500)
    if ":" in str(display):
        raise faults.business_rule("Customer display name cannot contain a colon (:).")
    active = fields.get("Active", True) not in (False, "false")
    if active:
        unique_name(company, "Customer", "DisplayName", str(display), (old or {}).get("Id"),
                    "customer, vendor or employee")
    return {**fields, "DisplayName": display, "FullyQualifiedName": display, "Active": active,
            "Balance": fields.get("Balance", 0), "Job": False}


def item(company: Company, fields: Doc, old: Doc | None, today: date) -> Doc:
    name = _name(fields, "Name", 100)
    active = fields.get("Active", True) not in (False, "false")
    if active:
        unique_name(company, "Item", "Name", name, (old or {}).get("Id"), "item")
    kind = fields.get("Type") or "Service"
    if kind not in ("Service", "NonInventory"):
        raise faults.invalid_value("Type", f"{kind!r} is not supported by the sandbox")
    if not fields.get("IncomeAccountRef"):
        raise faults.required_param("IncomeAccountRef")
    income = resolve(company, "Account", fields["IncomeAccountRef"], "IncomeAccountRef")
    return {**fields, "Name": name, "FullyQualifiedName": name, "Type": kind, "Active": active,
            "IncomeAccountRef": named_ref(income)}
