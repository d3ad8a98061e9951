"""Shared response helpers: errors to JSON, the caller's principal, the request's query and bodies."""
from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping
from decimal import InvalidOperation
from typing import Any, TypeVar

from chalice import Response
from chalice.app import Request

from chalicelib.api.auth import principal_from_headers
from chalicelib.api.limits import check_path_values
from chalicelib.bootstrap import container
from chalicelib.errors import ClassbooksError, InvalidRequest, NotFound
from chalicelib.page.csrf import principal_from_cookie
from chalicelib.principal import Principal

T = TypeVar("T")


def error_response(error: ClassbooksError) -> Response:
    return Response(error.body(), status_code=error.status, headers={"Content-Type": "application/json"})


# Input the parsers cannot hold: nesting deeper than the recursion limit, numbers beyond Decimal's
# context, dates beyond datetime's range. A 400, never a 500, whatever line raised them.
UNPARSEABLE = (RecursionError, InvalidOperation, OverflowError)


def handles_errors(view: Callable[..., Any]) -> Callable[..., Any]:
    """Check the path values, then turn a typed `ClassbooksError` (or input no parser can hold)
    raised by a view into its JSON error response."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            check_path_values(kwargs)
            return view(*args, **kwargs)
        except ClassbooksError as error:
            return error_response(error)
        except UNPARSEABLE as error:
            return error_response(InvalidRequest(f"the request cannot be parsed ({type(error).__name__})",
                                                 code="unparseable"))

    return wrapper


def principal(request: Any) -> Principal:
    """The bearer token's principal, or else the hosted page's session cookie (CSRF-checked)."""
    c = container()
    from_cookie = principal_from_cookie(request.headers, request.method, c.config, c.now_seconds())
    return from_cookie or principal_from_headers(request.headers, c.config)


def query_of(request: Request) -> Mapping[str, str]:
    """The query string's values (the last of a repeated name); empty when there is no query."""
    return request.query_params or {}


def body_bytes(request: Request) -> bytes:
    """The raw body. Chalice annotates `raw_body` as `str | bytes` but hands over bytes; a str
    (never seen) is encoded rather than trusted."""
    raw = request.raw_body
    return raw.encode("utf-8") if isinstance(raw, str) else raw


def platform_body(request: Any, tenant_id: str, parse: Callable[[bytes], T]) -> T:
    """The body of a platform write, parsed: every such route authorises the platform for the
    tenant first, so a caller who may not write learns nothing from validation errors."""
    principal(request).require(tenant_id, "platform")
    return parse(body_bytes(request))


def json_body(request: Any) -> Any:
    """The request's JSON body, of any shape (an empty body reads as {})."""
    try:
        return json.loads(request.raw_body or b"{}")
    except ValueError:
        raise InvalidRequest("the body must be JSON") from None


def json_object(request: Any) -> dict[str, Any]:
    """The request's JSON body, which must be an object."""
    body = json_body(request)
    if not isinstance(body, dict):
        raise InvalidRequest("the body must be a JSON object")
    return body


STUDIO_READERS = ("admin", "staff", "support")


def studio_read(request: Any, tenant_id: str, view: str, answer: Callable[[], T]) -> T:
    """A read the studio's people and support may make. Support's is audited once it is
    answered, so a refusal (a bad token, an unknown task, a studio that does not exist) stores
    nothing."""
    who = principal(request).require(tenant_id, *STUDIO_READERS)
    body = answer()
    audit_support_read(who, tenant_id, view)
    return body


def audit_support_read(who: Principal, tenant_id: str, view: str) -> None:
    """Support reads are audited before the answer, but only of a studio that exists: a read
    refused as 404 stores nothing (else any guessed id would leave an audit row)."""
    if who.role != "support":
        return
    built = container()
    if built.tenants().get(tenant_id) is None:
        raise NotFound(f"no studio {tenant_id!r}")
    built.audit().record(tenant_id, (who.user_id, who.role), "support_read", view=view)
