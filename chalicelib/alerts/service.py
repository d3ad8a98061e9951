"""When a sync run's end calls for alerts, and publishing them without ever failing the run.

`after_run` is called by the worker once a run has an outcome (chalicelib/observability.py):
- failed → "Sync failed"; and "QuickBooks needs reconnecting" when the run left the tenant so;
  and, after `PAUSE_AFTER_NIGHTS` failed nights in a row, the schedule is paused and
  "Tenant paused" says so;
- skipped → "Sync skipped" with the reason;
- any run → "Refresh token nearing expiry" when the stored refresh token ends within
  `REFRESH_WARNING` (each expiry date alerts once: same id), and the run's metered reads are
  counted against the app's month, "Metered reads near allowance" when a warning share is crossed.
Every alert is put on the bus and recorded in the tenant's audit history (what support lists).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from aws_lambda_powertools import Logger

from chalicelib.alerts import events as ev
from chalicelib.alerts.ports import (
    AlertLog,
    AlertSink,
    MeteredReads,
    SchedulePause,
    TenantFacts,
)

logger = Logger(service="classbooks", child=True)
Clock = Callable[[], dt.datetime]


@dataclass
class Alerts:
    sink: AlertSink
    log: AlertLog
    facts: TenantFacts
    schedules: SchedulePause
    metered: MeteredReads
    clock: Clock
    pause_after_nights: int = ev.PAUSE_AFTER_NIGHTS

    def publish(self, alerts: Sequence[ev.Alert]) -> int:
        """Put `alerts` on the bus and record them; returns how many reached the bus (0 on error)."""
        if not alerts:
            return 0
        for alert in alerts:
            logger.warning("alert", extra={"alert_id": alert.alert_id, "alert_type": alert.detail_type,
                                           "tenant_id": alert.tenant_id, "reason": alert.reason})
            if alert.tenant_id is not None:
                try:
                    self.log.record(alert)
                except Exception as exc:  # the bus matters more than the history: carry on
                    logger.exception("alert not recorded", extra={"alert_id": alert.alert_id, "error": str(exc)})
        try:
            self.sink.put(alerts)
        except Exception as exc:
            logger.exception("alerts not delivered", extra={"count": len(alerts), "error": str(exc)})
            return 0
        return len(alerts)

    def after_run(self, tenant_id: str, task_id: str, status: str, message: str,
                  metered_reads: int = 0, readback: Any = None) -> list[ev.Alert]:
        """Work out and publish the alerts a finished run calls for; returns those published."""
        try:
            due = self._due(tenant_id, task_id, status, message, metered_reads)
            if isinstance(readback, dict) and readback.get("status") == "drift":
                due.append(ev.drift_found(tenant_id, str(readback.get("as_of") or ""),
                                          readback.get("accounts") or [], self.clock()))
        except Exception as exc:  # an alert check must never fail a sync run
            logger.exception("alert checks failed", extra={"tenant_id": tenant_id, "error": str(exc)})
            return []
        return due if self.publish(due) else []

    def _due(self, tenant_id: str, task_id: str, status: str, message: str,
             metered_reads: int) -> list[ev.Alert]:
        now, due = self.clock(), []
        if status == "failed":
            due.append(ev.sync_failed(tenant_id, task_id, message, now))
            if self.facts.connection_status(tenant_id) == "needs_reauth":
                due.append(ev.needs_reconnect(tenant_id, now, message))
            due += self._pause_if_failing(tenant_id, task_id, now)
        elif status == "skipped":
            due.append(ev.sync_skipped(tenant_id, task_id, message, now))
        expires = self.facts.refresh_expires_at(tenant_id)
        if ev.refresh_cap_near(expires, now):
            due.append(ev.refresh_token_expiring(tenant_id, expires, now))  # type: ignore[arg-type]
        if metered_reads:
            month = now.astimezone(dt.UTC).strftime("%Y-%m")
            before, after = self.metered.add(month, metered_reads)
            due += [ev.metered_reads_near_allowance(month, after, ev.METERED_READ_ALLOWANCE, share, now)
                    for share in ev.allowance_shares_crossed(before, after)]
        return due

    def _pause_if_failing(self, tenant_id: str, task_id: str, now: dt.datetime) -> list[ev.Alert]:
        runs = self.facts.recent_runs(tenant_id, self.pause_after_nights * 3)
        nights = ev.consecutive_failed_nights(runs)
        if nights < self.pause_after_nights or not self.schedules.pause(tenant_id):
            return []
        return [ev.tenant_paused(tenant_id, nights, task_id, now)]
