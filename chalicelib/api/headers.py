"""Security headers on every answer of the API (issue #16 item 11), in one place.

A middleware, so no route can forget them: every answer gets `X-Content-Type-Options: nosniff`;
every HTML answer also gets the page's Content-Security-Policy and frame denial (the disconnect
landing and the callback's refusal page included). Headers a route set itself are kept.
"""
from __future__ import annotations

from typing import Any, Callable

from chalice import Blueprint, Response

from chalicelib.page.render import CSP

security_headers = Blueprint(__name__)

HTML_ONLY = {"Content-Security-Policy": CSP, "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"}


def secure(headers: dict[str, str]) -> dict[str, str]:
    """`headers` with the security headers added where missing."""
    out = dict(headers)
    out.setdefault("X-Content-Type-Options", "nosniff")
    content_type = next((v for k, v in out.items() if k.lower() == "content-type"), "application/json")
    if content_type.lower().startswith("text/html"):
        for name, value in HTML_ONLY.items():
            out.setdefault(name, value)
    return out


@security_headers.middleware("http")
def add_security_headers(event: Any, get_response: Callable[[Any], Response]) -> Response:
    response = get_response(event)
    response.headers = secure(response.headers or {})
    return response
