"""Rules QBO applies to the transactions Classbooks posts.

Journal entries must balance; deposits go to a Bank or Other Current Asset account and never
total below zero; nothing may be dated on or before the company's BookCloseDate; ClassRef and
DepartmentRef need the company's class/location tracking; references must be active.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from .. import faults
from ..store import Company, Doc
from .refs import as_number, check_length, money, named_ref, ref_id, resolve

DEPOSITABLE = ("Bank", "Other Current Asset")


def check_open_period(company: Company, txn_date: Any) -> None:
    if company.book_close_date and txn_date \
            and date.fromisoformat(str(txn_date)) <= company.book_close_date:
        raise faults.period_closed()


def _common(company: Company, fields: Doc, old: Doc | None, today: date) -> Doc:
    doc = dict(fields)
    try:
        txn_date = date.fromisoformat(str(fields.get("TxnDate") or today.isoformat()))
    except ValueError as exc:
        raise faults.invalid_value("TxnDate", "is not a valid date (YYYY-MM-DD)") from exc
    doc["TxnDate"] = txn_date.isoformat()
    check_open_period(company, doc["TxnDate"])
    if old is not None:
        check_open_period(company, old.get("TxnDate"))
    check_length(fields.get("DocNumber"), "DocNumber", 21)
    check_length(fields.get("PrivateNote"), "PrivateNote", 4000)
    currency = ref_id(fields.get("CurrencyRef")) or "USD"
    if currency != "USD":
        raise faults.business_rule("Multicurrency is not enabled for this company.",
                                   "CurrencyRef")
    doc["CurrencyRef"] = {"value": "USD", "name": "United States Dollar"}
    if fields.get("DepartmentRef"):
        doc["DepartmentRef"] = _department(company, fields["DepartmentRef"], "DepartmentRef")
    return doc


def _class(company: Company, ref: Any, element: str) -> dict[str, str]:
    if company.class_tracking == "none":
        raise faults.business_rule("Class tracking is not turned on for this company "
                                   "(Preferences.AccountingInfoPrefs.ClassTrackingPerTxnLine).",
                                   element)
    return named_ref(resolve(company, "Class", ref, element))


def _department(company: Company, ref: Any, element: str) -> dict[str, str]:
    if not company.track_departments:
        raise faults.business_rule("Location tracking is not turned on for this company "
                                   "(Preferences.AccountingInfoPrefs.TrackDepartments).", element)
    return named_ref(resolve(company, "Department", ref, element))


def _lines(fields: Doc) -> list[Doc]:
    lines = fields.get("Line") or []
    if not isinstance(lines, list):
        raise faults.invalid_value("Line", "must be a list")
    return [dict(line) for line in lines]


def journal_entry(company: Company, fields: Doc, old: Doc | None, today: date) -> Doc:
    doc = _common(company, fields, old, today)
    debits, credits, out = Decimal(0), Decimal(0), []
    for n, line in enumerate(_lines(fields)):
        if line.get("DetailType") == "DescriptionOnly":
            out.append({**line, "Id": str(n)})
            continue
        detail = dict(line.get("JournalEntryLineDetail") or {})
        where = f"Line[{n}].JournalEntryLineDetail"
        amount = money(line.get("Amount", 0), f"Line[{n}].Amount")
        if amount < 0:
            raise faults.business_rule("Journal entry line amounts can't be negative; use the "
                                       "other posting type.", f"Line[{n}].Amount")
        posting = detail.get("PostingType")
        if posting not in ("Debit", "Credit"):
            raise faults.invalid_value(f"{where}.PostingType", "must be Debit or Credit")
        account = resolve(company, "Account", detail.get("AccountRef"), f"{where}.AccountRef")
        detail["AccountRef"] = named_ref(account)
        if account["AccountType"] in ("Accounts Receivable", "Accounts Payable"):
            detail["Entity"] = _entity(company, detail.get("Entity"), account, where)
        if detail.get("ClassRef"):
            detail["ClassRef"] = _class(company, detail["ClassRef"], f"{where}.ClassRef")
        if detail.get("DepartmentRef"):
            detail["DepartmentRef"] = _department(company, detail["DepartmentRef"],
                                                  f"{where}.DepartmentRef")
        debits += amount if posting == "Debit" else 0
        credits += amount if posting == "Credit" else 0
        out.append({**line, "Id": str(n), "Amount": as_number(amount),
                    "DetailType": "JournalEntryLineDetail", "JournalEntryLineDetail": detail})
    if not out:
        raise faults.required_param("Line")
    if debits != credits:
        raise faults.business_rule(f"Journal Entry must be balanced: total debits {debits} do "
                                   f"not equal total credits {credits}.", "Line")
    doc.update({"Line": out, "TotalAmt": as_number(debits), "Adjustment": bool(
        fields.get("Adjustment", False))})
    return doc


def _entity(company: Company, entity: Any, account: Doc, where: str) -> Doc:
    kind = "Customer" if account["AccountType"] == "Accounts Receivable" else "Vendor"
    if not entity or not entity.get("EntityRef"):
        field = "customer" if kind == "Customer" else "vendor"
        raise faults.business_rule(f"When you use {account['AccountType']}, you must choose a "
                                   f"{field} in the Name field.", f"{where}.Entity")
    if kind == "Vendor":
        raise faults.invalid_reference(f"{where}.Entity", ref_id(entity["EntityRef"]))
    cust = resolve(company, "Customer", entity["EntityRef"], f"{where}.Entity")
    return {"Type": "Customer", "EntityRef": named_ref(cust, "DisplayName")}


def _deposit_to(company: Company, fields: Doc, required: bool) -> dict[str, str]:
    ref = fields.get("DepositToAccountRef")
    if not ref:
        if required:
            raise faults.required_param("DepositToAccountRef")
        undeposited = next(a for a in company.table("Account").values()
                           if a.get("AccountSubType") == "UndepositedFunds")
        return named_ref(undeposited)
    account = resolve(company, "Account", ref, "DepositToAccountRef")
    if account["AccountType"] not in DEPOSITABLE:
        raise faults.business_rule("The Deposit To account must be a Bank or Other Current Asset "
                                   f"account; {account['Name']} is {account['AccountType']}.",
                                   "DepositToAccountRef")
    return named_ref(account)


def deposit(company: Company, fields: Doc, old: Doc | None, today: date) -> Doc:
    doc = _common(company, fields, old, today)
    doc["DepositToAccountRef"] = _deposit_to(company, fields, required=True)
    total, out = Decimal(0), []
    for n, line in enumerate(_lines(fields)):
        amount = money(line.get("Amount", 0), f"Line[{n}].Amount")
        if line.get("LinkedTxn"):
            for link in line["LinkedTxn"]:
                kind = link.get("TxnType")
                if kind not in ("SalesReceipt", "Payment") \
                        or str(link.get("TxnId")) not in company.table(kind):
                    raise faults.invalid_reference(f"Line[{n}].LinkedTxn", str(link.get("TxnId")))
            out.append({**line, "Id": str(n + 1), "Amount": as_number(amount)})
        else:
            detail = dict(line.get("DepositLineDetail") or {})
            where = f"Line[{n}].DepositLineDetail"
            detail["AccountRef"] = named_ref(resolve(company, "Account", detail.get("AccountRef"),
                                                     f"{where}.AccountRef"))
            if detail.get("ClassRef"):
                detail["ClassRef"] = _class(company, detail["ClassRef"], f"{where}.ClassRef")
            if detail.get("PaymentMethodRef"):
                detail["PaymentMethodRef"] = named_ref(resolve(
                    company, "PaymentMethod", detail["PaymentMethodRef"],
                    f"{where}.PaymentMethodRef"))
            out.append({**line, "Id": str(n + 1), "Amount": as_number(amount),
                        "DetailType": "DepositLineDetail", "DepositLineDetail": detail})
        total += amount
    if not out:
        raise faults.required_param("Line")
    if total < 0:
        raise faults.business_rule(f"A deposit can't have a negative total ({total}).", "Line")
    doc.update({"Line": out, "TotalAmt": as_number(total)})
    return doc


def sales_receipt(company: Company, fields: Doc, old: Doc | None, today: date) -> Doc:
    doc = _common(company, fields, old, today)
    doc["DepositToAccountRef"] = _deposit_to(company, fields, required=False)
    if fields.get("CustomerRef"):
        doc["CustomerRef"] = named_ref(resolve(company, "Customer", fields["CustomerRef"],
                                               "CustomerRef"), "DisplayName")
    if fields.get("PaymentMethodRef"):
        doc["PaymentMethodRef"] = named_ref(resolve(company, "PaymentMethod",
                                                    fields["PaymentMethodRef"],
                                                    "PaymentMethodRef"))
    total, out = Decimal(0), []
    for n, line in enumerate(_lines(fields)):
        kind = line.get("DetailType")
        if kind == "SubTotalLineDetail":
            continue
        amount = money(line.get("Amount", 0), f"Line[{n}].Amount")
        if kind == "SalesItemLineDetail":
            detail = dict(line.get("SalesItemLineDetail") or {})
            where = f"Line[{n}].SalesItemLineDetail"
            detail["ItemRef"] = named_ref(resolve(company, "Item", detail.get("ItemRef"),
                                                  f"{where}.ItemRef"))
            if detail.get("ClassRef"):
                detail["ClassRef"] = _class(company, detail["ClassRef"], f"{where}.ClassRef")
            total += amount
        elif kind == "DiscountLineDetail":
            detail = dict(line.get("DiscountLineDetail") or {})
            detail["DiscountAccountRef"] = named_ref(resolve(
                company, "Account", detail.get("DiscountAccountRef"),
                f"Line[{n}].DiscountLineDetail.DiscountAccountRef"))
            total -= amount
        else:
            raise faults.invalid_value(f"Line[{n}].DetailType", f"{kind!r} is not supported")
        out.append({**line, "Id": str(n + 1), "Amount": as_number(amount), kind: detail})
    if not out:
        raise faults.required_param("Line")
    if total < 0:
        raise faults.business_rule("A sales receipt can't have a negative total.", "Line")
    doc.update({"Line": out, "TotalAmt": as_number(total), "Balance": 0})
    return doc


def payment(company: Company, fields: Doc, old: Doc | None, today: date) -> Doc:
    doc = _common(company, fields, old, today)
    if not fields.get("CustomerRef"):
        raise faults.required_param("CustomerRef")
    doc["CustomerRef"] = named_ref(resolve(company, "Customer", fields["CustomerRef"],
                                           "CustomerRef"), "DisplayName")
    doc["DepositToAccountRef"] = _deposit_to(company, fields, required=False)
    if fields.get("PaymentMethodRef"):
        doc["PaymentMethodRef"] = named_ref(resolve(company, "PaymentMethod",
                                                    fields["PaymentMethodRef"],
                                                    "PaymentMethodRef"))
    if fields.get("Line"):
        raise faults.business_rule("The sandbox has no invoices to apply a payment to; send "
                                   "an unapplied payment (no Line).", "Line")
    if "TotalAmt" not in fields:
        raise faults.required_param("TotalAmt")
    total = money(fields["TotalAmt"], "TotalAmt")
    if total < 0:
        raise faults.business_rule("A payment can't be negative.", "TotalAmt")
    doc.update({"TotalAmt": as_number(total), "UnappliedAmt": as_number(total), "Line": []})
    return doc


def zero_out(doc: Doc) -> None:
    """Voiding keeps the document but zeroes every amount (QBO marks it 'Voided')."""
    for line in doc.get("Line", []):
        line["Amount"] = 0
    doc["TotalAmt"] = 0
    if "UnappliedAmt" in doc:
        doc["UnappliedAmt"] = 0
    doc["PrivateNote"] = "Voided"
