"""Alerts onto an EventBridge bus the platform subscribes to (one rule on `source = classbooks`).

Why a bus and not signed webhooks: EventBridge retries delivery for 24 hours, keeps an archive
that can be replayed, forwards to another account's bus with one rule (`platformEventBusArn`),
and needs no HTTP endpoint, signing keys or retry queue of our own. The platform dedupes on
`detail.alert_id`.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from chalicelib.alerts.events import SOURCE, Alert

PUT_EVENTS_MAX = 10  # PutEvents takes at most 10 entries per call


class AlertNotDelivered(Exception):
    """EventBridge refused one or more entries (the message says which and why)."""


class EventBridgeSink:
    def __init__(self, events: Any, bus_name: str) -> None:
        self._events, self._bus = events, bus_name

    def put(self, alerts: Sequence[Alert]) -> None:
        for start in range(0, len(alerts), PUT_EVENTS_MAX):
            chunk = alerts[start:start + PUT_EVENTS_MAX]
            answer = self._events.put_events(Entries=[self.entry(a) for a in chunk])
            if answer.get("FailedEntryCount"):
                failed = [f"{a.detail_type} {a.alert_id}: {e.get('ErrorCode')} {e.get('ErrorMessage')}"
                          for a, e in zip(chunk, answer.get("Entries", []), strict=False) if e.get("ErrorCode")]
                raise AlertNotDelivered("; ".join(failed) or "EventBridge refused an alert")

    def entry(self, alert: Alert) -> dict[str, Any]:
        return {"EventBusName": self._bus, "Source": SOURCE, "DetailType": alert.detail_type,
                "Time": alert.occurred_at, "Detail": json.dumps(alert.detail(), default=str),
                "Resources": []}


class LogOnlySink:
    """No bus configured (a bare test configuration): alerts are only logged and recorded."""

    def put(self, alerts: Sequence[Alert]) -> None:
        return None
