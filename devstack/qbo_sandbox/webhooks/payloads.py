"""Notification bodies in Intuit's two formats, and the `intuit-signature` that signs them.

Classic (documented since 2016): `{"eventNotifications": [{"realmId", "dataChangeEvent":
{"entities": [{"name", "id", "operation", "lastUpdated"}]}}]}`, one notification per realm.
CloudEvents (Intuit blog, 2025-11-12; mandatory for apps from 2026): a JSON array of events
`{"specversion": "1.0", "id", "source", "type": "qbo.<entity>.<verb>.v1", "datacontenttype",
"time", "intuitentityid", "intuitaccountid", "data": {}}`. Both are signed the same way:
base64(HMAC-SHA256(raw body, verifier token)).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime

from .state import Event

VERBS = {"Create": "created", "Update": "updated", "Delete": "deleted", "Void": "voided",
         "Merge": "merged"}


def sign(body: bytes, verifier_token: str) -> str:
    digest = hmac.new(verifier_token.encode(), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def _time(ts: float) -> str:
    """Intuit's lastUpdated: UTC with milliseconds and a Z."""
    stamp = datetime.fromtimestamp(ts, tz=UTC).isoformat(timespec="milliseconds")
    return stamp.replace("+00:00", "Z")


def classic(events: Iterable[Event]) -> bytes:
    by_realm: dict[str, list[dict[str, str]]] = {}
    for e in events:
        by_realm.setdefault(e.realm_id, []).append({
            "name": e.entity, "id": e.obj_id, "operation": e.operation,
            "lastUpdated": _time(e.at)})
    return json.dumps({"eventNotifications": [
        {"realmId": realm, "dataChangeEvent": {"entities": entities}}
        for realm, entities in by_realm.items()]}).encode()


def cloudevents(events: Iterable[Event], client_id: str) -> bytes:
    source = "intuit." + base64.b64encode(hashlib.sha256(client_id.encode()).digest()).decode()
    return json.dumps([{
        "specversion": "1.0", "id": str(uuid.uuid4()), "source": source,
        "type": f"qbo.{e.entity.lower()}.{VERBS.get(e.operation, e.operation.lower())}.v1",
        "datacontenttype": "application/json", "time": _time(e.at),
        "intuitentityid": e.obj_id, "intuitaccountid": e.realm_id, "data": {}}
        for e in events]).encode()


def body_for(fmt: str, events: list[Event], client_id: str) -> bytes:
    return cloudevents(events, client_id) if fmt == "cloudevents" else classic(events)
