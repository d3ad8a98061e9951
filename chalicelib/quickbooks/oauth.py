"""Intuit OAuth 2.0 through the real `intuit-oauth` client, endpoints from the discovery URL.

`IntuitOAuth` is the adapter behind `OAuthPort`; it builds one `AuthClient` per call (the client
holds tokens as mutable state, so it is never shared between requests or threads) and turns
every failure into a typed error carrying Intuit's error code only.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

import requests
from intuitlib.client import AuthClient
from intuitlib.enums import Scopes
from intuitlib.exceptions import AuthClientError

from chalicelib.config import Config
from chalicelib.quickbooks.errors import IntuitError, IntuitUnavailable, InvalidGrant

SCOPES = [Scopes.ACCOUNTING]
T = TypeVar("T")


@dataclass(frozen=True)
class TokenSet:
    """A grant's tokens and when they expire; `repr` never shows the tokens."""

    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    access_expires_at: dt.datetime
    refresh_expires_at: dt.datetime | None = None

    def secrets(self) -> dict[str, str]:
        """What gets encrypted (the expiries stay readable for support and the refresh check)."""
        return {"access_token": self.access_token, "refresh_token": self.refresh_token}


def new_browser_nonce() -> str:
    """The secret the Connect browser keeps in a cookie; only its hash is stored with the state."""
    return secrets.token_urlsafe(32)


def browser_hash(nonce: str, tenant_id: str, user_id: str) -> str:
    """Binds nonce, tenant and user together: a cookie from another Connect, studio or admin cannot match."""
    material = json.dumps([nonce, tenant_id, user_id], separators=(",", ":")).encode()
    return hashlib.sha256(material).hexdigest()


def same_browser(stored_hash: str | None, nonce: str | None, tenant_id: str, user_id: str) -> bool:
    """True only when the callback's browser holds the nonce of the Connect that issued the state."""
    if not stored_hash or not nonce:
        return False
    return hmac.compare_digest(stored_hash.encode(), browser_hash(nonce, tenant_id, user_id).encode())


class OAuthPort(Protocol):
    def authorize_url(self, state: str) -> str: ...
    def exchange(self, code: str, realm_id: str, now: dt.datetime) -> TokenSet: ...
    def refresh(self, refresh_token: str, now: dt.datetime) -> TokenSet: ...
    def revoke(self, token: str) -> None: ...


def intuit_error_code(error: AuthClientError) -> str:
    """Intuit's `error` field (`invalid_grant`, `invalid_client`, …), or the HTTP status."""
    try:
        body = json.loads(error.content or b"{}")
    except (ValueError, TypeError):
        body = {}
    code = body.get("error") if isinstance(body, dict) else None
    return str(code) if code else f"http_{error.status_code}"


def translate(call: Callable[[], T], what: str) -> T:
    """Run an intuit-oauth call; re-raise its failures as typed errors without the body."""
    try:
        return call()
    except AuthClientError as error:
        code, status = intuit_error_code(error), error.status_code
    except requests.RequestException as error:
        raise IntuitUnavailable(f"Intuit could not be reached to {what} ({type(error).__name__})") from None
    if code == "invalid_grant":
        raise InvalidGrant(f"Intuit refused to {what}: the authorisation is no longer valid (invalid_grant)")
    if status >= 500 or status == 429:
        raise IntuitUnavailable(f"Intuit is unavailable and could not {what} (HTTP {status})")
    raise IntuitError(f"Intuit refused to {what} ({code})", details=[{"intuit_error": code}])


class IntuitOAuth:
    """The real client: authorize URL, code exchange, refresh (rotation) and revoke."""

    def __init__(self, config: Config) -> None:
        self._config = config

    def _client(self) -> AuthClient:
        c = self._config
        return translate(lambda: AuthClient(c.intuit_client_id, c.intuit_client_secret,
                                            c.intuit_redirect_uri, c.intuit_discovery_url),
                         "read Intuit's discovery document")

    def authorize_url(self, state: str) -> str:
        return self._client().get_authorization_url(SCOPES, state_token=state)

    def exchange(self, code: str, realm_id: str, now: dt.datetime) -> TokenSet:
        client = self._client()
        translate(lambda: client.get_bearer_token(code, realm_id=realm_id), "exchange the authorisation code")
        return _tokens(client, now)

    def refresh(self, refresh_token: str, now: dt.datetime) -> TokenSet:
        client = self._client()
        translate(lambda: client.refresh(refresh_token=refresh_token), "refresh the access token")
        return _tokens(client, now)

    def revoke(self, token: str) -> None:
        client = self._client()
        translate(lambda: client.revoke(token=token), "revoke the authorisation")


def _tokens(client: AuthClient, now: dt.datetime) -> TokenSet:
    if not client.access_token or not client.refresh_token:
        raise IntuitError("Intuit's token response held no tokens")
    refresh_in = getattr(client, "x_refresh_token_expires_in", None)
    return TokenSet(
        access_token=client.access_token,
        refresh_token=client.refresh_token,
        access_expires_at=now + dt.timedelta(seconds=int(client.expires_in or 3600)),
        refresh_expires_at=now + dt.timedelta(seconds=int(refresh_in)) if refresh_in else None,
    )
