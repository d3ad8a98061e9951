"""Reset (start the configuration afresh) and disconnect (end the connection).

Reset is the seed's only way to change a Go Live Date: it clears go-live, schedule and cursor
and bumps the integration's generation (so new document keys never meet old ones), keeps every
run and posting for audit, and lists what the integration had posted so the accountant can
review it. Disconnect revokes the grant at Intuit, forgets the tokens, deletes the nightly
schedule and releases the realm. Intuit's disconnect landing URL (a disconnect started inside
QuickBooks) does the same, but only after checking with Intuit that the grant is really gone:
the landing URL is public and carries nothing but a realmId, so it must not be able to
disconnect a live studio.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from chalicelib.aws.schedules import SchedulePort
from chalicelib.errors import Conflict, NotFound
from chalicelib.quickbooks.audit import INTUIT
from chalicelib.quickbooks.errors import IntuitError, IntuitUnavailable, NeedsReauthorization, NotConnected
from chalicelib.quickbooks.oauth import OAuthPort
from chalicelib.quickbooks.tokens import TokenVaultPort
from chalicelib.services.ports import AuditTrail, PostedDocuments, RealmClaims
from chalicelib.tenants.model import LIVE, Tenant
from chalicelib.tenants.repository import TenantConflict, TenantRepository


def revoke_quietly(oauth: OAuthPort, token: str) -> bool:
    """Best-effort revoke (clean-up after a refusal): True when Intuit confirmed it."""
    try:
        oauth.revoke(token)
        return True
    except IntuitError:
        return False


class ResetService:
    def __init__(self, tenants: TenantRepository, claims: RealmClaims, postings: PostedDocuments,
                 oauth: OAuthPort, vault: TokenVaultPort, schedules: SchedulePort, tokens: Any, audit: AuditTrail,
                 clock: Callable[[], dt.datetime]) -> None:
        self._tenants, self._claims, self._postings = tenants, claims, postings
        self._oauth, self._vault, self._schedules = oauth, vault, schedules
        self._tokens, self._audit, self._clock = tokens, audit, clock

    def reset(self, tenant_id: str, actor: tuple[str, str]) -> dict[str, Any]:
        tenant, now = self._tenant(tenant_id), self._clock()
        before = {"go_live_date": tenant.go_live_date.isoformat() if tenant.go_live_date else None,
                  "schedule": tenant.schedule.value if tenant.schedule else None, "cursor_seq": tenant.cursor_seq}
        try:
            self._tenants.reset(tenant_id, now)
        except TenantConflict:
            raise Conflict("a sync is running; reset once it has finished", code="sync_running") from None
        generation = tenant.generation + 1  # the reset's new integration
        self._schedules.delete(tenant_id)
        posted = self.posted_documents(tenant_id)
        self._audit.record(tenant_id, actor, "reset", previous=before, posted_documents=len(posted),
                           generation=generation)
        return {"reset": True, "generation": generation, "previous": before, "posted_documents": posted,
                "message": "The integration was reset. Review the documents it posted to QuickBooks, "
                           "then choose a new Go Live Date and schedule."}

    def posted_documents(self, tenant_id: str) -> list[dict[str, Any]]:
        return self._postings.posted(tenant_id)

    def disconnect(self, tenant_id: str, actor: tuple[str, str]) -> dict[str, Any]:
        tenant = self._tenant(tenant_id)
        if tenant.connection_status not in LIVE:
            raise NotConnected("QuickBooks is not connected for this studio")
        stored, revoked = self._vault.load(tenant_id), False
        if stored is not None:
            try:
                self._oauth.revoke(stored.tokens.refresh_token)
                revoked = True
            except IntuitUnavailable:
                raise  # nothing changed; the admin can try again
            except IntuitError:
                revoked = False  # Intuit no longer knows the grant: already revoked
        self._forget(tenant, actor, "disconnect", revoked_at_intuit=revoked)
        return {"disconnected": True, "revoked_at_intuit": revoked, "realm_id": tenant.realm_id}

    def disconnected_in_quickbooks(self, realm_id: str) -> str:
        """Intuit's disconnect landing: disconnect the realm's tenant if its grant is really gone.

        Returns what happened: "disconnected", "still_connected" or "unknown".
        """
        owner = self._claims.owner(realm_id)
        found = self._tenants.get(owner) if owner is not None else None
        if found is None:
            return "unknown"
        tenant = found
        if tenant.connection_status not in LIVE or tenant.realm_id != realm_id:
            return "unknown"
        try:
            self._tokens.refresh(tenant.tenant_id)
        except (NeedsReauthorization, NotConnected):
            self._forget(self._tenant(tenant.tenant_id), INTUIT, "disconnect", started_in="quickbooks")
            return "disconnected"
        self._audit.record(tenant.tenant_id, INTUIT, "disconnect_landing_ignored", reason="grant still valid")
        return "still_connected"

    def _forget(self, tenant: Tenant, actor: tuple[str, str], action: str, **detail: Any) -> None:
        self._vault.delete(tenant.tenant_id)
        self._schedules.delete(tenant.tenant_id)
        if tenant.realm_id:
            self._claims.release(tenant.realm_id, tenant.tenant_id)
        self._tenants.mark_disconnected(tenant.tenant_id)
        self._audit.record(tenant.tenant_id, actor, action, realm_id=tenant.realm_id, **detail)

    def _tenant(self, tenant_id: str) -> Tenant:
        tenant = self._tenants.get(tenant_id)
        if tenant is None:
            raise NotFound(f"no studio {tenant_id!r}")
        return tenant
