"""What every Accounting API call goes through before and after its handler.

Order: count the call and check concurrency → injected faults (status/hang) → bearer token
(401 AuthenticationFailed / 403 AuthorizationFailed) → per-realm rate windows (429) →
requestid replay → handler under the state lock (writes queue webhook events) → injected
'drop' → leave.
"""
from __future__ import annotations

import socket
import time
from collections.abc import Callable
from typing import Any

from flask import Response, current_app, request

from .. import faults, injection, limits
from ..oauth_tokens import grant_for_access_token
from ..store import Company, SandboxState
from ..webhooks.capture import capture

Handler = Callable[[Company], tuple[int, Any]]
MAX_REQUEST_ID = 50
MAX_BATCH_REQUEST_ID = 36


def state() -> SandboxState:
    return current_app.config["SANDBOX_STATE"]


def drop_connection() -> Response:
    """Close the socket under the response so the client sees no answer at all."""
    sock = request.environ.get("werkzeug.socket")
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
    return Response(b"", 500)


def dropped_response(rule: dict[str, Any]) -> Response:
    if rule["mode"] == "close":
        return drop_connection()
    return faults.json_response(faults.system_error(500).body(), 500)


def _auth(realm: str) -> Response | None:
    header = request.headers.get("Authorization", "")
    if header[:7].lower() != "bearer ":
        return faults.authentication_failed("Authorization header missing or not Bearer")
    grant, why = grant_for_access_token(state(), header[7:].strip())
    if grant is None:
        return faults.authentication_failed(why)
    if grant.realm_id != realm or "com.intuit.quickbooks.accounting" not in grant.scopes:
        return faults.authorization_failed()
    return None


def _request_id(batch: bool) -> str | None:
    rid = request.args.get("requestid")
    if rid is None:
        return None
    limit = MAX_BATCH_REQUEST_ID if batch else MAX_REQUEST_ID
    if len(rid) > limit or not rid:
        raise faults.business_rule(f"You cannot enter more than {limit} characters in the "
                                   f"request_id field. You tried entering {rid[:10]}..., which "
                                   f"is {len(rid)} characters.", "requestid")
    return rid


def serve(realm: str, handler: Handler, *, write: bool = False, batch: bool = False) -> Response:
    st = state()
    with st.lock:
        company = st.companies.get(realm)
        entered = False
        if company is not None:
            company.counters.requests += 1
            if not limits.enter(company):
                company.counters.throttled += 1
                return faults.throttled(company.limits.throttle_format, "concurrent")
            entered = True
    try:
        return _guarded(st, realm, company, handler, write, batch)
    finally:
        if entered and company is not None:
            with st.lock:
                limits.leave(company)


def _guarded(st: SandboxState, realm: str, company: Company | None, handler: Handler,
             write: bool, batch: bool) -> Response:
    rule = injection.take(st, realm, request.path, request.method, ("status", "hang"))
    if rule and rule["kind"] == "status":
        if rule["status"] == 429:
            return faults.throttled(company.limits.throttle_format if company else "json",
                                    "injected")
        return faults.json_response(faults.system_error(rule["status"]).body(), rule["status"])
    if rule and rule["kind"] == "hang":
        time.sleep(rule["seconds"])
    denied = _auth(realm)
    if denied is not None or company is None:
        return denied or faults.authorization_failed()
    try:
        rid = _request_id(batch) if write else None
    except faults.QBOError as err:
        return faults.json_response(err.body(), err.status)
    with st.lock:
        reason = limits.admit(company, st.now(), batch)
        if reason:
            company.counters.throttled += 1
            return faults.throttled(company.limits.throttle_format, reason)
        if rid is not None and rid in company.idempotency:
            status, body = company.idempotency[rid]
            company.counters.add("replay", "write")
            return faults.json_response(body, status)
        try:
            status, body = handler(company)
        except faults.QBOError as err:
            status, body = err.status, err.body()
        if write:
            capture(st, company)
        if rid is not None:
            company.idempotency[rid] = (status, body)
    drop = injection.take(st, realm, request.path, request.method, ("drop",))
    if drop:
        return dropped_response(drop)
    return faults.json_response(body, status)
