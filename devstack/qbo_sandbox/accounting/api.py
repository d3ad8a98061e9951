"""Routes of the Accounting API v3 under ``/v3/company/<realmId>/``.

Each route only parses the request and picks a handler; the gateway applies auth, limits,
faults and idempotency; entities/query/batch/cdc/reports do the work.
"""
from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from flask import Blueprint, Response, request

from .. import faults
from ..store import Company
from . import balance_sheet, batch, cdc, docnumbers, entities, general_ledger, query, reports
from .gateway import serve, state

REPORTS = {"TrialBalance": reports.trial_balance, "BalanceSheet": balance_sheet.balance_sheet,
           "GeneralLedger": general_ledger.general_ledger}
bp = Blueprint("accounting", __name__, url_prefix="/v3/company/<realm>")


def _today() -> date:
    return datetime.fromtimestamp(state().now(), tz=UTC).date()


def _spec(path: str) -> entities.EntitySpec:
    spec = entities.BY_PATH.get(path.lower())
    if spec is None:
        raise faults.QBOError("610", "Object Not Found",
                              f"Unsupported or unknown entity '{path}' for this sandbox")
    return spec


def _body(spec_name: str) -> dict[str, Any]:
    try:
        body = json.loads(request.get_data(as_text=True) or "{}")
    except ValueError as exc:
        raise faults.malformed(f"Request body is not valid JSON: {exc}") from exc
    if not isinstance(body, dict):
        raise faults.malformed("Request body must be a JSON object")
    if set(body) == {spec_name} and isinstance(body[spec_name], dict):
        return body[spec_name]
    return body


def _error(err: faults.QBOError) -> Response:
    return faults.json_response(err.body(), err.status)


@bp.get("/<entity>/<obj_id>")
def read(realm: str, entity: str, obj_id: str) -> Response:
    try:
        spec = _spec(entity)
    except faults.QBOError as err:
        return _error(err)

    def handler(company: Company) -> tuple[int, Any]:
        company.counters.add("read", "read")
        return 200, {spec.name: entities.read(company, spec, obj_id), "time": faults.qbo_time()}
    return serve(realm, handler)


@bp.get("/preferences")
def read_preferences(realm: str) -> Response:
    def handler(company: Company) -> tuple[int, Any]:
        company.counters.add("read", "read")
        return 200, {"Preferences": entities.singleton(company, "Preferences"),
                     "time": faults.qbo_time()}
    return serve(realm, handler)


@bp.post("/<entity>")
def write(realm: str, entity: str) -> Response:
    if entity.lower() == "query":
        return run_query(realm)
    if entity.lower() == "batch":
        return run_batch(realm)
    try:
        spec = _spec(entity)
    except faults.QBOError as err:
        return _error(err)
    operation = request.args.get("operation", "").lower()
    includes = {part.strip() for part in request.args.get("include", "").lower().split(",")}
    allow_dup = docnumbers.allows_duplicates(request.args.get("include"))

    def handler(company: Company) -> tuple[int, Any]:
        body = _body(spec.name)
        now, today = state().now(), _today()
        if operation == "delete":
            kind, doc = "delete", entities.delete(company, spec, body, now)
        elif operation == "void" or "void" in includes:
            kind, doc = "void", entities.void(company, spec, body, now)
        elif body.get("Id"):
            kind, doc = "update", entities.update(company, spec, body, now, today, allow_dup)
        else:
            kind, doc = "create", entities.create(company, spec, body, now, today, allow_dup)
        company.counters.add(kind, "write")
        return 200, {spec.name: doc, "time": faults.qbo_time()}

    def counted(company: Company) -> tuple[int, Any]:
        try:
            return handler(company)
        except faults.QBOError:
            company.counters.add("rejected_write", "write")
            raise
    return serve(realm, counted, write=True)


@bp.get("/query")
def run_query(realm: str) -> Response:
    text = request.args.get("query") if request.method == "GET" else \
        request.get_data(as_text=True)

    def handler(company: Company) -> tuple[int, Any]:
        company.counters.add("query", "read")
        return 200, {"QueryResponse": query.run(company, text or ""), "time": faults.qbo_time()}
    return serve(realm, handler)


def run_batch(realm: str) -> Response:
    def handler(company: Company) -> tuple[int, Any]:
        try:
            body = json.loads(request.get_data(as_text=True) or "{}")
        except ValueError as exc:
            raise faults.malformed(f"Request body is not valid JSON: {exc}") from exc
        return 200, batch.run(company, body, state().now(), _today(),
                              request_id=request.args.get("requestid"))
    return serve(realm, handler, write=True, batch=True)


@bp.get("/cdc")
def change_data_capture(realm: str) -> Response:
    def handler(company: Company) -> tuple[int, Any]:
        company.counters.add("cdc", "read")
        return 200, cdc.run(company, request.args.get("entities"),
                            request.args.get("changedSince"), state().now())
    return serve(realm, handler)


@bp.get("/reports/<name>")
def report(realm: str, name: str) -> Response:
    def handler(company: Company) -> tuple[int, Any]:
        company.counters.add("report", "read")
        build = REPORTS.get(name)
        if build is None:
            raise faults.QBOError("610", "Object Not Found",
                                  f"Report {name} is not available in the sandbox")
        return 200, build(company, request.args.to_dict(), _today())
    return serve(realm, handler)
