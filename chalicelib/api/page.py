"""The hosted page: the platform's JWT becomes a session cookie; the page is a client of the API.

`POST …/quickbooks/page` (form field `token`) is how the platform opens the page: the JWT never
appears in a URL, so neither access logs nor browser history keep it. A link can carry the JWT
in the fragment instead (`…/page#token=…`): browsers never send fragments, and the page's script
removes it from history before posting it. `GET …/page` renders the page for a valid session, and
otherwise a small shell that finishes either sign-in (or says to open the page again).

`?error=<code>` (Intuit's callback refused the connection) becomes a message from a fixed map
(`page/messages.py`), never the query's text. The studio's IANA time zone travels in the page's
data so every time on the page reads in the studio's local time, whatever the browser's zone.
"""
from __future__ import annotations

from typing import TypedDict
from urllib.parse import parse_qs

from chalice import Blueprint, Response

from chalicelib.api.auth import PAGE_TOKEN_SECONDS, decode_claims, principal_from_claims
from chalicelib.api.limits import check_path_values
from chalicelib.api.responses import body_bytes, error_response, query_of
from chalicelib.bootstrap import container
from chalicelib.errors import ClassbooksError, NotFound, Unauthenticated
from chalicelib.page import links
from chalicelib.page.csrf import check_sign_in_origin, session_from_request, spend_sign_in_token
from chalicelib.page.messages import connect_error
from chalicelib.page.render import HTML_HEADERS, Headers, json_block, render, static_file, version
from chalicelib.page.session import Session, encode, new_session, set_cookie_header

page = Blueprint(__name__)
PAGE_ROUTE = "/v1/tenants/{tenant_id}/quickbooks/page"
LAUNCH_ROUTE = "/v1/quickbooks/page"
STEPS = ("configure", "connect")
REOPEN = "Open this page again from SETTINGS > INTEGRATION in your studio platform."


class Assets(TypedDict):
    """The versioned paths of the assets the templates link, one per `${…}` name."""

    css: str
    signin_js: str
    ui_js: str
    api_js: str
    configure_js: str
    tasks_js: str
    correction_js: str
    payouts_js: str
    main_js: str
    mapping_js: str


def _assets() -> Assets:
    config = container().config

    def path(name: str) -> str:
        return links.asset_path(config, name, version(name))

    return Assets(css=path("page.css"), signin_js=path("signin.js"), ui_js=path("ui.js"), api_js=path("api.js"),
                  configure_js=path("configure.js"), tasks_js=path("tasks.js"),
                  correction_js=path("correction.js"), payouts_js=path("payouts.js"),
                  main_js=path("main.js"), mapping_js=path("mapping.js"))


def _html(body: str, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(body, status_code=status, headers={**HTML_HEADERS, **(headers or {})})


def _step(raw: str | None) -> str:
    return raw if raw in STEPS else ""


def _shell(tenant_id: str, message: str, step: str, status: int) -> Response:
    config = container().config
    body = render("signin.html", message=message, step=step,
                  page_url=links.page_path(config, tenant_id), **_assets())
    return _html(body, status)


def studio_zone(tenant_id: str) -> str | None:
    """The studio's IANA zone from its profile (None before the platform sent one)."""

    try:
        return container().settings_service().tenant(tenant_id).timezone or None
    except NotFound:
        return None


def _app(tenant_id: str, session: Session, step: str, error: str | None) -> Response:
    config = container().config
    data = {"tenant_id": tenant_id, "role": session.role, "user_id": session.user_id, "csrf": session.csrf,
            "api_base": links.api_path(config, tenant_id), "page_url": links.page_path(config, tenant_id),
            "journal_link": links.journal_link_template(config), "step": step,
            "timezone": studio_zone(tenant_id), "connect_error": connect_error(error)}
    body = render("page.html", raw={"data": json_block(data)}, page_url=links.page_path(config, tenant_id),
                  connect_url=f"{links.api_path(config, tenant_id)}/connect", **_assets())
    return _html(body)


def _session(tenant_id: str | None) -> tuple[Session | None, str]:
    """The request's session (None if absent or for another tenant), else why it is unusable."""
    try:
        c = container()
        session = session_from_request(page.current_request.headers, c.config, c.now_seconds())
    except ClassbooksError as error:
        return None, f"{error.message[:1].upper()}{error.message[1:]}. {REOPEN}"
    if session is None or (tenant_id is not None and session.tenant_id != tenant_id):
        return None, f"Opening QuickBooks settings… {REOPEN}"
    return session, ""


def _after_sign_in(tenant_id: str, step: str) -> str:
    return links.page_path(container().config, tenant_id) + (f"?step={step}" if step else "")


def _unusable_tenant(tenant_id: str) -> Response | None:
    """A path value no key can hold: the sign-in shell, 400, without touching a table."""
    try:
        check_path_values({"tenant_id": tenant_id})
    except ClassbooksError as error:
        return _html(render("signin.html", message=f"{error.message[:1].upper()}{error.message[1:]}.", step="",
                            page_url=f"{links.base_path(container().config)}{LAUNCH_ROUTE}", **_assets()), 400)
    return None


@page.route(PAGE_ROUTE, methods=["GET"])
def get_page(tenant_id: str) -> Response:
    if (refused := _unusable_tenant(tenant_id)) is not None:
        return refused
    query = query_of(page.current_request)
    step = _step(query.get("step"))
    session, why = _session(tenant_id)
    return _app(tenant_id, session, step, query.get("error")) if session else _shell(tenant_id, why, step, 401)


@page.route(LAUNCH_ROUTE, methods=["GET"])
def get_launch_page() -> Response:
    """Intuit's launch and reconnect URLs land here: to the signed-in studio's page, if any."""
    step = _step(query_of(page.current_request).get("step"))
    session, why = _session(None)
    if session is None:
        launch = f"{links.base_path(container().config)}{LAUNCH_ROUTE}"
        return _html(render("signin.html", message=why, step=step, page_url=launch, **_assets()), 401)
    return Response("", status_code=303, headers={"Location": _after_sign_in(session.tenant_id, step)})


def _sign_in(tenant_id: str | None) -> Response:
    """Exchange the platform's JWT for the session cookie, then show the page (303 See Other)."""
    form = parse_qs(body_bytes(page.current_request).decode("utf-8", "replace"))
    step = _step((form.get("step") or [""])[0])
    config = container().config
    form_url = links.page_path(config, tenant_id) if tenant_id else f"{links.base_path(config)}{LAUNCH_ROUTE}"
    try:
        check_sign_in_origin(page.current_request.headers, config)
        if not (form.get("token") or [""])[0]:
            raise Unauthenticated("no sign-in token was sent")
        claims = decode_claims(form["token"][0], config)
        principal = principal_from_claims(claims)
        tenant_id = tenant_id or principal.tenant_id or ""
        principal.require(tenant_id, "admin", "staff")
        decode_claims(form["token"][0], config, PAGE_TOKEN_SECONDS, require=("jti",))  # short-lived, spent once
        session = new_session(principal, container().now_seconds())
        spend_sign_in_token(container().models, claims, container().clock())
    except ClassbooksError as error:
        message = f"{error.message[:1].upper()}{error.message[1:]}. {REOPEN}"
        body = render("signin.html", message=message, step="", page_url=form_url, **_assets())
        return _html(body, error.status)
    return Response("", status_code=303, headers={
        "Location": _after_sign_in(tenant_id, step), "Cache-Control": "no-store", "Referrer-Policy": "no-referrer",
        "Set-Cookie": set_cookie_header(encode(session, config.jwt_secret))})


FORM = ["application/x-www-form-urlencoded"]


@page.route(PAGE_ROUTE, methods=["POST"], content_types=FORM)
def post_page(tenant_id: str) -> Response:
    refused = _unusable_tenant(tenant_id)
    return refused if refused is not None else _sign_in(tenant_id)


@page.route(LAUNCH_ROUTE, methods=["POST"], content_types=FORM)
def post_launch_page() -> Response:
    return _sign_in(None)


@page.route("/page/static/{name}", methods=["GET"])
def get_static(name: str) -> Response:
    found = static_file(name)
    if found is None:
        return error_response(NotFound("no such asset"))
    content, content_type, etag = found
    headers: Headers = {"Content-Type": content_type, "ETag": f'"{etag}"', "X-Content-Type-Options": "nosniff",
               "Cache-Control": "public, max-age=31536000, immutable"}
    if (page.current_request.headers.get("if-none-match") or "").strip('"') == etag:
        return Response("", status_code=304, headers=headers)
    return Response(content.decode("utf-8"), status_code=200, headers=headers)
