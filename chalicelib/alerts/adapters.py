"""The alert service's reads and writes: DynamoDB (tenants, tokens, runs, audit) and Scheduler."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from chalicelib.alerts.events import Alert
from chalicelib.aws.schedules import schedule_name, schedule_request
from chalicelib.config import Config
from chalicelib.quickbooks.audit import SYSTEM, Audit
from chalicelib.tenants.repository import TenantRepository

METERED_SUBJECT = "app#metered_reads"  # one counter item per month in the audit table


class DynamoTenantFacts:
    """The tenant through its repository; tokens and runs from their tables."""

    def __init__(self, tenants: TenantRepository, models: Any) -> None:
        self._tenants, self._m = tenants, models

    def connection_status(self, tenant_id: str) -> str | None:
        tenant = self._tenants.get(tenant_id)
        return None if tenant is None else str(tenant.connection_status)

    def refresh_expires_at(self, tenant_id: str) -> dt.datetime | None:
        try:
            return self._m.Token.get(tenant_id, consistent_read=True).refresh_expires_at
        except self._m.Token.DoesNotExist:
            return None

    def recent_runs(self, tenant_id: str, limit: int) -> Sequence[Mapping[str, Any]]:
        return [{"task_id": r.task_id, "trigger": r.trigger, "status": r.status, "sync_date": r.business_date}
                for r in self._m.Run.query(tenant_id, scan_index_forward=False, limit=limit)]


class AuditAlertLog:
    """Alerts in the tenant's audit history (`GET /support/tenants/{id}/audit` lists them)."""

    def __init__(self, audit: Audit) -> None:
        self._audit = audit

    def record(self, alert: Alert) -> None:
        assert alert.tenant_id is not None
        self._audit.record(alert.tenant_id, SYSTEM, "alert", alert_id=alert.alert_id,
                           type=alert.detail_type, reason=alert.reason)


class DynamoMeteredReads:
    """The app's metered reads per month: one atomic counter (`ADD`) in the audit table."""

    def __init__(self, dynamodb: Any, config: Config) -> None:
        self._db, self._table = dynamodb, config.table_name("audit")

    def add(self, month: str, reads: int) -> tuple[int, int]:
        answer = self._db.update_item(
            TableName=self._table, Key={"subject": {"S": METERED_SUBJECT}, "sk": {"S": month}},
            UpdateExpression="ADD #reads :n", ExpressionAttributeNames={"#reads": "reads"},  # a reserved word
            ExpressionAttributeValues={":n": {"N": str(reads)}},
            ReturnValues="UPDATED_NEW")
        after = int(answer["Attributes"]["reads"]["N"])
        return after - reads, after


class SchedulerPause:
    """Disables a tenant's schedule; saving the sync settings (TenantSchedules.ensure) enables it."""

    def __init__(self, scheduler: Any, config: Config) -> None:
        self._scheduler, self._config = scheduler, config

    def pause(self, tenant_id: str) -> bool:
        try:
            found = self._scheduler.get_schedule(Name=schedule_name(tenant_id), GroupName=self._config.scheduler_group)
        except self._scheduler.exceptions.ResourceNotFoundException:
            return False
        if found.get("State") == "DISABLED":
            return False
        request = schedule_request(self._config, tenant_id, found.get("ScheduleExpressionTimezone") or "UTC")
        request["Target"] = found["Target"]  # exactly what the schedule sends today
        self._scheduler.update_schedule(**{**request, "State": "DISABLED"})
        return True
