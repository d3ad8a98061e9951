"""The hosted page's session: an HMAC-signed cookie, so no sessions table is needed.

The platform's JWT is exchanged once for this cookie; the cookie carries the principal, an
absolute expiry and the CSRF secret the page echoes in `X-CSRF-Token`. Its signing key is derived
from `config.jwt_secret` with a fixed label, so a session cookie can never pass as a JWT (or the
other way round) and rotating the JWT secret ends every session.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from chalicelib.errors import Unauthenticated
from chalicelib.principal import Principal

COOKIE_NAME = "__Host-classbooks-session"
SESSION_SECONDS = 2 * 3600
PAGE_ROLES = ("admin", "staff")
_VERSION = "v1"
_LABEL = b"classbooks/page-session/v1"


@dataclass(frozen=True)
class Session:
    """Who the page acts for, until when, and the CSRF value its forms must send back."""

    user_id: str
    role: str
    tenant_id: str
    expires_at: int
    csrf: str

    @property
    def principal(self) -> Principal:
        return Principal(user_id=self.user_id, role=self.role, tenant_id=self.tenant_id)


def _key(secret: str) -> bytes:
    if not secret:
        raise Unauthenticated("the service has no session key configured")
    return hmac.new(secret.encode(), _LABEL, hashlib.sha256).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def new_session(principal: Principal, now: int, ttl: int = SESSION_SECONDS) -> Session:
    """A fresh session (new CSRF secret) for a tenant-scoped admin or staff principal."""
    if principal.role not in PAGE_ROLES or not principal.tenant_id:
        raise Unauthenticated("the QuickBooks page is for a studio's admin or staff")
    return Session(principal.user_id, principal.role, principal.tenant_id, now + ttl, secrets.token_urlsafe(32))


def encode(session: Session, secret: str) -> str:
    payload = json.dumps({"u": session.user_id, "r": session.role, "t": session.tenant_id,
                          "e": session.expires_at, "c": session.csrf}, separators=(",", ":"))
    body = f"{_VERSION}.{_b64(payload.encode())}"
    signature = hmac.new(_key(secret), body.encode(), hashlib.sha256).digest()
    return f"{body}.{_b64(signature)}"


def decode(value: str, secret: str, now: int) -> Session:
    """The session in a cookie value, or Unauthenticated when forged, malformed or expired."""
    version, _, rest = value.partition(".")
    payload, _, signature = rest.partition(".")
    if version != _VERSION or not payload or not signature:
        raise Unauthenticated("the page session is not valid; open the page again from the platform")
    expected = hmac.new(_key(secret), f"{version}.{payload}".encode(), hashlib.sha256).digest()
    try:
        valid = hmac.compare_digest(expected, _unb64(signature))
        claims = json.loads(_unb64(payload)) if valid else None
        session = Session(str(claims["u"]), str(claims["r"]), str(claims["t"]), int(claims["e"]),
                          str(claims["c"])) if claims else None
    except (ValueError, TypeError, KeyError):
        session = None
    if session is None:
        raise Unauthenticated("the page session is not valid; open the page again from the platform")
    if session.expires_at <= now:
        raise Unauthenticated("the page session has ended; open the page again from the platform")
    return session


def set_cookie_header(value: str, ttl: int = SESSION_SECONDS) -> str:
    """`__Host-` pins the cookie to this host, Secure and Path=/; Strict keeps it off cross-site requests."""
    return f"{COOKIE_NAME}={value}; Max-Age={ttl}; Path=/; Secure; HttpOnly; SameSite=Strict"


def cookie_value(headers: Mapping[str, str]) -> str | None:
    """The session cookie's value from a request's `Cookie` header, if it sent one."""
    return named_cookie(headers, COOKIE_NAME)


# ---- the OAuth browser binding -------------------------------------------------------------

OAUTH_COOKIE = "__Host-classbooks-oauth"
OAUTH_COOKIE_SECONDS = 600


def oauth_cookie_header(nonce: str, ttl: int = OAUTH_COOKIE_SECONDS) -> str:
    """Lax, not Strict: Intuit's redirect back is a cross-site top-level navigation, which Strict drops."""
    return f"{OAUTH_COOKIE}={nonce}; Max-Age={ttl}; Path=/; Secure; HttpOnly; SameSite=Lax"


def clear_oauth_cookie_header() -> str:
    return f"{OAUTH_COOKIE}=; Max-Age=0; Path=/; Secure; HttpOnly; SameSite=Lax"


def named_cookie(headers: Mapping[str, str], name: str) -> str | None:
    raw = headers.get("cookie") or headers.get("Cookie") or ""
    for part in raw.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name and value:
            return value
    return None
