"""Control API under ``/_sandbox`` (JSON): set the sandbox up and look inside it.

Not part of Intuit's surface; tests and the demo use it to create apps, users and companies,
move the clock, inject faults, lower limits, read call counters, list documents and balances.
"""
from __future__ import annotations

import functools
import secrets
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from flask import Blueprint, Response, current_app, request

from . import company as company_mod
from . import injection, limits
from .accounting.ledger import balances, money_str
from .faults import json_response
from .oauth_tokens import disconnect_realm
from .store import AppClient, Company, SandboxState, User

bp = Blueprint("control", __name__, url_prefix="/_sandbox")


def _state() -> SandboxState:
    return current_app.config["SANDBOX_STATE"]


def _json() -> dict[str, Any]:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


def _bad(message: str, status: int = 400) -> Response:
    return json_response({"error": "invalid" if status == 400 else "not_found",
                          "message": message}, status)


def _company(realm: str) -> Company | None:
    return _state().companies.get(realm)


def _of_company(view: Callable[[Company], Response]) -> Callable[[str], Response]:
    """Every `/companies/<realm>/…` view answers an unknown realm with the same 404, so the
    look-up is done once here and the view is handed the company."""

    @functools.wraps(view)
    def with_company(realm: str) -> Response:
        c = _company(realm)
        return view(c) if c is not None else _bad("no such company", 404)

    return with_company


def _date(value: Any) -> date | None:
    return date.fromisoformat(str(value)) if value else None


def _closed_code(value: Any) -> str:
    if str(value) not in ("5010", "6210"):
        raise ValueError("closed_period_code must be 5010 or 6210")
    return str(value)


def describe_company(c: Company) -> dict[str, Any]:
    return {"realm_id": c.realm_id, "name": c.name, "plan": c.plan,
            "offering_sku": company_mod.PLANS[c.plan]["sku"],
            "fiscal_year_start_month": c.fiscal_year_start_month,
            "book_close_date": c.book_close_date.isoformat() if c.book_close_date else None,
            "class_tracking": c.class_tracking, "track_departments": c.track_departments,
            "warn_duplicate_journal_number": c.warn_duplicate_journal_number,
            "closed_period_code": c.closed_period_code,
            "limits": limits.describe(c.limits)}


@bp.post("/reset")
def reset() -> Response:
    _state().reset()
    _state().clock.reset()
    return json_response({"reset": True})


@bp.post("/apps")
def create_app_client() -> Response:
    body = _json()
    uris = body.get("redirect_uris") or []
    if not uris or not all(isinstance(u, str) for u in uris):
        return _bad("redirect_uris must be a non-empty list of URLs")
    rotation = body.get("refresh_rotation", "every_refresh")
    if rotation not in ("every_refresh", "every_24h"):
        return _bad("refresh_rotation must be every_refresh or every_24h")
    app = AppClient(body.get("client_id") or "AB" + secrets.token_hex(20),
                    body.get("client_secret") or secrets.token_urlsafe(30), list(uris),
                    body.get("name", "Sandbox app"), rotation)
    with _state().lock:
        _state().apps[app.client_id] = app
    return json_response(vars(app), 201)


@bp.post("/users")
def create_user() -> Response:
    body = _json()
    if not body.get("email") or not body.get("password"):
        return _bad("email and password are required")
    realms = [str(r) for r in body.get("companies", [])]
    missing = [r for r in realms if r not in _state().companies]
    if missing:
        return _bad(f"unknown companies {missing}")
    user = User(body["email"].strip().lower(), body["password"], realms,
                body.get("given_name", "Sandbox"), body.get("family_name", "User"),
                secrets.token_hex(16))
    with _state().lock:
        _state().users[user.email] = user
    return json_response({"email": user.email, "companies": realms, "sub": user.sub}, 201)


@bp.post("/companies")
def create_company() -> Response:
    body = _json()
    try:
        c = company_mod.create_company(
            _state(), name=body.get("name") or "Sandbox Company", plan=body.get("plan", "Plus"),
            fiscal_year_start_month=body.get("fiscal_year_start_month", 1),
            book_close_date=_date(body.get("book_close_date")),
            class_tracking=body.get("class_tracking", "none"),
            track_departments=bool(body.get("track_departments", False)),
            realm_id=body.get("realm_id"))
        if body.get("limits"):
            limits.update(c.limits, body["limits"])
        c.warn_duplicate_journal_number = bool(body.get("warn_duplicate_journal_number", True))
        c.closed_period_code = _closed_code(body.get("closed_period_code", "5010"))
    except (ValueError, TypeError) as exc:
        return _bad(str(exc))
    return json_response(describe_company(c), 201)


@bp.get("/companies/<realm>")
@_of_company
def get_company(c: Company) -> Response:
    return json_response(describe_company(c))


@bp.patch("/companies/<realm>")
@_of_company
def update_company(c: Company) -> Response:
    body = _json()
    try:
        plan = company_mod.normalise_plan(body.get("plan", c.plan))
        tracking = body.get("class_tracking", c.class_tracking)
        departments = bool(body.get("track_departments", c.track_departments))
        company_mod.check_settings(plan, tracking, departments)
        with _state().lock:
            c.plan, c.class_tracking, c.track_departments = plan, tracking, departments
            if "book_close_date" in body:
                c.book_close_date = _date(body["book_close_date"])
            if "name" in body:
                c.name = str(body["name"])
            if "fiscal_year_start_month" in body:
                c.fiscal_year_start_month = int(body["fiscal_year_start_month"])
            if "warn_duplicate_journal_number" in body:
                c.warn_duplicate_journal_number = bool(body["warn_duplicate_journal_number"])
            if "closed_period_code" in body:
                c.closed_period_code = _closed_code(body["closed_period_code"])
    except (ValueError, TypeError) as exc:
        return _bad(str(exc))
    return json_response(describe_company(c))


@bp.route("/companies/<realm>/limits", methods=["GET", "PUT", "PATCH"])
@_of_company
def company_limits(c: Company) -> Response:
    if request.method != "GET":
        try:
            with _state().lock:
                limits.update(c.limits, _json())
        except (ValueError, TypeError) as exc:
            return _bad(str(exc))
    return json_response(limits.describe(c.limits))


@bp.post("/companies/<realm>/disconnect")
def disconnect(realm: str) -> Response:
    return json_response({"revoked_grants": disconnect_realm(_state(), realm)})


@bp.get("/companies/<realm>/counters")
@_of_company
def counters(c: Company) -> Response:
    with _state().lock:
        return json_response(c.counters.as_dict(c.in_flight))


@bp.post("/companies/<realm>/counters/reset")
@_of_company
def reset_counters(c: Company) -> Response:
    with _state().lock:
        c.counters = type(c.counters)()
    return json_response(c.counters.as_dict(c.in_flight))


@bp.get("/companies/<realm>/documents")
@_of_company
def documents(c: Company) -> Response:
    wanted = request.args.get("entity")
    with _state().lock:
        body = {name: sorted(table.values(), key=lambda d: int(d["Id"]))
                for name, table in c.docs.items() if not wanted or name == wanted}
    return json_response(body)


@bp.get("/companies/<realm>/balances")
@_of_company
def account_balances(c: Company) -> Response:
    try:
        as_of = _date(request.args.get("as_of")) or _state().clock.now().date()
    except ValueError:
        return _bad("as_of must be YYYY-MM-DD")
    with _state().lock:
        amounts = balances(c, as_of)
        rows = [{"id": a["Id"], "name": a["Name"], "account_type": a["AccountType"],
                 "account_sub_type": a["AccountSubType"], "classification": a["Classification"],
                 "balance": money_str(amounts.get(a["Id"], Decimal(0)))}
                for a in sorted(c.table("Account").values(), key=lambda d: int(d["Id"]))]
    return json_response({"realm_id": c.realm_id, "as_of": as_of.isoformat(),
                          "sign": "debit-positive", "accounts": rows})


@bp.route("/clock", methods=["GET", "POST"])
def clock() -> Response:
    clk, body = _state().clock, _json()
    try:
        if "freeze" in body:
            clk.freeze(bool(body["freeze"]))
        if "set" in body:
            when = datetime.fromisoformat(str(body["set"]).replace("Z", "+00:00"))
            clk.set(when if when.tzinfo else when.replace(tzinfo=UTC))
        if "advance_seconds" in body:
            clk.advance(float(body["advance_seconds"]))
        if "advance_days" in body:
            clk.advance(timedelta(days=float(body["advance_days"])).total_seconds())
    except (ValueError, TypeError) as exc:
        return _bad(str(exc))
    return json_response(clk.describe())


@bp.route("/faults", methods=["GET", "POST", "DELETE"])
def fault_rules() -> Response:
    if request.method == "POST":
        try:
            return json_response(injection.add_rule(_state(), _json()), 201)
        except (ValueError, TypeError) as exc:
            return _bad(str(exc))
    if request.method == "DELETE":
        injection.clear(_state())
    return json_response({"faults": injection.listing(_state())})
