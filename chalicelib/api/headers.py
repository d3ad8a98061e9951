"""Security headers on every answer of the API (issue #16 item 11), in one place.

A middleware, so no route can forget them: every answer gets `X-Content-Type-Options: nosniff`;
every HTML answer also gets the page's Content-Security-Policy and frame denial (the disconnect
landing and the callback's refusal page included). Headers a route set itself are kept. Chalice's
own refusals get the API's error shape here too.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from chalice import Blueprint, Response

from chalicelib.page.render import CSP, Headers

security_headers = Blueprint(__name__)

HTML_ONLY = {"Content-Security-Policy": CSP, "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"}


def secure(headers: Headers) -> Headers:
    """`headers` with the security headers added where missing."""
    out: Headers = dict(headers)
    out.setdefault("X-Content-Type-Options", "nosniff")
    content_type = next((v for k, v in out.items() if k.lower() == "content-type"), "application/json")
    if isinstance(content_type, str) and content_type.lower().startswith("text/html"):
        for name, value in HTML_ONLY.items():
            out.setdefault(name, value)
    return out


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower().removesuffix("_error")


def our_error_shape(response: Response) -> Response:
    """Chalice's own refusals (415, 404/405 for unknown routes, `BadRequestError`) in the API's
    error shape `{"error", "message", "details"}`, like every other 4xx."""
    body = response.body
    if 400 <= response.status_code < 500 and isinstance(body, dict) and set(body) == {"Code", "Message"}:
        response.body = {"error": _snake(str(body["Code"])), "message": str(body["Message"]), "details": []}
    return response


@security_headers.middleware("http")
def add_security_headers(event: Any, get_response: Callable[[Any], Response]) -> Response:
    response = our_error_shape(get_response(event))
    response.headers = secure(response.headers or {})
    return response
