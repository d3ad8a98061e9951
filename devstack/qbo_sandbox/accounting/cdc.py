"""Change data capture: what changed in the listed entities since a time, 30 days back at most.

Deleted objects come back as ``{"Id", "status": "Deleted"}``; at most 1,000 objects per call
(oldest changes first), the same cap QBO puts on a CDC response.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from .. import faults
from ..store import Company
from . import entities
from .docmeta import iso

LOOKBACK_DAYS = 30
MAX_OBJECTS = 1000


def _since(text: str | None, now: float) -> float:
    if not text:
        raise faults.required_param("changedSince")
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "+"))
    except ValueError as exc:
        raise faults.invalid_value("changedSince", "must be an ISO 8601 date-time") from exc
    if when.tzinfo is None:
        raise faults.invalid_value("changedSince", "needs a time zone offset")
    if when.timestamp() < now - LOOKBACK_DAYS * 86400:
        raise faults.query_invalid(f"changedSince can't be more than {LOOKBACK_DAYS} days in "
                                   "the past")
    return when.timestamp()


def run(company: Company, names: str | None, changed_since: str | None,
        now: float) -> dict[str, Any]:
    since = _since(changed_since, now)
    wanted = []
    for raw in (names or "").split(","):
        spec = next((s for n, s in entities.SPECS.items() if n.lower() == raw.strip().lower()),
                    None)
        if spec is None or spec.kind == "singleton":
            raise faults.invalid_value("entities", f"{raw.strip()!r} is not supported by CDC")
        wanted.append(spec.name)
    latest: dict[tuple[str, str], Any] = {}
    for change in company.changes:
        if change.at > since and change.entity in wanted:
            latest.pop((change.entity, change.obj_id), None)
            latest[(change.entity, change.obj_id)] = change
    results: dict[str, list[dict[str, Any]]] = {name: [] for name in wanted}
    for (entity, obj_id), change in list(latest.items())[:MAX_OBJECTS]:
        doc = company.table(entity).get(obj_id)
        if change.deleted or doc is None:
            results[entity].append({"domain": "QBO", "status": "Deleted", "Id": obj_id,
                                    "MetaData": {"LastUpdatedTime": iso(change.at)}})
        else:
            results[entity].append(dict(doc))
    responses = [{name: docs, "startPosition": 1, "maxResults": len(docs),
                  "totalCount": len(docs)} if docs else {} for name, docs in results.items()]
    return {"CDCResponse": [{"QueryResponse": responses}], "time": faults.qbo_time()}
