"""Cookie-authenticated API calls: the session's principal, and CSRF on every state change.

A request with an `Authorization` header is the platform's (or a script's) and is judged by its
bearer token alone. A request carrying only the page's session cookie must, for any method but
GET/HEAD/OPTIONS, also send the session's CSRF value in `X-CSRF-Token`: a cross-site page can make
a browser send cookies (SameSite aside) but can neither read the value nor set that header
without a CORS preflight this API never grants.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from chalicelib.config import Config
from chalicelib.errors import Forbidden, Unauthenticated
from chalicelib.page.session import Session, cookie_value, decode
from chalicelib.principal import Principal

CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _header(headers: Mapping[str, str], name: str) -> str:
    return headers.get(name) or headers.get(name.title()) or headers.get(name.upper()) or ""


def check_csrf(session: Session, method: str, headers: Mapping[str, str]) -> None:
    """Refuse (403) an unsafe method whose `X-CSRF-Token` does not match the session's."""
    if method.upper() in SAFE_METHODS:
        return
    sent = _header(headers, CSRF_HEADER)
    if not sent or not hmac.compare_digest(sent.encode(), session.csrf.encode()):
        raise Forbidden("this request lacks the page's CSRF token; reload the page and try again",
                        code="csrf_failed")


def session_from_request(headers: Mapping[str, str], config: Config, now: int) -> Session | None:
    """The page session a request carries (None without one); raises when it is forged or expired."""
    value = cookie_value(headers)
    return None if value is None else decode(value, config.jwt_secret, now)


def principal_from_cookie(headers: Mapping[str, str], method: str, config: Config, now: int) -> Principal | None:
    """The page session's principal, CSRF-checked; None when a bearer token or no cookie was sent."""
    if _header(headers, "authorization"):
        return None
    session = session_from_request(headers, config, now)
    if session is None:
        return None
    check_csrf(session, method, headers)
    return session.principal


# ---- login CSRF: who may open a session ----------------------------------------------------


def _origin(url: str) -> str:
    parts = urlsplit(url.strip())
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else ""


def allowed_origins(config: Config) -> frozenset[str]:
    """The platform's configured origins and this service's own (the fragment sign-in posts from it)."""
    found = {_origin(o) for o in config.platform_origins.split(",")} | {_origin(config.public_base_url)}
    return frozenset(o for o in found if o)


def check_sign_in_origin(headers: Mapping[str, str], config: Config) -> None:
    """Refuse (403) a sign-in POST a browser sent from a page on any other origin (login CSRF).

    Allowed: an `Origin` among `allowed_origins`, or `Sec-Fetch-Site: same-origin` (the browser
    vouches for our own sign-in shell, whose no-referrer policy makes it send `Origin: null`).
    Browsers send `Origin` (and `Sec-Fetch-Site`) on every cross-origin POST; a request with
    neither is not a browser's cross-site form and is judged by its token alone.
    """
    sent = _header(headers, "origin").strip().lower().rstrip("/")
    fetch_site = _header(headers, "sec-fetch-site").strip().lower()
    if (sent and sent in allowed_origins(config)) or fetch_site == "same-origin":
        return
    if sent or fetch_site:
        raise Forbidden("the page may only be opened from the studio platform", code="origin_not_allowed")


def spend_sign_in_token(models: Any, claims: Mapping[str, Any], now: dt.datetime) -> None:
    """Spend the sign-in JWT's `jti` once (a conditional put; the item expires with the token)."""
    from pynamodb.exceptions import PutError

    jti = claims.get("jti")
    if not isinstance(jti, str) or not jti:
        raise Unauthenticated("the sign-in token has no jti")
    oauth_state = models.OAuthState  # the table of single-use secrets, keyed apart from OAuth states
    key = "jti#" + hashlib.sha256(jti.encode()).hexdigest()
    expires = dt.datetime.fromtimestamp(int(claims["exp"]), dt.UTC)
    try:
        oauth_state(state=key, tenant_id=str(claims.get("tenant_id") or ""), user_id=str(claims["sub"]),
                    created_at=now, expires_at=expires).save(condition=oauth_state.state.does_not_exist())
    except PutError as error:
        if error.cause_response_code != "ConditionalCheckFailedException":
            raise
        raise Unauthenticated("this sign-in token was already used", code="token_used") from None
