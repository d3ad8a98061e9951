"""Notification bodies → `EntityChange`s, in both formats Intuit sends.

Classic: `{"eventNotifications": [{"realmId", "dataChangeEvent": {"entities": [{"name", "id",
"operation", "lastUpdated"}]}}]}`. CloudEvents (Intuit, from 2025-11; mandatory in 2026): a JSON
array of `{"type": "qbo.<entity>.<verb>.v1", "intuitentityid", "intuitaccountid", "time", ...}`.
Pure: raises `ValueError` for a body that is neither.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from chalicelib.ledger.keys import part

OPERATIONS = {"created": "Create", "updated": "Update", "deleted": "Delete", "voided": "Void",
              "merged": "Merge", "emailed": "Emailed"}


@dataclass(frozen=True)
class EntityChange:
    realm_id: str
    entity: str  # as Intuit names it ("JournalEntry"; CloudEvents give it lower-case)
    entity_id: str
    operation: str  # Create | Update | Delete | Void | Merge | Emailed
    last_updated: dt.datetime  # UTC

    @property
    def key(self) -> str:
        """Deterministic and time-sortable: the same notification always gives the same key
        (components encoded as the ledger's are, so no id can pass for two)."""
        return "#".join([self.last_updated.isoformat(), "qbo", part(self.realm_id), part(self.entity.lower()),
                         part(self.entity_id), part(self.operation.lower())])


def _when(text: Any) -> dt.datetime:
    value = dt.datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    return (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).astimezone(
        dt.UTC)


def _classic(body: dict[str, Any]) -> list[EntityChange]:
    return [EntityChange(str(n["realmId"]), str(e["name"]), str(e["id"]), str(e["operation"]),
                         _when(e["lastUpdated"]))
            for n in body["eventNotifications"]
            for e in (n.get("dataChangeEvent") or {}).get("entities", [])]


def _cloud(event: dict[str, Any]) -> EntityChange:
    _, entity, verb, _version = str(event["type"]).split(".")
    return EntityChange(str(event["intuitaccountid"]), entity, str(event["intuitentityid"]),
                        OPERATIONS.get(verb, verb.capitalize()), _when(event["time"]))


def parse(raw: bytes) -> list[EntityChange]:
    try:
        body = json.loads(raw)
        if isinstance(body, list):
            return [_cloud(e) for e in body]
        return _classic(body)
    except (KeyError, TypeError, ValueError, AttributeError, RecursionError, OverflowError) as exc:
        raise ValueError(f"not an Intuit webhook notification: {type(exc).__name__}") from None
