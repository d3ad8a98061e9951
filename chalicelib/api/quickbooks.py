"""The studio's QuickBooks routes (DESIGN.md "Studio") and the URLs Intuit's app settings need.

Blueprints only parse, authorise, call a service and render. Setup writes need `admin`; reads
allow `admin`, `staff` and `support` (support reads are audited). `/oauth/callback` and the
Intuit landing URLs carry no platform JWT: the callback is authorised by its single-use state,
the disconnect landing by asking Intuit whether the grant is really gone.

The callback answers a browser: a refusal for a known studio goes back to its page
(`?step=connect&error=<code>`, the JSON error also in the 302's body for scripted clients); a
state that names no studio gets a small HTML page (JSON only when the client asks for JSON alone).
"""
from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any
from urllib.parse import urlencode

from chalice import Blueprint, Response

from chalicelib.api import landing
from chalicelib.api.landing import plausible_realm_id
from chalicelib.api.responses import error_response, handles_errors, json_object, principal, query_of, studio_read
from chalicelib.bootstrap import container
from chalicelib.errors import ClassbooksError
from chalicelib.page import links
from chalicelib.page.messages import refusal_page
from chalicelib.page.render import HTML_HEADERS, version
from chalicelib.page.session import (
    OAUTH_COOKIE,
    clear_oauth_cookie_header,
    named_cookie,
    oauth_cookie_header,
)

quickbooks = Blueprint(__name__)
BASE = "/v1/tenants/{tenant_id}/quickbooks"


def _page(tenant_id: str, step: str, error: str = "") -> str:
    query = urlencode({"step": step, **({"error": error} if error else {})})
    return f"{container().config.public_base_url}/v1/tenants/{tenant_id}/quickbooks/page?{query}"


def _redirect(url: str) -> Response:
    return Response({"location": url}, status_code=302, headers={"Location": url})


def _read(tenant_id: str, view: str, answer: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    return studio_read(quickbooks.current_request, tenant_id, view, answer)


def _admin(tenant_id: str) -> tuple[str, str]:
    who = principal(quickbooks.current_request).require(tenant_id, "admin")
    return who.user_id, who.role


def _json_body() -> dict[str, Any]:
    return json_object(quickbooks.current_request)


@quickbooks.route(BASE + "/connect", methods=["GET"])
@handles_errors
def connect(tenant_id: str) -> Response:
    from chalicelib.quickbooks.oauth import new_browser_nonce

    user_id, _ = _admin(tenant_id)
    nonce = new_browser_nonce()
    response = _redirect(container().connect_service().start(tenant_id, user_id, nonce))
    response.headers["Set-Cookie"] = oauth_cookie_header(nonce)  # the callback must come back to this browser
    return response


def _wants_json_only() -> bool:
    accept = (quickbooks.current_request.headers.get("accept") or "").lower()
    return "application/json" in accept and "text/html" not in accept


def _state_refused(error: ClassbooksError) -> Response:
    """No studio to send the browser to: a plain page that names none (JSON if asked for alone)."""
    if _wants_json_only():
        return error_response(error)
    config = container().config
    html = refusal_page(reason=error.message, css=links.asset_path(config, "page.css", version("page.css")),
                        launch_url=f"{links.base_path(config)}/v1/quickbooks/page?step=connect")
    return Response(html, status_code=error.status, headers=HTML_HEADERS)


@quickbooks.route("/oauth/callback", methods=["GET"])
def oauth_callback() -> Response:
    """Intuit's redirect. The query (code, state) must not leak: no-store, no referrer."""
    from chalicelib.services.connect import CallbackRefused

    request = quickbooks.current_request
    q = query_of(request)
    try:
        done = container().connect_service().finish(q.get("state", ""), q.get("code", ""),
                                                         q.get("realmId", ""), q.get("error", ""),
                                                         browser_nonce=named_cookie(request.headers, OAUTH_COOKIE))
    except CallbackRefused as refused:
        url = _page(refused.tenant_id, "connect", refused.code)
        return Response({**refused.body(), "location": url}, status_code=302, headers={
            "Location": url, "Cache-Control": "no-store", "Referrer-Policy": "no-referrer",
            "Set-Cookie": clear_oauth_cookie_header()})
    except ClassbooksError as error:  # the state itself: unknown, used, expired or another browser's
        return _state_refused(error)
    response = _redirect(_page(done.tenant_id, "configure"))
    response.headers["Set-Cookie"] = clear_oauth_cookie_header()
    return response


@quickbooks.route(BASE + "/settings", methods=["GET"])
@handles_errors
def get_settings(tenant_id: str) -> dict[str, Any]:
    return _read(tenant_id, "settings", lambda: container().settings_service().get(tenant_id))


@quickbooks.route(BASE + "/settings", methods=["PUT"])
@handles_errors
def put_settings(tenant_id: str) -> dict[str, Any]:

    actor = _admin(tenant_id)
    return container().settings_service().put(tenant_id, actor, _json_body())


@quickbooks.route(BASE + "/status", methods=["GET"])
@handles_errors
def get_status(tenant_id: str) -> dict[str, Any]:
    return _read(tenant_id, "status", lambda: container().settings_service().status(tenant_id))


@quickbooks.route(BASE + "/reset", methods=["POST"])
@handles_errors
def reset(tenant_id: str) -> dict[str, Any]:

    actor = _admin(tenant_id)
    return container().reset_service().reset(tenant_id, actor)


@quickbooks.route(BASE + "/posted", methods=["GET"])
@handles_errors
def posted_documents(tenant_id: str) -> dict[str, Any]:
    """Classbooks' documents standing in the company, and what Undo would do with each."""
    return _read(tenant_id, "posted", lambda: container().undo_service().posted(tenant_id))


@quickbooks.route(BASE + "/undo", methods=["POST"])
@handles_errors
def undo_posted(tenant_id: str) -> dict[str, Any]:
    """After a reset: delete (open period) or reverse (closed period) what Classbooks posted."""

    actor = _admin(tenant_id)
    return container().undo_service().undo(tenant_id, actor)


@quickbooks.route(BASE + "/connection", methods=["DELETE"])
@handles_errors
def disconnect(tenant_id: str) -> dict[str, Any]:

    actor = _admin(tenant_id)
    return container().reset_service().disconnect(tenant_id, actor)


LANDING = {
    "disconnected": "QuickBooks is disconnected from {brand}. Nightly syncs have stopped; an admin can "
                    "reconnect from Settings > Integration > Intuit QuickBooks.",
    "still_connected": "{brand} is still connected to this QuickBooks company.",
    "unknown": "This QuickBooks company is not connected to {brand}.",
    "checked_recently": "{brand} checked this QuickBooks company a moment ago. If you disconnected the app, "
                        "{brand} notices at its next sync; you can also reload this page in a few minutes.",
}


@quickbooks.route("/quickbooks/disconnected", methods=["GET"])
@handles_errors
def disconnected_landing() -> Response:
    """Intuit's disconnect URL: the user lands here after disconnecting the app inside QBO."""

    realm_id = query_of(quickbooks.current_request).get("realmId", "")
    built = container()
    allowed = landing.budget(built.models, realm_id, built.clock()) if plausible_realm_id(realm_id) else "unknown"
    if allowed == "check":
        outcome = built.reset_service().disconnected_in_quickbooks(realm_id)
    else:  # throttled or unknown: nothing refreshed, nothing stored
        outcome = "checked_recently" if allowed == "throttled" else "unknown"
    text = LANDING[outcome].format(brand=escape(container().config.brand))
    html = (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>QuickBooks</title></head>'
            f'<body><main><h1>QuickBooks</h1><p role="status" data-outcome="{outcome}">{text}</p></main></body></html>')
    return Response(html, status_code=200, headers={"Content-Type": "text/html; charset=utf-8"})


@quickbooks.route("/quickbooks/launch", methods=["GET"])
def launch() -> Response:
    """Intuit's launch URL: into the hosted page, which knows the signed-in user and tenant."""
    return _redirect(f"{container().config.public_base_url}/v1/quickbooks/page?step=connect")


@quickbooks.route("/quickbooks/reconnect", methods=["GET"])
def reconnect() -> Response:
    """Intuit's reconnect URL: the same entry as launch; the page then calls `connect`."""
    return _redirect(f"{container().config.public_base_url}/v1/quickbooks/page?step=connect")
