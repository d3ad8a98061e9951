"""Reference checks shared by the rules: a Ref must name an active object of the right kind."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from .. import faults
from ..store import Company, Doc

CENT = Decimal("0.01")


def ref_id(ref: Any) -> str:
    if isinstance(ref, dict):
        return str(ref.get("value") or "")
    return str(ref or "")


def resolve(company: Company, entity: str, ref: Any, element: str) -> Doc:
    """The active object a Ref points at, or fault 2500 (invalid/inactive reference)."""
    obj_id = ref_id(ref)
    doc = company.table(entity).get(obj_id)
    if not obj_id or doc is None or doc.get("Active") is False:
        raise faults.invalid_reference(element, obj_id)
    return doc


def named_ref(doc: Doc, name_field: str = "Name") -> dict[str, str]:
    return {"value": doc["Id"], "name": doc.get(name_field, "")}


def money(value: Any, element: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise faults.invalid_value(element, f"is not a valid amount: {value!r}") from exc
    if not amount.is_finite():
        raise faults.invalid_value(element, "is not a valid amount")
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def as_number(amount: Decimal) -> float | int:
    """QBO's JSON carries amounts as numbers."""
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def check_length(value: Any, element: str, maximum: int) -> None:
    if value is not None and len(str(value)) > maximum:
        raise faults.string_length(element, maximum, len(str(value)))


def unique_name(company: Company, entity: str, field: str, name: str, self_id: str | None,
                what: str) -> None:
    """Names are unique among active objects of a list (6240)."""
    wanted = name.strip().lower()
    for doc in company.table(entity).values():
        if doc["Id"] != self_id and doc.get("Active", True) \
                and str(doc.get(field, "")).strip().lower() == wanted:
            raise faults.duplicate_name(what)
