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

from pynamodb.exceptions import DeleteError, DoesNotExist, UpdateError

from chalicelib.aws.schedules import SchedulePort
from chalicelib.errors import Conflict, NotFound
from chalicelib.quickbooks.audit import INTUIT, Audit
from chalicelib.quickbooks.errors import IntuitError, IntuitUnavailable, NeedsReauthorization, NotConnected
from chalicelib.quickbooks.oauth import OAuthPort
from chalicelib.quickbooks.tokens import TokenVaultPort
from chalicelib.store.models import Models

LIVE = ("connected", "needs_reauth")


def fresh_start_actions(tenant_model: Any, tenant: Any) -> list[Any]:
    """Tenant updates that forget the configuration and the sync position (history stays)."""
    return [tenant_model.go_live_date.remove(), tenant_model.schedule.remove(),
            tenant_model.schedule_changed_at.remove(),
            tenant_model.cursor_seq.set(0), tenant_model.first_sync_done.set(False),
            tenant_model.generation.set(int(tenant.generation or 0) + 1),
            tenant_model.open_plan_task_id.remove(),  # its unposted rest is abandoned; what it posted stands
            tenant_model.posted_balances.remove()]


def release_realm(models: Models, realm_id: str, tenant_id: str) -> None:
    """Let another tenant connect the company later (only our own claim is removed)."""
    try:
        models.RealmClaim(realm_id=realm_id).delete(condition=models.RealmClaim.tenant_id == tenant_id)
    except DeleteError:
        pass


def revoke_quietly(oauth: OAuthPort, token: str) -> bool:
    """Best-effort revoke (clean-up after a refusal): True when Intuit confirmed it."""
    try:
        oauth.revoke(token)
        return True
    except IntuitError:
        return False


class ResetService:
    def __init__(self, models: Models, oauth: OAuthPort, vault: TokenVaultPort, schedules: SchedulePort,
                 tokens: Any, audit: Audit, clock: Callable[[], dt.datetime]) -> None:
        self._m, self._oauth, self._vault, self._schedules = models, oauth, vault, schedules
        self._tokens, self._audit, self._clock = tokens, audit, clock

    def reset(self, tenant_id: str, actor: tuple[str, str]) -> dict[str, Any]:
        tenant, tenant_model, now = self._tenant(tenant_id), self._m.Tenant, self._clock()
        before = {"go_live_date": tenant.go_live_date, "schedule": tenant.schedule, "cursor_seq": tenant.cursor_seq}
        idle = (tenant_model.lease_task_id.does_not_exist() | tenant_model.lease_expires_at.does_not_exist()
                | (tenant_model.lease_expires_at < now))
        try:
            tenant.update(actions=fresh_start_actions(tenant_model, tenant), condition=idle)
        except UpdateError:
            raise Conflict("a sync is running; reset once it has finished", code="sync_running") from None
        self._schedules.delete(tenant_id)
        posted = self.posted_documents(tenant_id)
        self._audit.record(tenant_id, actor, "reset", previous=before, posted_documents=len(posted),
                           generation=tenant.generation)
        return {"reset": True, "generation": tenant.generation, "previous": before, "posted_documents": posted,
                "message": "The integration was reset. Review the documents it posted to QuickBooks, "
                           "then choose a new Go Live Date and schedule."}

    def posted_documents(self, tenant_id: str) -> list[dict[str, Any]]:
        posting = self._m.Posting
        return [{"doc_number": p.doc_number, "txn_date": p.txn_date, "qbo_id": p.qbo_id,
                 "entity": (p.document or {}).get("entity", "JournalEntry"), "task_id": p.task_id,
                 "posted_at": p.posted_at.isoformat() if p.posted_at else None}
                for p in posting.query(tenant_id, filter_condition=posting.status == "posted")]

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
        try:
            tenant = self._tenant(self._m.RealmClaim.get(realm_id, consistent_read=True).tenant_id)
        except (DoesNotExist, NotFound):
            return "unknown"
        if tenant.connection_status not in LIVE or tenant.realm_id != realm_id:
            return "unknown"
        try:
            self._tokens.refresh(tenant.tenant_id)
        except (NeedsReauthorization, NotConnected):
            self._forget(self._tenant(tenant.tenant_id), INTUIT, "disconnect", started_in="quickbooks")
            return "disconnected"
        self._audit.record(tenant.tenant_id, INTUIT, "disconnect_landing_ignored", reason="grant still valid")
        return "still_connected"

    def _forget(self, tenant: Any, actor: tuple[str, str], action: str, **detail: Any) -> None:
        tenant_model = self._m.Tenant
        self._vault.delete(tenant.tenant_id)
        self._schedules.delete(tenant.tenant_id)
        if tenant.realm_id:
            release_realm(self._m, tenant.realm_id, tenant.tenant_id)
        tenant.update(actions=[tenant_model.connection_status.set("disconnected")])
        self._audit.record(tenant.tenant_id, actor, action, realm_id=tenant.realm_id, **detail)

    def _tenant(self, tenant_id: str) -> Any:
        try:
            return self._m.Tenant.get(tenant_id, consistent_read=True)
        except DoesNotExist:
            raise NotFound(f"no studio {tenant_id!r}") from None
