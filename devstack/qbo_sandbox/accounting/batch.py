"""The batch endpoint: up to 30 BatchItemRequests, each answered on its own (no atomicity).

Each item is a create/update/delete on one entity, or a Query. A failing item gets its own
Fault in its BatchItemResponse; the others still apply, as in QBO. When the batch carries a
`requestid`, Intuit allows each bId only 10 characters (an item over it faults on its own);
`optionsData: "allowduplicatedocnum"` lets an item through the duplicate-DocNumber check.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from .. import faults
from ..store import Company
from . import docnumbers, entities, query

OPERATIONS = ("create", "update", "delete")
MAX_BID_WITH_REQUEST_ID = 10


def _check_bid(bid: str, request_id: str | None) -> None:
    if request_id is not None and len(bid) > MAX_BID_WITH_REQUEST_ID:
        raise faults.business_rule(
            f"You cannot enter more than {MAX_BID_WITH_REQUEST_ID} characters in the bId field "
            f"when the batch has a requestid. You tried entering {bid[:10]}..., which is "
            f"{len(bid)} characters.", "bId")


def _entity_of(item: dict[str, Any]) -> tuple[entities.EntitySpec, dict[str, Any]]:
    for key, value in item.items():
        if key in entities.SPECS and isinstance(value, dict):
            return entities.SPECS[key], value
    raise faults.malformed("BatchItemRequest has no entity payload")


def _one(company: Company, item: dict[str, Any], now: float, today: date,
         request_id: str | None) -> dict[str, Any]:
    bid = str(item.get("bId", ""))
    try:
        _check_bid(bid, request_id)
        if "Query" in item:
            company.counters.add("batch_query", "read")
            return {"bId": bid, "QueryResponse": query.run(company, str(item["Query"]))}
        operation = item.get("operation", "create")
        spec, payload = _entity_of(item)
        company.counters.add(f"batch_{operation}", "write")
        allow_dup = docnumbers.allows_duplicates(item.get("optionsData"))
        if operation == "create":
            doc = entities.create(company, spec, payload, now, today, allow_dup)
        elif operation == "update":
            doc = entities.update(company, spec, payload, now, today, allow_dup)
        elif operation == "delete":
            doc = entities.delete(company, spec, payload, now)
        else:
            raise faults.invalid_value("operation", f"must be one of {OPERATIONS}")
        return {"bId": bid, spec.name: doc}
    except faults.QBOError as err:
        return {"bId": bid, "Fault": err.fault()}


def run(company: Company, body: Any, now: float, today: date,
        request_id: str | None = None) -> dict[str, Any]:
    items = body.get("BatchItemRequest") if isinstance(body, dict) else None
    if not items:
        raise faults.malformed("Batch Request is Empty")
    if len(items) > company.limits.batch_items:
        raise faults.malformed(f"Batch Request has {len(items)} items; the maximum number of "
                               f"BatchItemRequest objects is {company.limits.batch_items}.")
    if len({str(i.get("bId")) for i in items}) != len(items):
        raise faults.malformed("Duplicate bId in BatchItemRequest")
    return {"BatchItemResponse": [_one(company, item, now, today, request_id)
                                  for item in items],
            "time": faults.qbo_time()}
