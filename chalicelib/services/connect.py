"""Connecting a studio to its QuickBooks company (the seed's "Accessing the Feature", steps 3-5).

`start` checks the seed's requirements the platform's profile decides (90 days of use, not
onboarding, unless support overrode) and issues a single-use `state` bound to tenant and user.
`finish` (Intuit's redirect) spends the state, exchanges the code, reads the company (plan,
fiscal year, book close date, class tracking), claims the realm for this tenant alone and only
then stores anything. Every refusal after the exchange revokes the grant it just got, so a
refused company is left with no live connection to this app. A refusal once the state is spent
is raised as `CallbackRefused`, which names the studio, so the browser can be sent back to its
page; a bad state names none.
"""
from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from chalicelib.aws.schedules import SchedulePort
from chalicelib.domain.golive import Eligibility, account_eligibility, plan_support
from chalicelib.domain.plans import plan_from_sku
from chalicelib.domain.schedule import Schedule, zone
from chalicelib.errors import ClassbooksError, Conflict, InvalidRequest, NotFound
from chalicelib.quickbooks.client import CompanyPort, CompanyProfile
from chalicelib.quickbooks.oauth import OAuthPort, TokenSet, browser_hash, same_browser
from chalicelib.quickbooks.tokens import TokenVaultPort
from chalicelib.services.ports import AuditTrail, OAuthState, OAuthStates, RealmClaims
from chalicelib.services.reset import revoke_quietly
from chalicelib.tenants.model import Connection, ConnectionStatus, EligibilityOverride, Tenant
from chalicelib.tenants.repository import TenantRepository

STATE_TTL = dt.timedelta(minutes=10)
MAX_STATE = 128  # a state is 43 characters; anything much longer is not ours (and too long for a key)
START_AGAIN = "Start again from Connect to QuickBooks."


class InvalidState(InvalidRequest):
    code = "invalid_state"


class CallbackRefused(ClassbooksError):
    """A refusal after a valid state: same code, status and message, plus the studio it names."""

    def __init__(self, tenant_id: str, cause: ClassbooksError) -> None:
        super().__init__(cause.message, cause.details, cause.code)
        self.status, self.tenant_id = cause.status, tenant_id


@dataclass(frozen=True)
class Connected:
    tenant_id: str
    realm_id: str
    company_name: str


def tenant_eligibility(tenant: Tenant, now: dt.datetime) -> Eligibility:
    """The seed's 90-day and onboarding rules on the platform's profile (support may override)."""
    if tenant.created_at is None or not tenant.timezone:
        raise Conflict("the platform has not sent this studio's profile (created_at, timezone) yet",
                       code="profile_missing")
    today = now.astimezone(zone(tenant.timezone)).date()
    return account_eligibility(created_at=tenant.created_at, onboarding=bool(tenant.onboarding),
                               today=today, tz=tenant.timezone,
                               support_override=bool(tenant.eligibility_override))


class ConnectService:
    def __init__(self, tenants: TenantRepository, states: OAuthStates, claims: RealmClaims, oauth: OAuthPort,
                 company: CompanyPort, vault: TokenVaultPort, schedules: SchedulePort, audit: AuditTrail,
                 clock: Callable[[], dt.datetime]) -> None:
        self._tenants, self._states, self._claims = tenants, states, claims
        self._oauth, self._company, self._vault = oauth, company, vault
        self._schedules, self._audit, self._clock = schedules, audit, clock

    def start(self, tenant_id: str, user_id: str, browser_nonce: str) -> str:
        """Intuit's authorize URL with a fresh state (stored, single use, 10 minutes), bound to the
        browser that holds `browser_nonce` (its hash is stored with the state, never the nonce)."""
        self._require_eligible(self.tenant(tenant_id))
        now, state = self._clock(), secrets.token_urlsafe(32)
        self._states.issue(OAuthState(state=state, tenant_id=tenant_id, user_id=user_id, created_at=now,
                                      expires_at=now + STATE_TTL,
                                      browser_hash=browser_hash(browser_nonce, tenant_id, user_id)))
        return self._oauth.authorize_url(state)

    def finish(self, state: str, code: str, realm_id: str, error: str = "",
               browser_nonce: str | None = None) -> Connected:
        """Intuit's redirect: check the browser, spend the state, then exchange, check, claim and store."""
        record = self._spend(state, browser_nonce)
        try:
            return self._complete(record, code, realm_id, error)
        except ClassbooksError as refusal:
            raise CallbackRefused(record.tenant_id, refusal) from refusal

    def _complete(self, record: OAuthState, code: str, realm_id: str, error: str) -> Connected:
        if error == "access_denied":
            raise InvalidRequest("You cancelled the connection at Intuit. " + START_AGAIN,
                                 code="authorization_cancelled")
        if error:  # Intuit's code, trimmed to a token: never arbitrary text in a message
            raise InvalidRequest(f"QuickBooks was not connected: Intuit reported "
                                 f"{re.sub(r'[^A-Za-z0-9_.-]', '', error)[:40]!r}. {START_AGAIN}",
                                 code="authorization_denied")
        if not code or not realm_id or len(code) > 4096 or not realm_id.isdecimal() or len(realm_id) > 32:
            raise InvalidRequest("Intuit's redirect carried no code or realmId. " + START_AGAIN,
                                 code="authorization_incomplete")
        tenant = self.tenant(record.tenant_id)
        self._require_eligible(tenant)
        tokens = self._oauth.exchange(code, realm_id, self._clock())
        try:
            profile = self._company.profile(realm_id, tokens.access_token)
            support = plan_support(plan_from_sku(profile.offering_sku), profile.class_tracking_pref)
            if not support.supported:
                raise Conflict(f"{support.reason}. Upgrade the QuickBooks subscription, then connect again.",
                               code="plan_not_supported")
            self._claim(realm_id, tenant.tenant_id, profile.name)
        except Exception:
            revoke_quietly(self._oauth, tokens.refresh_token)
            raise
        self._store(tenant, realm_id, profile, support.class_tracking, tokens, record.user_id)
        return Connected(tenant.tenant_id, realm_id, profile.name)

    def override_eligibility(self, tenant_id: str, actor: tuple[str, str], reason: str) -> Eligibility:
        """Support lets a young or onboarding account connect anyway (the one support write)."""
        if not reason.strip():
            raise InvalidRequest("an override needs a reason")
        tenant = self.tenant(tenant_id)
        before = self.eligibility(tenant)
        self._tenants.set_eligibility_override(tenant_id, EligibilityOverride(actor[0], reason.strip(), self._clock()))
        self._audit.record(tenant_id, actor, "eligibility_override", reason=reason.strip(),
                           overridden=list(before.reasons))
        return self.eligibility(self.tenant(tenant_id))

    def tenant(self, tenant_id: str) -> Tenant:
        tenant = self._tenants.get(tenant_id)
        if tenant is None:
            raise NotFound(f"no studio {tenant_id!r}: the platform has not sent its profile")
        return tenant

    def eligibility(self, tenant: Tenant) -> Eligibility:
        return tenant_eligibility(tenant, self._clock())

    def _require_eligible(self, tenant: Tenant) -> None:
        verdict = self.eligibility(tenant)
        if not verdict.eligible:
            raise Conflict("QuickBooks cannot be connected yet: " + "; ".join(verdict.reasons) + ".",
                           details=list(verdict.reasons), code="not_eligible")

    def _spend(self, state: str, browser_nonce: str | None) -> OAuthState:
        record = self._states.get(state) if state and len(state) <= MAX_STATE else None
        if record is None:
            raise InvalidState("This QuickBooks sign-in was not started here (unknown state). " + START_AGAIN)
        if not same_browser(record.browser_hash, browser_nonce, record.tenant_id, record.user_id):
            raise InvalidState("This QuickBooks sign-in was started in another browser: finish it in the "
                               "browser that pressed Connect. " + START_AGAIN, code="state_not_this_browser")
        now = self._clock()
        if not self._states.spend(state, now):
            raise InvalidState("This QuickBooks sign-in was already used. " + START_AGAIN)
        if record.expires_at <= now:
            raise InvalidState("This QuickBooks sign-in expired (it lasts 10 minutes). " + START_AGAIN)
        return record

    def _claim(self, realm_id: str, tenant_id: str, company_name: str) -> None:
        if not self._claims.claim(realm_id, tenant_id, self._clock()):
            raise Conflict(f"The QuickBooks company \u201c{company_name}\u201d is already connected to another "
                           "studio. Disconnect it there first, or choose a different company.",
                           code="realm_already_connected")

    def _store(self, tenant: Tenant, realm_id: str, profile: CompanyProfile, class_tracking: bool,
               tokens: TokenSet, user_id: str) -> None:
        now = self._clock()
        previous = tenant.realm_id if tenant.connection_status is not ConnectionStatus.NOT_CONNECTED else None
        fresh_start = bool(previous and previous != realm_id)
        if previous and fresh_start:  # another company: the old settings do not apply
            old = self._vault.load(tenant.tenant_id)
            if old is not None:
                revoke_quietly(self._oauth, old.tokens.refresh_token)
            self._claims.release(previous, tenant.tenant_id)
            self._schedules.delete(tenant.tenant_id)
        self._vault.replace(tenant.tenant_id, realm_id, tokens, now)
        plan = plan_from_sku(profile.offering_sku).label
        self._tenants.record_connection(tenant.tenant_id, Connection(
            realm_id=realm_id, company_name=profile.name, plan=plan,
            fiscal_year_start_month=profile.fiscal_year_start_month, book_close_date=profile.book_close_date,
            class_tracking=class_tracking, connected_at=now, connected_by=user_id), fresh_start=fresh_start)
        # a fresh start forgot the schedule; the same company keeps its nightly sync
        if not fresh_start and tenant.schedule is Schedule.DAILY and tenant.go_live_date:
            self._schedules.ensure(tenant.tenant_id, tenant.tz)
        self._audit.record(tenant.tenant_id, (user_id, "admin"), "connect", realm_id=realm_id,
                           company_name=profile.name, plan=plan, replaced_realm=previous
                           if previous != realm_id else None)
