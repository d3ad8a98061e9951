"""A tenant's access token, fresh: refreshed before it expires, rotation races resolved.

Intuit rotates refresh tokens and accepts only the latest, so two workers refreshing at once
must never lose the newest one. Each worker writes conditionally on the version it read; the
loser re-reads and uses the winner's tokens. A worker whose refresh Intuit refused with
`invalid_grant` first checks (briefly) whether another worker stored newer tokens meanwhile:
only when none appear is the tenant marked "needs re-authorisation", which stops syncs until an
admin reconnects.
"""
from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from chalicelib.quickbooks.audit import SYSTEM
from chalicelib.quickbooks.errors import InvalidGrant, NeedsReauthorization, NotConnected
from chalicelib.quickbooks.oauth import OAuthPort
from chalicelib.quickbooks.tokens import StaleTokens, StoredTokens, TokenVaultPort
from chalicelib.services.ports import AuditTrail
from chalicelib.tenants.model import ConnectionStatus
from chalicelib.tenants.repository import TenantRepository

REFRESH_MARGIN = dt.timedelta(minutes=5)
RACE_WAITS = (0.05, 0.1, 0.2, 0.4)  # seconds to wait for a concurrent refresher's write
NEEDS_REAUTH_MESSAGE = ("QuickBooks no longer accepts this studio's authorisation; an admin must "
                        "reconnect QuickBooks before syncs can run again")


@dataclass(frozen=True)
class Credentials:
    """What a QBO call needs; `repr` hides the token."""

    realm_id: str
    access_token: str = field(repr=False)


class AccessTokens:
    def __init__(self, tenants: TenantRepository, vault: TokenVaultPort, oauth: OAuthPort, audit: AuditTrail,
                 clock: Callable[[], dt.datetime], pause: Callable[[float], None] = time.sleep,
                 race_waits: Sequence[float] = RACE_WAITS) -> None:
        self._tenants, self._vault, self._oauth = tenants, vault, oauth
        self._audit, self._clock, self._pause, self._waits = audit, clock, pause, race_waits

    def fresh(self, tenant_id: str) -> Credentials:
        """A usable access token, refreshed first when less than five minutes remain."""
        stored = self._usable_row(tenant_id)
        if stored.tokens.access_expires_at - self._clock() > REFRESH_MARGIN:
            return Credentials(stored.realm_id, stored.tokens.access_token)
        return self._refresh(stored)

    def refresh(self, tenant_id: str) -> Credentials:
        """Refresh now, whatever the expiry (used to check whether a grant is still alive)."""
        return self._refresh(self._usable_row(tenant_id))

    def _usable_row(self, tenant_id: str) -> StoredTokens:
        tenant = self._tenants.get(tenant_id)
        status = tenant.connection_status if tenant is not None else ConnectionStatus.NOT_CONNECTED
        if status is ConnectionStatus.NEEDS_REAUTH:
            raise NeedsReauthorization(NEEDS_REAUTH_MESSAGE)
        stored = self._vault.load(tenant_id) if status is ConnectionStatus.CONNECTED else None
        if stored is None:
            raise NotConnected("QuickBooks is not connected for this studio")
        return stored

    def _refresh(self, stored: StoredTokens) -> Credentials:
        now = self._clock()
        try:
            tokens = self._oauth.refresh(stored.tokens.refresh_token, now)
        except InvalidGrant:
            newer = self._await_newer(stored)
            if newer is not None:
                return Credentials(newer.realm_id, newer.tokens.access_token)
            self._mark_needs_reauth(stored.tenant_id)
            raise NeedsReauthorization(NEEDS_REAUTH_MESSAGE) from None
        try:
            self._vault.store(stored.tenant_id, stored.realm_id, tokens, now, stored.version)
        except StaleTokens:
            newer = self._vault.load(stored.tenant_id)
            if newer is not None:  # the other worker's write is the newest: use it, drop ours
                return Credentials(newer.realm_id, newer.tokens.access_token)
            raise NotConnected("QuickBooks was disconnected while the token was refreshed") from None
        return Credentials(stored.realm_id, tokens.access_token)

    def _await_newer(self, stored: StoredTokens) -> StoredTokens | None:
        """Tokens written by a concurrent refresher after ours was read, if any show up."""
        for wait in (0.0, *self._waits):
            if wait:
                self._pause(wait)
            latest = self._vault.load(stored.tenant_id)
            if latest is not None and latest.version != stored.version:
                return latest
        return None

    def _mark_needs_reauth(self, tenant_id: str) -> None:
        if not self._tenants.mark_needs_reauth(tenant_id):  # already marked, or disconnected meanwhile
            return
        self._audit.record(tenant_id, SYSTEM, "needs_reauth", reason="invalid_grant")
