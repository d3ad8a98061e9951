"""Rules QBO applies to name-list objects (Account, Class, Department, PaymentMethod, ...).

Each function takes the merged fields, the stored object (None on create) and today's date,
and returns the document to store, or raises the fault QBO would answer with.
"""
from __future__ import annotations

from datetime import date

from .. import faults
from ..company import CLASSIFICATION, PLANS
from ..store import Company, Doc
from . import account_types
from .refs import check_length, named_ref, resolve, unique_name


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
    acct_type, sub_type = _types(company, fields, old)
    active = fields.get("Active", True) not in (False, "false")
    parent = _parent(company, fields, old, acct_type, sub_type)
    full_name = f"{parent['FullyQualifiedName']}:{name}" if parent else name
    if active:
        _unique_full_name(company, full_name, (old or {}).get("Id"))
        _single_per_company(company, sub_type, (old or {}).get("Id"))
    cap = PLANS[company.plan]["accounts_cap"]
    if cap is not None and _activating(fields, old) and _active_count(company, "Account") >= cap:
        raise faults.business_rule(f"You can't add more accounts. Your QuickBooks Online "
                                   f"{company.plan} subscription allows {cap} accounts in the "
                                   "chart of accounts.")
    doc = dict(fields)
    doc.pop("ParentRef", None)
    doc.update({"Name": name, "FullyQualifiedName": full_name, "AccountType": acct_type,
                "AccountSubType": sub_type, "Classification": CLASSIFICATION[acct_type],
                "Active": active, "SubAccount": parent is not None})
    if parent:
        doc["ParentRef"] = {"value": parent["Id"]}
    doc.setdefault("CurrentBalance", 0)
    doc.setdefault("CurrentBalanceWithSubAccounts", 0)
    doc.setdefault("CurrencyRef", {"value": "USD", "name": "United States Dollar"})
    if old is not None and old.get("FullyQualifiedName") != full_name:
        _rename_children(company, old["Id"], full_name)
    return doc


def _types(company: Company, fields: Doc, old: Doc | None) -> tuple[str, str]:
    """AccountType/AccountSubType as QBO stores them; an update keeps what it does not send."""
    acct_type, sub_type = fields.get("AccountType"), fields.get("AccountSubType")
    if old is not None:
        acct_type = acct_type or old["AccountType"]
        if not sub_type and acct_type == old["AccountType"]:
            sub_type = old["AccountSubType"]
    resolved = account_types.resolve(acct_type, sub_type)
    if old is not None and resolved[0] != old["AccountType"] and _children(company, old["Id"]):
        raise faults.business_rule("All parent accounts and their sub-accounts must have the "
                                   "same account type: change the sub-accounts first.",
                                   "AccountType")
    return resolved


def _children(company: Company, parent_id: str) -> list[Doc]:
    return [a for a in company.table("Account").values()
            if (a.get("ParentRef") or {}).get("value") == parent_id]


def _parent(company: Company, fields: Doc, old: Doc | None, acct_type: str,
            sub_type: str) -> Doc | None:
    """The parent a ParentRef names, checked against Intuit's sub-account rules."""
    if not fields.get("ParentRef"):
        return None
    parent = resolve(company, "Account", fields["ParentRef"], "ParentRef")
    self_id = (old or {}).get("Id")
    ancestor: Doc | None = parent
    while ancestor is not None:
        if self_id and ancestor["Id"] == self_id:
            raise faults.QBOError("900", "Parent cannot be child",
                                  "An account can't be its own parent or sub-account.",
                                  element="ParentRef")
        up = (ancestor.get("ParentRef") or {}).get("value")
        ancestor = company.table("Account").get(up) if up else None
    if parent["AccountType"] != acct_type:
        raise faults.business_rule(f"A sub-account must have the same account type as its "
                                   f"parent: {parent['Name']} is {parent['AccountType']}, this "
                                   f"account is {acct_type}.", "ParentRef")
    for blocked in {sub_type, parent["AccountSubType"]} & account_types.NO_SUB_ACCOUNTS:
        raise faults.business_rule(f"Accounts with detail type {blocked} cannot have "
                                   "sub-accounts or be a sub-account.", "ParentRef")
    if parent["FullyQualifiedName"].count(":") + 2 > account_types.MAX_DEPTH:
        raise faults.business_rule(f"Sub-accounts can be nested at most "
                                   f"{account_types.MAX_DEPTH} levels deep.", "ParentRef")
    return parent


def _unique_full_name(company: Company, full_name: str, self_id: str | None) -> None:
    """Account names are unique per level: 6240 when the fully qualified name is taken."""
    wanted = full_name.strip().lower()
    for doc in company.table("Account").values():
        if doc["Id"] != self_id and doc.get("Active", True) \
                and str(doc.get("FullyQualifiedName", "")).strip().lower() == wanted:
            raise faults.duplicate_name("account")


def _single_per_company(company: Company, sub_type: str, self_id: str | None) -> None:
    if sub_type not in account_types.SINGLE_PER_COMPANY:
        return
    if any(a["Id"] != self_id and a.get("Active", True) and a["AccountSubType"] == sub_type
           for a in company.table("Account").values()):
        raise faults.business_rule(f"There can be only one account of detail type {sub_type}.",
                                   "AccountSubType")


def _rename_children(company: Company, parent_id: str, parent_full_name: str) -> None:
    for child in _children(company, parent_id):
        child["FullyQualifiedName"] = f"{parent_full_name}:{child['Name']}"
        _rename_children(company, child["Id"], child["FullyQualifiedName"])


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
