"""Builds the alert service from the container (called where a sync run ends)."""
from __future__ import annotations

from typing import Any

from chalicelib.alerts.adapters import (
    AuditAlertLog,
    DynamoMeteredReads,
    DynamoTenantFacts,
    SchedulerPause,
)
from chalicelib.alerts.eventbridge import EventBridgeSink, LogOnlySink
from chalicelib.alerts.service import Alerts
from chalicelib.aws.clients import client
from chalicelib.quickbooks.audit import Audit


def alerts(c: Any) -> Alerts:
    config = c.config
    sink = EventBridgeSink(client(config, "events"), config.alert_bus_name) if config.alert_bus_name else LogOnlySink()
    return Alerts(sink, AuditAlertLog(Audit(c.models, c.clock)), DynamoTenantFacts(c.models),
                  SchedulerPause(c.scheduler, config), DynamoMeteredReads(client(config, "dynamodb"), config),
                  c.clock)
