"""Ids, SyncTokens, MetaData stamps and the change log every write goes through."""
from __future__ import annotations

from datetime import UTC, datetime

from ..store import Change, Company, Doc


def iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, tz=UTC).isoformat(timespec="seconds")


def stamp_new(company: Company, entity: str, doc: Doc, now: float) -> Doc:
    doc["Id"] = company.new_id()
    doc["SyncToken"] = "0"
    doc["domain"] = "QBO"
    doc["sparse"] = False
    doc["MetaData"] = {"CreateTime": iso(now), "LastUpdatedTime": iso(now)}
    company.changes.append(Change(now, entity, doc["Id"], False, "Create"))
    return doc


def stamp_update(company: Company, entity: str, doc: Doc, now: float,
                 operation: str = "Update") -> Doc:
    doc["SyncToken"] = str(int(doc.get("SyncToken", "0")) + 1)
    doc.setdefault("MetaData", {})["LastUpdatedTime"] = iso(now)
    company.changes.append(Change(now, entity, doc["Id"], False, operation))
    return doc


def record_delete(company: Company, entity: str, obj_id: str, now: float) -> None:
    company.changes.append(Change(now, entity, obj_id, True, "Delete"))
