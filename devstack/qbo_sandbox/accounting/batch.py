"""The batch endpoint: up to 30 BatchItemRequests, each answered on its own (no atomicity).

Each item is a create/update/delete on one entity, or a Query. A failing item gets its own
Fault in its BatchItemResponse; the others still apply, as in QBO.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from .. import faults
from ..store import Company
from . import entities, query

OPERATIONS = ("create", "update", "delete")


def _entity_of(item: dict[str, Any]) -> tuple[entities.EntitySpec, dict[str, Any]]:
    for key, value in item.items():
        if key in entities.SPECS and isinstance(value, dict):
            return entities.SPECS[key], value
    raise faults.malformed("BatchItemRequest has no entity payload")


def _one(company: Company, item: dict[str, Any], now: float, today: date) -> dict[str, Any]:
    bid = str(item.get("bId", ""))
    try:
        if "Query" in item:
            company.counters.add("batch_query", "read")
            return {"bId": bid, "QueryResponse": query.run(company, str(item["Query"]))}
        operation = item.get("operation", "create")
        spec, payload = _entity_of(item)
        company.counters.add(f"batch_{operation}", "write")
        if operation == "create":
            doc = entities.create(company, spec, payload, now, today)
        elif operation == "update":
            doc = entities.update(company, spec, payload, now, today)
        elif operation == "delete":
            doc = entities.delete(company, spec, payload, now)
        else:
            raise faults.invalid_value("operation", f"must be one of {OPERATIONS}")
        return {"bId": bid, spec.name: doc}
    except faults.QBOError as err:
        return {"bId": bid, "Fault": err.fault()}


def run(company: Company, body: Any, now: float, today: date) -> dict[str, Any]:
    items = body.get("BatchItemRequest") if isinstance(body, dict) else None
    if not items:
        raise faults.malformed("Batch Request is Empty")
    if len(items) > company.limits.batch_items:
        raise faults.malformed(f"Batch Request has {len(items)} items; the maximum number of "
                               f"BatchItemRequest objects is {company.limits.batch_items}.")
    if len({str(i.get("bId")) for i in items}) != len(items):
        raise faults.malformed("Duplicate bId in BatchItemRequest")
    return {"BatchItemResponse": [_one(company, item, now, today) for item in items],
            "time": faults.qbo_time()}
