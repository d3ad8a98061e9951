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
LINKABLE = ("SalesReceipt", "Payment", "JournalEntry")


def check_open_period(company: Company, txn_date: Any) -> None:
    """Nothing dated on or before BookCloseDate may be written (created, changed, deleted)."""
    if company.book_close_date and txn_date \
            and date.fromisoformat(str(txn_date)) <= company.book_close_date:
        raise faults.period_closed(company.closed_period_code)


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
    debit_total, credit_total, out = Decimal(0), Decimal(0), []
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
        debit_total += amount if posting == "Debit" else 0
        credit_total += amount if posting == "Credit" else 0
        out.append({**line, "Id": str(n), "Amount": as_number(amount),
                    "DetailType": "JournalEntryLineDetail", "JournalEntryLineDetail": detail})
    if not out:
        raise faults.required_param("Line")
    if debit_total != credit_total:
        raise faults.business_rule(f"Journal Entry must be balanced: total debits {debit_total} do "
                                   f"not equal total credits {credit_total}.", "Line")
    doc.update({"Line": out, "TotalAmt": as_number(debit_total), "Adjustment": bool(
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
    """A bank deposit: account lines (negative ones are fees withheld) and linked lines that
    take money out of Undeposited Funds; the total is what reaches the bank."""
    doc = _common(company, fields, old, today)
    doc["DepositToAccountRef"] = _deposit_to(company, fields, required=True)
    total, out = Decimal(0), []
    taken: set[tuple[str, str, str]] = set()
    for n, line in enumerate(_lines(fields)):
        amount = money(line.get("Amount", 0), f"Line[{n}].Amount")
        if line.get("LinkedTxn"):
            links = _linked(company, line["LinkedTxn"], n, (old or {}).get("Id"), taken)
            if amount != links:
                raise faults.business_rule(f"Line[{n}] deposits {amount} but the linked "
                                           f"transaction holds {links} in Undeposited Funds; "
                                           "a linked line deposits the whole amount.",
                                           f"Line[{n}].Amount")
            out.append({**line, "Id": str(n + 1), "Amount": as_number(amount)})
        else:
            out.append({**line, "Id": str(n + 1), "Amount": as_number(amount),
                        "DetailType": "DepositLineDetail",
                        "DepositLineDetail": _deposit_detail(company, line, n)})
        total += amount
    if not out:
        raise faults.required_param("Line")
    if total < 0:
        raise faults.business_rule(f"A deposit can't have a negative total ({total}).", "Line")
    doc.update({"Line": out, "TotalAmt": as_number(total)})
    return doc


def _deposit_detail(company: Company, line: Doc, n: int) -> Doc:
    detail = dict(line.get("DepositLineDetail") or {})
    where = f"Line[{n}].DepositLineDetail"
    if not detail.get("AccountRef"):
        raise faults.required_param(f"{where}.AccountRef")
    detail["AccountRef"] = named_ref(resolve(company, "Account", detail["AccountRef"],
                                             f"{where}.AccountRef"))
    if detail.get("ClassRef"):
        detail["ClassRef"] = _class(company, detail["ClassRef"], f"{where}.ClassRef")
    if detail.get("PaymentMethodRef"):
        detail["PaymentMethodRef"] = named_ref(resolve(
            company, "PaymentMethod", detail["PaymentMethodRef"], f"{where}.PaymentMethodRef"))
    if detail.get("Entity"):
        customer = resolve(company, "Customer", detail["Entity"], f"{where}.Entity")
        detail["Entity"] = {**named_ref(customer, "DisplayName"), "type": "CUSTOMER"}
    check_length(detail.get("CheckNum"), f"{where}.CheckNum", 21)
    return detail


def undeposited_line(company: Company, link: Doc, where: str) -> tuple[str, Decimal]:
    """(account id, amount) a LinkedTxn takes out of Undeposited Funds, or the fault QBO gives.

    Payments and sales receipts are deposited whole; a journal entry is deposited line by
    line (TxnLineId), and only its debit lines posted to Undeposited Funds qualify.
    """
    kind, txn_id = link.get("TxnType"), str(link.get("TxnId") or "")
    source = company.table(kind).get(txn_id) if kind in LINKABLE else None
    if source is None:
        raise faults.invalid_reference(where, txn_id)
    if kind != "JournalEntry":
        account = company.table("Account").get(ref_id(source.get("DepositToAccountRef")), {})
        if account.get("AccountSubType") != "UndepositedFunds":
            raise faults.business_rule(f"{kind} {txn_id} was not received into Undeposited "
                                       "Funds, so there is nothing to deposit.", where)
        return account["Id"], money(source.get("TotalAmt", 0), where)
    line_id = str(link.get("TxnLineId") or "")
    if not line_id:
        raise faults.required_param(f"{where}.TxnLineId")
    line = next((x for x in source.get("Line", []) if str(x.get("Id")) == line_id), None)
    if line is None:
        raise faults.invalid_reference(f"{where}.TxnLineId", line_id)
    detail = line.get("JournalEntryLineDetail") or {}
    account = company.table("Account").get(ref_id(detail.get("AccountRef")), {})
    if account.get("AccountSubType") != "UndepositedFunds" or detail.get("PostingType") != "Debit":
        raise faults.business_rule(f"Line {line_id} of journal entry {txn_id} is not a debit to "
                                   "Undeposited Funds, so it can't be deposited.", where)
    return account["Id"], money(line.get("Amount", 0), where)


def link_key(link: Doc) -> tuple[str, str, str]:
    """What one deposit line takes: a whole transaction, or one line of a journal entry."""
    kind = str(link.get("TxnType"))
    line = str(link.get("TxnLineId") or "") if kind == "JournalEntry" else ""
    return kind, str(link.get("TxnId")), line


def deposited(company: Company, except_deposit: str | None = None) -> dict[tuple, str]:
    """Every (TxnType, TxnId, TxnLineId) some live deposit already takes -> that deposit's Id."""
    return {link_key(link): dep["Id"] for dep in company.table("Deposit").values()
            if dep["Id"] != except_deposit
            for line in dep.get("Line", []) for link in line.get("LinkedTxn", [])}


def _linked(company: Company, links: Any, n: int, self_id: str | None,
            taken: set[tuple[str, str, str]]) -> Decimal:
    if not isinstance(links, list):
        raise faults.invalid_value(f"Line[{n}].LinkedTxn", "must be a list")
    elsewhere, total = deposited(company, self_id), Decimal(0)
    for link in links:
        where = f"Line[{n}].LinkedTxn"
        _, amount = undeposited_line(company, link, where)
        key = link_key(link)
        if key in taken or key in elsewhere:
            on = elsewhere.get(key, "this deposit")
            raise faults.QBOError("620", "Txn ID Cannot Be Linked",
                                  f"Transaction {key[0]} {key[1]}"
                                  f"{' line ' + key[2] if key[2] else ''} is already deposited "
                                  f"(Deposit {on}); it can't be deposited twice.", element=where)
        taken.add(key)
        total += amount
    return total


def check_not_deposited(company: Company, entity: str, txn_id: str) -> None:
    """Intuit 6540: a transaction on a deposit can't be changed or deleted until the deposit
    lets it go."""
    if any(kind == entity and tid == txn_id for kind, tid, _ in deposited(company)):
        raise faults.QBOError("6540", "Deposited Transaction cannot be changed",
                              "This transaction has been deposited. If you want to change or "
                              "delete it, you must edit the deposit it appears on and remove "
                              "it first.")


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
