"""Cookie-authenticated API calls: the session's principal, and CSRF on every state change.

A request with an `Authorization` header is the platform's (or a script's) and is judged by its
bearer token alone. A request carrying only the page's session cookie must, for any method but
GET/HEAD/OPTIONS, also send the session's CSRF value in `X-CSRF-Token`: a cross-site page can make
a browser send cookies (SameSite aside) but can neither read the value nor set that header
without a CORS preflight this API never grants.
"""
from __future__ import annotations

import hmac
from typing import Mapping

from chalicelib.api.auth import Principal
from chalicelib.config import Config
from chalicelib.errors import Forbidden
from chalicelib.page.session import Session, cookie_value, decode

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
