"""In-memory fakes for the ports the connection use cases (connect, settings, reset) call.

Each keeps the one rule its real adapter enforces and records what it was asked, nothing more:
Intuit's OAuth (`IntuitOAuth`), the company read (`QboCompany`), the token vault (`TokenVault`),
the nightly schedules (`TenantSchedules`), the audit trail (`Audit`) and the other tables in
`chalicelib/store/connections.py` (states, realm claims, postings, runs).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from chalicelib.domain.schedule import LastRun
from chalicelib.quickbooks.client import CompanyProfile
from chalicelib.quickbooks.errors import IntuitError, InvalidGrant
from chalicelib.quickbooks.oauth import TokenSet
from chalicelib.quickbooks.tokens import StaleTokens, StoredTokens
from chalicelib.services.ports import OAuthState


def tokens(n: int, now: dt.datetime) -> TokenSet:
    """The `n`th grant Intuit hands out: an hour of access."""
    return TokenSet(f"access-{n}", f"refresh-{n}", now + dt.timedelta(hours=1), now + dt.timedelta(days=100))


class FakeOAuth:
    """Intuit's token endpoint: every exchange or refresh is a new grant; revoked tokens are refused."""

    def __init__(self) -> None:
        self.issued, self.refused = 0, False
        self.revoked: list[str] = []
        self.revoke_fails: IntuitError | None = None

    def authorize_url(self, state: str) -> str:
        return f"https://appcenter.intuit.example/connect?state={state}"

    def exchange(self, code: str, realm_id: str, now: dt.datetime) -> TokenSet:
        self.issued += 1
        return tokens(self.issued, now)

    def refresh(self, refresh_token: str, now: dt.datetime) -> TokenSet:
        if self.refused or refresh_token in self.revoked:
            raise InvalidGrant("the grant is gone")
        self.issued += 1
        return tokens(self.issued, now)

    def revoke(self, token: str) -> None:
        if self.revoke_fails is not None:
            raise self.revoke_fails
        self.revoked.append(token)


class FakeCompany:
    """The QuickBooks company behind each realm, and the documents it already holds per day."""

    def __init__(self, **profiles: CompanyProfile) -> None:
        self.profiles = profiles
        self.documents: dict[str, dict[dt.date, dict[str, int]]] = {}

    def profile(self, realm_id: str, access_token: str) -> CompanyProfile:
        return self.profiles[realm_id]

    def documents_on_or_after(self, realm_id: str, access_token: str, day: dt.date) -> dict[str, int]:
        counts: dict[str, int] = {}
        for dated, found in self.documents.get(realm_id, {}).items():
            if dated >= day:
                for entity, n in found.items():
                    counts[entity] = counts.get(entity, 0) + n
        return counts


class FakeVault:
    """The tokens table: one row per tenant, versioned (a write on a stale version is refused)."""

    def __init__(self) -> None:
        self.rows: dict[str, StoredTokens] = {}

    def load(self, tenant_id: str) -> StoredTokens | None:
        return self.rows.get(tenant_id)

    def store(self, tenant_id: str, realm_id: str, tokens: TokenSet, now: dt.datetime,
              expected_version: int | None) -> StoredTokens:
        current = self.rows.get(tenant_id)
        if (current.version if current else None) != expected_version:
            raise StaleTokens(tenant_id)
        self.rows[tenant_id] = StoredTokens(tenant_id, realm_id, tokens, (expected_version or 0) + 1)
        return self.rows[tenant_id]

    def replace(self, tenant_id: str, realm_id: str, tokens: TokenSet, now: dt.datetime) -> StoredTokens:
        current = self.rows.get(tenant_id)
        return self.store(tenant_id, realm_id, tokens, now, current.version if current else None)

    def delete(self, tenant_id: str) -> None:
        self.rows.pop(tenant_id, None)


class FakeSchedules:
    """EventBridge Scheduler: tenant id → the zone its nightly schedule runs in."""

    def __init__(self) -> None:
        self.nightly: dict[str, str] = {}

    def ensure(self, tenant_id: str, timezone: str) -> None:
        self.nightly[tenant_id] = timezone

    def delete(self, tenant_id: str) -> None:
        self.nightly.pop(tenant_id, None)

    def describe(self, tenant_id: str) -> dict[str, Any] | None:
        zone = self.nightly.get(tenant_id)
        return None if zone is None else {"ScheduleExpressionTimezone": zone}


class FakeAudit:
    """The audit trail: (tenant, actor, action, detail) in the order recorded."""

    def __init__(self) -> None:
        self.events: list[tuple[str, tuple[str, str], str, dict[str, Any]]] = []

    def record(self, tenant_id: str, actor: tuple[str, str], action: str, **detail: Any) -> None:
        self.events.append((tenant_id, actor, action, detail))

    def actions(self) -> list[str]:
        return [action for _, _, action, _ in self.events]

    def last(self, action: str) -> dict[str, Any]:
        return [detail for _, _, a, detail in self.events if a == action][-1]


class FakeOAuthStates:
    def __init__(self) -> None:
        self.rows: dict[str, OAuthState] = {}

    def issue(self, record: OAuthState) -> None:
        assert record.state not in self.rows, "a state is never issued twice"
        self.rows[record.state] = record

    def get(self, state: str) -> OAuthState | None:
        return self.rows.get(state)

    def spend(self, state: str, now: dt.datetime) -> bool:
        record = self.rows.get(state)
        if record is None or record.used_at is not None:
            return False
        self.rows[state] = dataclasses.replace(record, used_at=now)
        return True


class FakeRealmClaims:
    """realm id → the tenant holding it."""

    def __init__(self, **held: str) -> None:
        self.held = dict(held)

    def claim(self, realm_id: str, tenant_id: str, now: dt.datetime) -> bool:
        if self.held.get(realm_id, tenant_id) != tenant_id:
            return False
        self.held[realm_id] = tenant_id
        return True

    def release(self, realm_id: str, tenant_id: str) -> None:
        if self.held.get(realm_id) == tenant_id:
            del self.held[realm_id]

    def owner(self, realm_id: str) -> str | None:
        return self.held.get(realm_id)


class FakePostedDocuments:
    """What Classbooks posted, per tenant (the run's postings marked `posted`)."""

    def __init__(self, **posted: list[dict[str, Any]]) -> None:
        self.by_tenant = posted

    def record(self, tenant_id: str, document: dict[str, Any]) -> None:
        self.by_tenant.setdefault(tenant_id, []).append(dict(document))

    def posted(self, tenant_id: str) -> list[dict[str, Any]]:
        return list(self.by_tenant.get(tenant_id, []))


class FakeLastRuns:
    """Runs by (tenant, task): another studio's task of the same id is not this one's."""

    def __init__(self) -> None:
        self.runs: dict[tuple[str, str], LastRun] = {}

    def record(self, tenant_id: str, task_id: str, run: LastRun) -> None:
        self.runs[(tenant_id, task_id)] = run

    def last_run(self, tenant_id: str, task_id: str) -> LastRun | None:
        return self.runs.get((tenant_id, task_id))
