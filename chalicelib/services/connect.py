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
from typing import Any

from pynamodb.exceptions import DoesNotExist, PutError, UpdateError

from chalicelib.aws.schedules import SchedulePort
from chalicelib.domain.golive import Eligibility, account_eligibility, plan_support
from chalicelib.domain.plans import plan_from_sku
from chalicelib.domain.schedule import zone
from chalicelib.errors import ClassbooksError, Conflict, InvalidRequest, NotFound
from chalicelib.quickbooks.audit import Audit
from chalicelib.quickbooks.client import CompanyPort, CompanyProfile
from chalicelib.quickbooks.oauth import OAuthPort, TokenSet, browser_hash, same_browser
from chalicelib.quickbooks.tokens import TokenVaultPort
from chalicelib.services.reset import fresh_start_actions, release_realm, revoke_quietly
from chalicelib.store.models import Models

STATE_TTL = dt.timedelta(minutes=10)
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


def tenant_eligibility(tenant: Any, now: dt.datetime) -> Eligibility:
    """The seed's 90-day and onboarding rules on the platform's profile (support may override)."""
    if tenant.created_at is None or not tenant.timezone:
        raise Conflict("the platform has not sent this studio's profile (created_at, timezone) yet",
                       code="profile_missing")
    today = now.astimezone(zone(tenant.timezone)).date()
    return account_eligibility(created_at=tenant.created_at, onboarding=bool(tenant.onboarding),
                               today=today, tz=tenant.timezone,
                               support_override=bool(tenant.eligibility_override))


class ConnectService:
    def __init__(self, models: Models, oauth: OAuthPort, company: CompanyPort, vault: TokenVaultPort,
                 schedules: SchedulePort, audit: Audit, clock: Callable[[], dt.datetime]) -> None:
        self._m, self._oauth, self._company, self._vault = models, oauth, company, vault
        self._schedules, self._audit, self._clock = schedules, audit, clock

    def start(self, tenant_id: str, user_id: str, browser_nonce: str) -> str:
        """Intuit's authorize URL with a fresh state (stored, single use, 10 minutes), bound to the
        browser that holds `browser_nonce` (its hash is stored with the state, never the nonce)."""
        self._require_eligible(self.tenant(tenant_id))
        now, state = self._clock(), secrets.token_urlsafe(32)
        self._m.OAuthState(state=state, tenant_id=tenant_id, user_id=user_id, created_at=now,
                           expires_at=now + STATE_TTL,
                           browser_hash=browser_hash(browser_nonce, tenant_id, user_id)).save(
            condition=self._m.OAuthState.state.does_not_exist())
        return self._oauth.authorize_url(state)

    def finish(self, state: str, code: str, realm_id: str, error: str = "",
               browser_nonce: str | None = None) -> Connected:
        """Intuit's redirect: check the browser, spend the state, then exchange, check, claim and store."""
        record = self._spend(state, browser_nonce)
        try:
            return self._complete(record, code, realm_id, error)
        except ClassbooksError as refusal:
            raise CallbackRefused(record.tenant_id, refusal) from refusal

    def _complete(self, record: Any, code: str, realm_id: str, error: str) -> Connected:
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
        now = self._clock()
        override = {"by": actor[0], "reason": reason.strip(), "at": now.isoformat()}
        tenant.update(actions=[self._m.Tenant.eligibility_override.set(override)])
        self._audit.record(tenant_id, actor, "eligibility_override", reason=reason.strip(),
                           overridden=list(before.reasons))
        return self.eligibility(tenant)

    def tenant(self, tenant_id: str) -> Any:
        try:
            return self._m.Tenant.get(tenant_id, consistent_read=True)
        except DoesNotExist:
            raise NotFound(f"no studio {tenant_id!r}: the platform has not sent its profile") from None

    def eligibility(self, tenant: Any) -> Eligibility:
        return tenant_eligibility(tenant, self._clock())

    def _require_eligible(self, tenant: Any) -> None:
        verdict = self.eligibility(tenant)
        if not verdict.eligible:
            raise Conflict("QuickBooks cannot be connected yet: " + "; ".join(verdict.reasons) + ".",
                           details=list(verdict.reasons), code="not_eligible")

    def _spend(self, state: str, browser_nonce: str | None) -> Any:
        oauth_state = self._m.OAuthState
        try:
            # a state is 43 characters; anything much longer is not ours (and too long for a key)
            record = oauth_state.get(state, consistent_read=True) if state and len(state) <= 128 else None
        except DoesNotExist:
            record = None
        if record is None:
            raise InvalidState("This QuickBooks sign-in was not started here (unknown state). " + START_AGAIN)
        if not same_browser(record.browser_hash, browser_nonce, record.tenant_id, record.user_id):
            raise InvalidState("This QuickBooks sign-in was started in another browser: finish it in the "
                               "browser that pressed Connect. " + START_AGAIN, code="state_not_this_browser")
        now = self._clock()
        try:
            record.update(actions=[oauth_state.used_at.set(now)], condition=oauth_state.used_at.does_not_exist())
        except UpdateError:
            raise InvalidState("This QuickBooks sign-in was already used. " + START_AGAIN) from None
        if record.expires_at <= now:
            raise InvalidState("This QuickBooks sign-in expired (it lasts 10 minutes). " + START_AGAIN)
        return record

    def _claim(self, realm_id: str, tenant_id: str, company_name: str) -> None:
        realm_claim = self._m.RealmClaim
        try:
            realm_claim(realm_id=realm_id, tenant_id=tenant_id, claimed_at=self._clock()).save(
                condition=realm_claim.realm_id.does_not_exist() | (realm_claim.tenant_id == tenant_id))
        except PutError as error:
            if error.cause_response_code != "ConditionalCheckFailedException":
                raise
            raise Conflict(f"The QuickBooks company \u201c{company_name}\u201d is already connected to another "
                           "studio. Disconnect it there first, or choose a different company.",
                           code="realm_already_connected") from None

    def _store(self, tenant: Any, realm_id: str, profile: CompanyProfile, class_tracking: bool,
               tokens: TokenSet, user_id: str) -> None:
        tenant_model, now = self._m.Tenant, self._clock()
        previous = tenant.realm_id if tenant.connection_status != "not_connected" else None
        actions: list[Any] = []
        if previous and previous != realm_id:  # another company: the old settings do not apply
            old = self._vault.load(tenant.tenant_id)
            if old is not None:
                revoke_quietly(self._oauth, old.tokens.refresh_token)
            release_realm(self._m, previous, tenant.tenant_id)
            self._schedules.delete(tenant.tenant_id)
            # the old company's cached QBO ids name other accounts here (each company numbers its own)
            actions = [*fresh_start_actions(tenant_model, tenant), tenant_model.qbo_refs.remove()]
        self._vault.replace(tenant.tenant_id, realm_id, tokens, now)
        tenant.update(actions=[
            *actions,
            tenant_model.connection_status.set("connected"), tenant_model.realm_id.set(realm_id),
            tenant_model.company_name.set(profile.name),
            tenant_model.plan.set(plan_from_sku(profile.offering_sku).label),
            tenant_model.fiscal_year_start_month.set(profile.fiscal_year_start_month),
            tenant_model.book_close_date.set(profile.book_close_date.isoformat()) if profile.book_close_date
            else tenant_model.book_close_date.remove(),
            tenant_model.class_tracking.set(class_tracking), tenant_model.connected_at.set(now),
            tenant_model.connected_by.set(user_id)])
        if tenant.schedule == "daily" and tenant.go_live_date:
            self._schedules.ensure(tenant.tenant_id, tenant.timezone)
        self._audit.record(tenant.tenant_id, (user_id, "admin"), "connect", realm_id=realm_id,
                           company_name=profile.name, plan=tenant.plan, replaced_realm=previous
                           if previous != realm_id else None)
