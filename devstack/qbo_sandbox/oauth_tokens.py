"""Intuit OAuth 2.0 token rules: codes, access/refresh tokens, rotation, revocation, ID tokens.

Lifetimes (Intuit): access token 1 hour; refresh token 100 days rolling, capped by a 5-year
maximum per grant; authorization code single use and short-lived (5 minutes here).
Rotation policy is per app client (``AppClient.refresh_rotation``), see docs/qbo-sandbox.md.
"""
from __future__ import annotations

import secrets
import threading
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from .store import AccessToken, AppClient, AuthCode, Grant, RefreshToken, SandboxState

ACCESS_TTL = 3600
REFRESH_TTL = 100 * 86400
HARD_TTL = 5 * 365 * 86400 + 86400  # five years (incl. one leap day)
CODE_TTL = 300
ROTATE_AFTER = 86400
ACCOUNTING_SCOPE = "com.intuit.quickbooks.accounting"
KNOWN_SCOPES = {"openid", "email", "profile", "phone", "address", ACCOUNTING_SCOPE,
                "com.intuit.quickbooks.payment"}


class OAuthError(Exception):
    """An RFC 6749 error as Intuit reports it: ``{"error": code}`` with a status."""

    def __init__(self, error: str, status: int = 400, description: str = "") -> None:
        super().__init__(error)
        self.error, self.status, self.description = error, status, description


class _Keys:
    """One RSA key per process, published at jwks_uri, used to sign ID tokens (RS256)."""
    _lock = threading.Lock()
    _key: rsa.RSAPrivateKey | None = None
    kid = "sandbox-rs256-1"

    @classmethod
    def private(cls) -> rsa.RSAPrivateKey:
        with cls._lock:
            if cls._key is None:
                cls._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            return cls._key

    @classmethod
    def jwks(cls) -> dict[str, Any]:
        jwk = jwt.algorithms.RSAAlgorithm.to_jwk(cls.private().public_key(), as_dict=True)
        jwk.update({"kid": cls.kid, "alg": "RS256", "use": "sig"})
        return {"keys": [jwk]}


def jwks() -> dict[str, Any]:
    return _Keys.jwks()


def _token(prefix: str, size: int) -> str:
    return prefix + secrets.token_urlsafe(size)


def issue_code(state: SandboxState, client: AppClient, redirect_uri: str, email: str,
               realm_id: str, scopes: list[str]) -> str:
    code = _token("AB11", 48)
    with state.lock:
        state.codes[code] = AuthCode(code, client.client_id, redirect_uri, email, realm_id,
                                     scopes, state.now() + CODE_TTL)
    return code


def _new_refresh(state: SandboxState, grant: Grant, now: float) -> RefreshToken:
    token = RefreshToken(_token("RT1-", 36), grant.grant_id, now,
                         min(now + REFRESH_TTL, grant.hard_expires_at))
    state.refresh_tokens[token.token] = token
    return token


def _response(state: SandboxState, grant: Grant, refresh: RefreshToken, now: float,
              issuer: str) -> dict[str, Any]:
    access = AccessToken(_token("eyJ", 96), grant.grant_id, now + ACCESS_TTL)
    state.access_tokens[access.token] = access
    body: dict[str, Any] = {"token_type": "bearer", "expires_in": ACCESS_TTL,
                            "refresh_token": refresh.token,
                            "x_refresh_token_expires_in": int(refresh.expires_at - now),
                            "access_token": access.token}
    if "openid" in grant.scopes:
        body["id_token"] = _id_token(state, grant, now, issuer)
    return body


def _id_token(state: SandboxState, grant: Grant, now: float, issuer: str) -> str:
    user = state.users[grant.email]
    claims = {"iss": issuer, "aud": [grant.client_id], "sub": user.sub, "realmid": grant.realm_id,
              "auth_time": int(now), "iat": int(now), "exp": int(now) + ACCESS_TTL}
    return jwt.encode(claims, _Keys.private(), algorithm="RS256", headers={"kid": _Keys.kid})


def exchange_code(state: SandboxState, client: AppClient, code: str, redirect_uri: str,
                  issuer: str) -> dict[str, Any]:
    """authorization_code grant. A replayed code also revokes the grant it produced."""
    with state.lock:
        now = state.now()
        record = state.codes.get(code)
        if record is None or record.client_id != client.client_id:
            raise OAuthError("invalid_grant")
        if record.used:
            if record.grant_id in state.grants:
                state.grants[record.grant_id].revoked = True
            raise OAuthError("invalid_grant")
        if now > record.expires_at or record.redirect_uri != redirect_uri:
            raise OAuthError("invalid_grant")
        record.used = True
        grant = Grant(_token("g-", 12), client.client_id, record.email, record.realm_id,
                      record.scopes, now, now + HARD_TTL)
        state.grants[grant.grant_id] = grant
        record.grant_id = grant.grant_id
        return _response(state, grant, _new_refresh(state, grant, now), now, issuer)


def refresh(state: SandboxState, client: AppClient, token: str, issuer: str) -> dict[str, Any]:
    """refresh_token grant with the app's rotation policy; old/revoked/expired → invalid_grant."""
    with state.lock:
        now = state.now()
        current = state.refresh_tokens.get(token)
        if current is None or current.superseded or now >= current.expires_at:
            raise OAuthError("invalid_grant")
        grant = state.grants.get(current.grant_id)
        if grant is None or grant.revoked or grant.client_id != client.client_id \
                or now >= grant.hard_expires_at:
            raise OAuthError("invalid_grant")
        keep = client.refresh_rotation == "every_24h" and now - current.issued_at < ROTATE_AFTER
        if keep:
            current.expires_at = min(now + REFRESH_TTL, grant.hard_expires_at)
            new = current
        else:
            current.superseded = True
            new = _new_refresh(state, grant, now)
        return _response(state, grant, new, now, issuer)


def revoke(state: SandboxState, client: AppClient, token: str) -> None:
    """Revoking either token revokes the whole grant (the app is disconnected)."""
    with state.lock:
        record = state.refresh_tokens.get(token) or state.access_tokens.get(token)
        grant = state.grants.get(record.grant_id) if record else None
        if grant is None or grant.client_id != client.client_id or grant.revoked:
            raise OAuthError("invalid_request", 400, "token not found or already revoked")
        grant.revoked = True


def grant_for_access_token(state: SandboxState, token: str) -> tuple[Grant | None, str]:
    """The live grant behind a bearer token, or None and why not (for the 401 detail)."""
    with state.lock:
        record = state.access_tokens.get(token)
        if record is None:
            return None, "Token invalid"
        if state.now() >= record.expires_at:
            return None, "Token expired"
        grant = state.grants.get(record.grant_id)
        if grant is None or grant.revoked:
            return None, "Token revoked"
        return grant, ""


def disconnect_realm(state: SandboxState, realm_id: str) -> int:
    """What a user's 'Disconnect' in QBO does: every grant on that company is revoked."""
    with state.lock:
        hits = [g for g in state.grants.values() if g.realm_id == realm_id and not g.revoked]
        for grant in hits:
            grant.revoked = True
        return len(hits)
