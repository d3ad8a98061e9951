"""The list's filters, parsed from query parameters (or CLI options) and checked.

`status` is one or more of `status.STATUSES`, comma-separated; `plan` a QuickBooks plan by name
("plus", "Essentials", "QuickBooks Online Plus", "simple_start"); `timezone` an IANA zone.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from chalicelib.domain.errors import ScheduleError
from chalicelib.domain.plans import QboPlan
from chalicelib.domain.schedule import zone
from chalicelib.errors import InvalidRequest
from chalicelib.support.status import STATUSES


@dataclass(frozen=True)
class TenantFilter:
    statuses: frozenset[str] = frozenset()
    plan: QboPlan | None = None
    timezone: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """As recorded in the audit trail and echoed in the response."""
        return {"status": sorted(self.statuses) or None, "plan": self.plan.label if self.plan else None,
                "timezone": self.timezone}


def parse_plan(raw: str) -> QboPlan:
    text = raw.strip().casefold().removeprefix("quickbooks online").strip().replace(" ", "_").replace("-", "_")
    for plan in QboPlan:
        if plan.name.casefold() == text:
            return plan
    names = ", ".join(p.name.lower() for p in QboPlan)
    raise InvalidRequest(f"plan must be one of {names}, got {raw!r}", code="invalid_filter")


def parse_filters(params: Mapping[str, str]) -> TenantFilter:
    statuses = frozenset(s.strip() for s in (params.get("status") or "").split(",") if s.strip())
    unknown = sorted(statuses - set(STATUSES))
    if unknown:
        raise InvalidRequest(f"status must be one of {', '.join(STATUSES)}; got {', '.join(unknown)}",
                             code="invalid_filter")
    plan = parse_plan(params["plan"]) if params.get("plan") else None
    tz = params.get("timezone") or None
    if tz is not None:
        try:
            zone(tz)
        except ScheduleError:
            raise InvalidRequest(f"timezone must be an IANA time zone such as America/Chicago, got {tz!r}",
                                 code="invalid_filter") from None
    return TenantFilter(statuses, plan, tz)
