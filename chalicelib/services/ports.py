"""What the connection use cases (connect, settings, reset) read and write besides the tenant.

The tenant itself goes through `TenantRepository` (`chalicelib/tenants/repository.py`). These are
the other tables they touch, each behind the few calls the use cases make: the single-use OAuth
states, the realm claims (one studio per QuickBooks company), the postings a reset lists, the
last run the status shows, and the audit trail. The DynamoDB adapters are
`chalicelib/store/connections.py`; the in-memory fakes the unit tests use are in `tests/fakes/`.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Protocol

from chalicelib.domain.schedule import LastRun


@dataclass(frozen=True)
class OAuthState:
    """A Connect started in a browser: who started it, for which studio, until when."""

    state: str
    tenant_id: str
    user_id: str
    created_at: dt.datetime
    expires_at: dt.datetime
    browser_hash: str | None = None
    used_at: dt.datetime | None = None


class OAuthStates(Protocol):
    def issue(self, record: OAuthState) -> None:
        """Store a new state (never over an existing one)."""

    def get(self, state: str) -> OAuthState | None:
        """The state, read consistently (None when unknown)."""

    def spend(self, state: str, now: dt.datetime) -> bool:
        """Mark the state used; False when it was used already (single use)."""


class RealmClaims(Protocol):
    def claim(self, realm_id: str, tenant_id: str, now: dt.datetime) -> bool:
        """The company belongs to this studio now; False when another studio holds it."""

    def release(self, realm_id: str, tenant_id: str) -> None:
        """Drop this studio's claim (another studio's claim is left alone)."""

    def owner(self, realm_id: str) -> str | None:
        """The studio holding the company, if any."""


class PostedDocuments(Protocol):
    def posted(self, tenant_id: str) -> list[dict[str, Any]]:
        """What the integration posted to QuickBooks (doc number, date, QBO id, entity, task, when)."""


class LastRuns(Protocol):
    def last_run(self, tenant_id: str, task_id: str) -> LastRun | None:
        """The run `task_id` as the schedule sees it (None when it is gone)."""


class AuditTrail(Protocol):
    def record(self, tenant_id: str, actor: tuple[str, str], action: str, **detail: Any) -> None:
        """Append one event; `actor` is (user id, role)."""
