"""Platform-issued JWTs: who is calling, for which tenant, with which role.

Roles: `admin` (tenant-scoped, may write), `staff` (tenant-scoped, read-only), `platform`
(ingests for any tenant), `support` (reads across tenants, read-only, audited).
"""
from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from chalicelib.config import Config
from chalicelib.errors import Unauthenticated
from chalicelib.principal import Principal

ROLES = ("admin", "staff", "platform", "support")
ALGORITHM = "HS256"
MAX_TOKEN_SECONDS = 24 * 3600  # no platform token may live longer than a day (exp - iat)
PAGE_TOKEN_SECONDS = 10 * 60  # the page's sign-in token: minutes, and spent once (its jti)


def principal_from_headers(headers: Mapping[str, str], config: Config) -> Principal:
    header = headers.get("authorization") or headers.get("Authorization") or ""
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthenticated("a bearer token from the platform is required")
    return principal_from_token(token, config)


def decode_claims(token: str, config: Config, max_lifetime: int = MAX_TOKEN_SECONDS,
                  require: tuple[str, ...] = ()) -> dict[str, Any]:
    """The token's verified claims; refuses one that lives longer than `max_lifetime` (exp - iat)."""
    import jwt

    if not config.jwt_secret:
        raise Unauthenticated("the service has no token key configured")
    try:
        claims = jwt.decode(
            token, config.jwt_secret, algorithms=[ALGORITHM], issuer=config.jwt_issuer,
            options={"require": ["exp", "iat", "sub", "role", *require]},
        )
    except jwt.ExpiredSignatureError:
        raise Unauthenticated("the token has expired") from None
    except (jwt.PyJWTError, ValueError, TypeError, OverflowError, RecursionError):
        raise Unauthenticated("the token is not valid") from None
    exp, iat = claims["exp"], claims["iat"]
    if not isinstance(exp, int) or not isinstance(iat, int) or exp - iat > max_lifetime:
        raise Unauthenticated(f"the token lives too long (at most {max_lifetime} seconds from iat to exp)",
                              code="token_lifetime")
    return claims


def principal_from_claims(claims: Mapping[str, Any]) -> Principal:
    role = claims["role"]
    if not isinstance(role, str) or role not in ROLES:
        raise Unauthenticated(f"unknown role {str(role)[:20]!r}")
    tenant_id = claims.get("tenant_id")
    if tenant_id is not None and not isinstance(tenant_id, str):
        raise Unauthenticated("the token's tenant_id must be a string")
    if role in ("admin", "staff") and not tenant_id:
        raise Unauthenticated("an admin or staff token must name its tenant")
    return Principal(user_id=str(claims["sub"]), role=role, tenant_id=tenant_id)


def principal_from_token(token: str, config: Config) -> Principal:
    return principal_from_claims(decode_claims(token, config))


def issue_token(config: Config, *, sub: str, role: str, tenant_id: str | None, now: int, ttl: int = 3600) -> str:
    """What the platform does; used by the dev CLI (`make token`) and the tests. Every token gets a
    fresh `jti`, which the page's sign-in spends."""
    claims = {"sub": sub, "role": role, "iss": config.jwt_issuer, "iat": now, "exp": now + ttl,
              "jti": uuid.uuid4().hex}
    if tenant_id is not None:
        claims["tenant_id"] = tenant_id
    import jwt

    return jwt.encode(claims, config.jwt_secret, algorithm=ALGORITHM)
