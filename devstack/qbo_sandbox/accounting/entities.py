"""Which entities exist, what each allows (delete? void?), and create/read/update/delete/void.

Name lists (Account, Class, Department, PaymentMethod, Customer, Item) are never deleted:
QBO deactivates them with ``Active=false``. Transactions can be deleted; SalesReceipt and
Payment can also be voided. CompanyInfo and Preferences are per-company singletons.
"""
from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from .. import faults
from ..company import company_info, preferences
from ..store import Company, Doc
from . import docnumbers, rules_lists, rules_txns
from .docmeta import record_delete, stamp_new, stamp_update


@dataclass(frozen=True)
class EntitySpec:
    name: str
    kind: str  # "list" | "txn" | "singleton"
    validate: Callable[[Company, Doc, Doc | None, date], Doc] | None = None
    voidable: bool = False


SPECS: dict[str, EntitySpec] = {s.name: s for s in [
    EntitySpec("Account", "list", rules_lists.account),
    EntitySpec("Class", "list", rules_lists.tracking_class),
    EntitySpec("Department", "list", rules_lists.department),
    EntitySpec("PaymentMethod", "list", rules_lists.payment_method),
    EntitySpec("Customer", "list", rules_lists.customer),
    EntitySpec("Item", "list", rules_lists.item),
    EntitySpec("JournalEntry", "txn", rules_txns.journal_entry),
    EntitySpec("Deposit", "txn", rules_txns.deposit),
    EntitySpec("SalesReceipt", "txn", rules_txns.sales_receipt, voidable=True),
    EntitySpec("Payment", "txn", rules_txns.payment, voidable=True),
    EntitySpec("CompanyInfo", "singleton"),
    EntitySpec("Preferences", "singleton"),
]}
BY_PATH = {name.lower(): spec for name, spec in SPECS.items()}
SYSTEM_KEYS = ("Id", "SyncToken", "MetaData", "domain", "sparse", "status")


def clean(value: Any) -> Any:
    """Drop what python-quickbooks sends as 'unset' (None and empty strings)."""
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items() if v is not None and v != ""}
    if isinstance(value, list):
        return [clean(v) for v in value]
    return value


def singleton(company: Company, name: str) -> Doc:
    return company_info(company) if name == "CompanyInfo" else preferences(company)


def read(company: Company, spec: EntitySpec, obj_id: str) -> Doc:
    if spec.kind == "singleton":
        return singleton(company, spec.name)
    doc = company.table(spec.name).get(str(obj_id))
    if doc is None:
        raise faults.not_found(spec.name, str(obj_id))
    return copy.deepcopy(doc)


def create(company: Company, spec: EntitySpec, body: Doc, now: float, today: date,
           allow_duplicate_doc: bool = False) -> Doc:
    if spec.kind == "singleton" or spec.validate is None:
        raise faults.unsupported_operation(f"Create {spec.name}")
    fields = {k: v for k, v in clean(body).items() if k not in SYSTEM_KEYS}
    doc = spec.validate(company, fields, None, today)
    docnumbers.check(company, spec.name, doc, None, allow_duplicate_doc)
    stamp_new(company, spec.name, doc, now)
    company.table(spec.name)[doc["Id"]] = doc
    return copy.deepcopy(doc)


def _current(company: Company, spec: EntitySpec, body: Doc) -> Doc:
    obj_id = str(body.get("Id") or "")
    if not obj_id:
        raise faults.required_param("Id")
    existing = company.table(spec.name).get(obj_id)
    if existing is None:
        raise faults.not_found(spec.name, obj_id)
    if "SyncToken" not in body or str(body["SyncToken"]) != existing["SyncToken"]:
        raise faults.stale_object()
    return existing


def update(company: Company, spec: EntitySpec, body: Doc, now: float, today: date,
           allow_duplicate_doc: bool = False) -> Doc:
    """Full update replaces every writable field; ``sparse: true`` changes only those sent."""
    if spec.kind == "singleton" or spec.validate is None:
        raise faults.unsupported_operation(f"Update {spec.name}")
    existing = _current(company, spec, body)
    if spec.kind == "txn":
        rules_txns.check_not_deposited(company, spec.name, existing["Id"])
    incoming = {k: v for k, v in clean(body).items() if k not in SYSTEM_KEYS}
    if body.get("sparse") in (True, "true"):
        merged = {k: v for k, v in copy.deepcopy(existing).items() if k not in SYSTEM_KEYS}
        merged.update(incoming)
    else:
        merged = incoming
    doc = spec.validate(company, merged, existing, today)
    docnumbers.check(company, spec.name, doc, existing["Id"], allow_duplicate_doc)
    for key in SYSTEM_KEYS:
        if key in existing:
            doc[key] = existing[key]
    stamp_update(company, spec.name, doc, now)
    company.table(spec.name)[doc["Id"]] = doc
    return copy.deepcopy(doc)


def delete(company: Company, spec: EntitySpec, body: Doc, now: float) -> Doc:
    if spec.kind != "txn":
        raise faults.unsupported_operation(f"Delete {spec.name} (deactivate it with Active=false)")
    existing = _current(company, spec, body)
    rules_txns.check_open_period(company, existing.get("TxnDate"))
    rules_txns.check_not_deposited(company, spec.name, existing["Id"])
    del company.table(spec.name)[existing["Id"]]
    record_delete(company, spec.name, existing["Id"], now)
    return {"status": "Deleted", "domain": "QBO", "Id": existing["Id"]}


def void(company: Company, spec: EntitySpec, body: Doc, now: float) -> Doc:
    if not spec.voidable:
        raise faults.unsupported_operation(f"Void {spec.name}")
    existing = _current(company, spec, body)
    rules_txns.check_open_period(company, existing.get("TxnDate"))
    rules_txns.check_not_deposited(company, spec.name, existing["Id"])
    rules_txns.zero_out(existing)
    stamp_update(company, spec.name, existing, now, "Void")
    return copy.deepcopy(existing)
