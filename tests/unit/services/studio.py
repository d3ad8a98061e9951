"""One studio and the fakes around it, for the connection use cases' unit tests (no I/O)."""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from chalicelib.domain.schedule import Schedule
from chalicelib.quickbooks.client import CompanyProfile
from chalicelib.services.connect import ConnectService
from chalicelib.services.reset import ResetService
from chalicelib.services.settings import SettingsService
from chalicelib.services.tokens import AccessTokens
from chalicelib.tenants.model import Connection, ConnectionStatus, Profile, Tenant
from tests.fakes.connect import (
    FakeAudit,
    FakeCompany,
    FakeLastRuns,
    FakeOAuth,
    FakeOAuthStates,
    FakePostedDocuments,
    FakeRealmClaims,
    FakeSchedules,
    FakeVault,
    tokens,
)
from tests.fakes.tenants import InMemoryTenants

UTC = dt.UTC
NOW = dt.datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
ADMIN = ("admin-1", "admin")
PLUS = CompanyProfile("Tumble Town LLC", "QuickBooks Online Plus", 1, dt.date(2025, 12, 31), True)
OTHER = CompanyProfile("Tumble Town Holdings", "QuickBooks Online Essentials", 1, None, False)
SIMPLE = CompanyProfile("Tiny Co", "QuickBooks Online Simple Start", 1, None, False)
PROFILE = Profile(name="Tumble Town", timezone="America/Chicago", created_at=dt.datetime(2024, 1, 5, tzinfo=UTC))


@dataclass
class World:
    """The studio "t1" and every port the services call, all in memory."""

    tenants: InMemoryTenants = field(default_factory=InMemoryTenants)
    states: FakeOAuthStates = field(default_factory=FakeOAuthStates)
    claims: FakeRealmClaims = field(default_factory=FakeRealmClaims)
    oauth: FakeOAuth = field(default_factory=FakeOAuth)
    company: FakeCompany = field(default_factory=lambda: FakeCompany(**{"111": PLUS, "222": OTHER, "333": SIMPLE}))
    vault: FakeVault = field(default_factory=FakeVault)
    schedules: FakeSchedules = field(default_factory=FakeSchedules)
    audit: FakeAudit = field(default_factory=FakeAudit)
    postings: FakePostedDocuments = field(default_factory=FakePostedDocuments)
    runs: FakeLastRuns = field(default_factory=FakeLastRuns)
    now: dt.datetime = NOW

    def clock(self) -> dt.datetime:
        return self.now

    def connect(self) -> ConnectService:
        return ConnectService(self.tenants, self.states, self.claims, self.oauth, self.company, self.vault,
                              self.schedules, self.audit, self.clock)

    def access_tokens(self) -> AccessTokens:
        return AccessTokens(self.tenants, self.vault, self.oauth, self.audit, self.clock, pause=lambda _: None)

    def settings(self, standing: Any = None) -> SettingsService:
        return SettingsService(self.tenants, self.runs, self.access_tokens(), self.company, self.schedules,
                               self.audit, self.clock, standing)

    def reset(self) -> ResetService:
        return ResetService(self.tenants, self.claims, self.postings, self.oauth, self.vault, self.schedules,
                            self.access_tokens(), self.audit, self.clock)

    def tenant(self, tenant_id: str = "t1") -> Tenant:
        found = self.tenants.get(tenant_id)
        assert found is not None
        return found

    # --- how a studio gets where a test starts ---------------------------------------------
    def studio(self, tenant_id: str = "t1", **profile: Any) -> World:
        self.tenants.put_profile(tenant_id, dataclasses.replace(PROFILE, **profile), self.now)
        return self

    def connected(self, tenant_id: str = "t1", realm_id: str = "111", **settings: Any) -> World:
        self.studio(tenant_id)
        self.tenants.record_connection(tenant_id, Connection(realm_id, "Tumble Town LLC", "QuickBooks Online Plus", 1,
                                                             None, True, self.now, "admin-1"), fresh_start=False)
        self.claims.held[realm_id] = tenant_id
        self.vault.replace(tenant_id, realm_id, tokens(0, self.now), self.now)
        if settings:
            self.tenants.rows[tenant_id] = dataclasses.replace(self.tenant(tenant_id), **settings)
        return self

    def configured(self, tenant_id: str = "t1", schedule: Schedule = Schedule.DAILY, **more: Any) -> World:
        return self.connected(tenant_id, go_live_date=dt.date(2026, 1, 1), schedule=schedule, **more)

    def status(self, tenant_id: str = "t1") -> ConnectionStatus:
        return self.tenant(tenant_id).connection_status
