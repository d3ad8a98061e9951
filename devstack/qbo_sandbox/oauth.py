"""Intuit OAuth 2.0 / OpenID endpoints: discovery, JWKS, authorize pages, token, revoke, userinfo.

Paths mirror Intuit's hosts folded onto one server; the discovery document is built from the
request's host so ``AuthClient(..., environment=<discovery URL>)`` finds every endpoint.
"""
from __future__ import annotations

import base64
import json
import secrets
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, redirect, request
from werkzeug.wrappers import Response as BaseResponse

from . import authpage
from .faults import json_response
from .oauth_tokens import (
    KNOWN_SCOPES,
    OAuthError,
    exchange_code,
    grant_for_access_token,
    issue_code,
    jwks,
    refresh,
    revoke,
)
from .store import AppClient, LoginTicket, SandboxState

bp = Blueprint("oauth", __name__)
AUTHORIZE = "/connect/oauth2"
TICKET_TTL = 600
OAUTH_PARAMS = ("client_id", "redirect_uri", "scope", "state", "response_type")


def _state() -> SandboxState:
    return current_app.config["SANDBOX_STATE"]


def _base() -> str:
    return request.host_url.rstrip("/")


def issuer() -> str:
    return _base() + "/op/v1"


@bp.get("/.well-known/openid_configuration", strict_slashes=False)
@bp.get("/.well-known/openid_sandbox_configuration", strict_slashes=False)
def discovery() -> Response:
    base = _base()
    return json_response({
        "issuer": issuer(), "authorization_endpoint": base + AUTHORIZE,
        "token_endpoint": base + "/oauth2/v1/tokens/bearer",
        "userinfo_endpoint": base + "/v1/openid_connect/userinfo",
        "revocation_endpoint": base + "/v2/oauth2/tokens/revoke",
        "jwks_uri": base + "/op/v1/jwks",
        "response_types_supported": ["code"], "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "scopes_supported": sorted(KNOWN_SCOPES),
        "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
        "claims_supported": ["aud", "exp", "iat", "iss", "realmid", "sub"]})


@bp.get("/op/v1/jwks")
def jwks_endpoint() -> Response:
    return json_response(jwks())


# ---------------------------------------------------------------- authorize (HTML) ----

def _redirect_error(redirect_uri: str, error: str, state: str) -> BaseResponse:
    sep = "&" if "?" in redirect_uri else "?"
    return redirect(f"{redirect_uri}{sep}{urlencode({'error': error, 'state': state})}", 302)


def _check_client(params: dict[str, str]) -> AppClient | Response:
    """The app, or for an unknown client or unregistered redirect URI an error page, never a
    redirect (RFC 6749)."""
    client = _state().apps.get(params.get("client_id", ""))
    if client is None:
        return Response(authpage.error_page("Unknown client_id."), 400, mimetype="text/html")
    if params.get("redirect_uri") not in client.redirect_uris:
        return Response(authpage.error_page("The redirect_uri is not registered for this "
                                            "app."), 400, mimetype="text/html")
    return client


@bp.get(AUTHORIZE)
def authorize() -> BaseResponse:
    params = {k: request.args.get(k, "") for k in OAUTH_PARAMS}
    client = _check_client(params)
    if isinstance(client, Response):
        return client
    if params["response_type"] != "code":
        return _redirect_error(params["redirect_uri"], "unsupported_response_type",
                               params["state"])
    scopes = params["scope"].split()
    if not scopes or any(s not in KNOWN_SCOPES for s in scopes):
        return _redirect_error(params["redirect_uri"], "invalid_scope", params["state"])
    if not params["state"]:
        return _redirect_error(params["redirect_uri"], "invalid_request", "")
    return Response(authpage.sign_in_page(AUTHORIZE + "/signin", client.name, params),
                    mimetype="text/html")


@bp.post(AUTHORIZE + "/signin")
def sign_in() -> BaseResponse:
    params = {k: request.form.get(k, "") for k in OAUTH_PARAMS}
    client = _check_client(params)
    if isinstance(client, Response):
        return client
    if request.form.get("action") == "cancel":
        return _redirect_error(params["redirect_uri"], "access_denied", params["state"])
    state = _state()
    email = request.form.get("email", "").strip().lower()
    user = state.users.get(email)
    if user is None or not secrets.compare_digest(user.password, request.form.get("password", "")):
        page = authpage.sign_in_page(AUTHORIZE + "/signin", client.name, params, email,
                                     "Incorrect email or password.")
        return Response(page, 401, mimetype="text/html")
    companies = [(r, state.companies[r].name) for r in user.realm_ids if r in state.companies]
    if not companies:
        return Response(authpage.error_page("This user has no QuickBooks company."), 403,
                        mimetype="text/html")
    ticket = secrets.token_urlsafe(24)
    with state.lock:
        state.login_tickets[ticket] = LoginTicket(params, email, state.now() + TICKET_TTL)
    return Response(authpage.consent_page(AUTHORIZE + "/consent", client.name, ticket,
                                          companies), mimetype="text/html")


@bp.post(AUTHORIZE + "/consent")
def consent() -> BaseResponse:
    state = _state()
    ticket_id = request.form.get("ticket", "")
    with state.lock:
        ticket = state.login_tickets.get(ticket_id)
    if ticket is None or state.now() > ticket.expires_at:
        return Response(authpage.error_page("Your sign-in has expired. Start again."), 400,
                        mimetype="text/html")
    asked = ticket.params
    client = state.apps[asked["client_id"]]
    if request.form.get("action") == "cancel":
        state.login_tickets.pop(ticket_id, None)
        return _redirect_error(asked["redirect_uri"], "access_denied", asked["state"])
    user = state.users[ticket.email]
    realm = request.form.get("realm_id", "")
    if realm not in user.realm_ids or realm not in state.companies:
        companies = [(r, state.companies[r].name) for r in user.realm_ids
                     if r in state.companies]
        page = authpage.consent_page(AUTHORIZE + "/consent", client.name, ticket_id, companies,
                                     "Choose one of your companies.")
        return Response(page, 400, mimetype="text/html")
    state.login_tickets.pop(ticket_id, None)
    code = issue_code(state, client, asked["redirect_uri"], user.email, realm,
                      asked["scope"].split())
    sep = "&" if "?" in asked["redirect_uri"] else "?"
    query = urlencode({"code": code, "state": asked["state"], "realmId": realm})
    return redirect(f"{asked['redirect_uri']}{sep}{query}", 302)


# ---------------------------------------------------------------- token endpoints ----

def _oauth_error(err: OAuthError) -> Response:
    body = {"error": err.error}
    if err.description:
        body["error_description"] = err.description
    headers = {"WWW-Authenticate": 'Basic realm="Intuit"'} if err.status == 401 else None
    return json_response(body, err.status, headers)


def _client_from_basic() -> AppClient:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Basic "):
        if request.form.get("client_id"):
            return _authenticate(request.form["client_id"], request.form.get("client_secret", ""))
        raise OAuthError("invalid_client", 401)
    try:
        client_id, _, secret = base64.b64decode(header[6:]).decode().partition(":")
    except Exception as exc:  # any garbage is an invalid client
        raise OAuthError("invalid_client", 401) from exc
    return _authenticate(client_id, secret)


def _authenticate(client_id: str, secret: str) -> AppClient:
    client = _state().apps.get(client_id)
    if client is None or not secrets.compare_digest(client.client_secret, secret):
        raise OAuthError("invalid_client", 401)
    return client


@bp.post("/oauth2/v1/tokens/bearer")
def token() -> Response:
    try:
        client = _client_from_basic()
        grant_type = request.form.get("grant_type", "")
        if grant_type == "authorization_code":
            code, uri = request.form.get("code"), request.form.get("redirect_uri")
            if not code or not uri:
                raise OAuthError("invalid_request")
            body = exchange_code(_state(), client, code, uri, issuer())
        elif grant_type == "refresh_token":
            if not request.form.get("refresh_token"):
                raise OAuthError("invalid_request")
            body = refresh(_state(), client, request.form["refresh_token"], issuer())
        elif not grant_type:
            raise OAuthError("invalid_request")
        else:
            raise OAuthError("unsupported_grant_type")
    except OAuthError as err:
        return _oauth_error(err)
    return json_response(body, headers={"Cache-Control": "no-store", "Pragma": "no-cache"})


@bp.post("/v2/oauth2/tokens/revoke")
def revoke_endpoint() -> Response:
    try:
        client = _client_from_basic()
        payload = request.get_json(silent=True) or {}
        if not payload and request.form:
            payload = request.form.to_dict()
        if not payload.get("token"):
            raise OAuthError("invalid_request")
        revoke(_state(), client, payload["token"])
    except OAuthError as err:
        return _oauth_error(err)
    return Response(b"", 200)


@bp.get("/v1/openid_connect/userinfo")
def userinfo() -> Response:
    header = request.headers.get("Authorization", "")
    grant, why = grant_for_access_token(_state(), header[7:] if header[:7].lower() == "bearer "
                                        else "")
    if grant is None:
        return json_response({"error": "invalid_token", "error_description": why}, 401,
                             {"WWW-Authenticate": 'Bearer error="invalid_token"'})
    if "openid" not in grant.scopes:
        return json_response({"error": "insufficient_scope"}, 403)
    user = _state().users[grant.email]
    body: dict[str, object] = {"sub": user.sub}
    if "email" in grant.scopes:
        body.update({"email": user.email, "emailVerified": True})
    if "profile" in grant.scopes:
        body.update({"givenName": user.given_name, "familyName": user.family_name})
    return Response(json.dumps(body), 200, mimetype="application/json")
