"""`classbooks support list|show|audit`: support's read-only view, through the HTTP API.

    classbooks support list [--status failing,needs_reauth] [--plan plus] [--timezone America/Chicago] [--all] [--json]
    classbooks support show TENANT [--json]
    classbooks support audit TENANT [--json]
    classbooks support clearing TENANT [--json]

`--api` / `CLASSBOOKS_API_URL` and `--token` / `CLASSBOOKS_TOKEN` (a support JWT). The API audits
every read. Exit status: 0 done, 1 the API refused (its message is printed), 2 no token/unreachable.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, TextIO
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from chalicelib.cli.http import bearer_session, call

Fetch = Callable[[str, dict[str, str]], tuple[int, dict[str, Any]]]


class Unreachable(Exception):
    """The API could not be reached."""


def http_fetch(api: str, token: str, timeout: float = 30.0) -> Fetch:
    """GET `api + path` with the bearer token; the token only ever goes into the header."""
    session = bearer_session(token, Accept="application/json")

    def fetch(path: str, params: dict[str, str]) -> tuple[int, dict[str, Any]]:
        url = f"{api.rstrip('/')}{path}" + (f"?{urlencode(params)}" if params else "")
        return call(session, "GET", url, timeout=timeout,
                    unreachable=lambda exc: Unreachable(f"could not reach {api}: {type(exc).__name__}"))

    return fetch


def local(iso: str | None, tz: str | None) -> str:
    """An API instant as a person reads it, in the studio's zone like the diagnosis lines:
    "Nov 25, 2026, 5:05 PM CST" (UTC when the studio has no zone yet)."""
    if not iso:
        return ""
    try:
        zone: dt.tzinfo = ZoneInfo(tz) if tz else dt.UTC
    except (ZoneInfoNotFoundError, ValueError):
        zone = dt.UTC
    when = dt.datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(zone)
    return f"{when:%b} {when.day}, {when.year}, {when.hour % 12 or 12}:{when:%M %p} {when.tzname()}"


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """Columns padded to their widest cell; empty cells shown as "-"."""
    cells = [[str(c) if c not in (None, "") else "-" for c in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    lines = [headers, ["-" * w for w in widths], *cells]
    padded = ("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=False)).rstrip() for line in lines)
    return "\n".join(padded) + "\n"


def _list(args: argparse.Namespace, fetch: Fetch, out: TextIO) -> int:
    params = {k: v for k, v in (("status", args.status), ("plan", args.plan), ("timezone", args.timezone),
                                ("limit", str(args.limit)), ("next", args.next)) if v}
    rows: list[dict[str, Any]] = []
    while True:
        status, body = fetch("/v1/support/tenants", params)
        if status != 200:
            return _refused(status, body)
        rows += body["tenants"]
        if not (args.all and body.get("next")):
            break
        params["next"] = body["next"]
    if not rows and not args.json:
        asked = ", ".join(f"{k} {v}" for k, v in params.items() if k in ("status", "plan", "timezone"))
        out.write(f"no tenants match{f' ({asked})' if asked else ''}\n")
        return 0
    if args.json:
        out.write(json.dumps({"tenants": rows, "next": body.get("next")}, indent=2) + "\n")
        return 0
    out.write(table(["TENANT", "STATUS", "PLAN", "TIME ZONE", "SCHEDULE", "LAST RUN", "NEXT RUN"], [
        [r["tenant_id"], r["status"], (r.get("plan") or "").removeprefix("QuickBooks Online "), r.get("timezone"),
         r.get("schedule"), _run(r.get("last_run"), r.get("timezone")), local(r.get("next_run_at"), r.get("timezone"))]
        for r in rows]))
    if body.get("next"):
        out.write(f"more: --next {body['next']}  (or --all)\n")
    return 0


def _run(run: dict[str, Any] | None, tz: str | None) -> str:
    return f"{run['trigger']} {run['status']} {local(run['at'], tz)}" if run else ""


def _tenant(args: argparse.Namespace, fetch: Fetch, out: TextIO, tail: str = "") -> dict[str, Any] | int:
    """GET one tenant's resource; the exit status when that is all there is to do (the API refused,
    or `--json` printed the answer as it came), else the body for the caller to lay out."""
    status, body = fetch(f"/v1/support/tenants/{quote(args.tenant, safe='')}{tail}", {})
    if status != 200:
        return _refused(status, body)
    if args.json:
        out.write(json.dumps(body, indent=2) + "\n")
        return 0
    return body


def _show(args: argparse.Namespace, fetch: Fetch, out: TextIO) -> int:
    d = _tenant(args, fetch, out)
    if isinstance(d, int):
        return d
    conn, company, schedule, tz = d["connection"], d["company"], d["schedule"], d.get("timezone")
    facts = [("Tenant", f"{d['tenant_id']} ({d.get('name') or '-'})"), ("Status", d["status"]),
             ("Time zone", d.get("timezone")),
             ("Connection", f"{conn['status']}" + (f", realm {conn['realm_id']}" if conn.get("realm_id") else "")),
             ("Company", company.get("name")), ("Plan", company.get("plan")),
             ("Class tracking", "on" if company.get("class_tracking") else "off"),
             ("Go Live Date", d.get("go_live_date")),
             ("Schedule", schedule.get("schedule")),
             ("Next run", d.get("next_run")),
             ("Last error", (d.get("last_error") or {}).get("message"))]
    width = max(len(k) for k, _ in facts)
    out.write("".join(f"{k.ljust(width)}  {v if v not in (None, '') else '-'}\n" for k, v in facts))
    out.write("\nDiagnosis\n")
    out.write("".join(f"  [{f['severity']}] {f['message']}\n" for f in d["diagnosis"]))
    out.write("\nLast runs\n")
    if not d["last_runs"]:
        out.write("  no runs yet\n")
        return 0
    out.write(table(["TASK", "TRIGGER", "STATUS", "CREATED", "FINISHED", "NOTE"], [
        [r["task_id"], r["trigger"], r["status"], local(r["created_at"], tz), local(r.get("finished_at"), tz),
         r.get("error") or r.get("reason")] for r in d["last_runs"]]))
    return 0


def _audit(args: argparse.Namespace, fetch: Fetch, out: TextIO) -> int:
    body = _tenant(args, fetch, out, "/audit")
    if isinstance(body, int):
        return body
    if not body["events"]:
        out.write(f"no audit events for {args.tenant}\n")
        return 0
    out.write(table(["AT (UTC)", "WHO", "ROLE", "ACTION", "DETAIL"], [
        [local(e["at"], None), e["actor"], e["role"], e["action"], json.dumps(e.get("detail") or {}, sort_keys=True)]
        for e in body["events"]]))
    return 0


def _clearing(args: argparse.Namespace, fetch: Fetch, out: TextIO) -> int:
    from chalicelib.payouts.cli import clearing  # payouts: docs/payouts.md
    return clearing(args, fetch, out, _refused, table)


def _refused(status: int, body: dict[str, Any]) -> int:
    print(f"the API answered {status}: {body.get('message', body)}", file=sys.stderr)
    return 1


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("support", help="support's read-only view of tenants (audited)")
    actions = parser.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", help="tenants, filtered")
    listing.add_argument("--status", help="healthy, never_synced, needs_reauth, failing, skipped_last_night, "
                                          "not_connected, disconnected (comma-separated)")
    listing.add_argument("--plan", help="simple_start, essentials, plus or advanced")
    listing.add_argument("--timezone", help="an IANA time zone, e.g. America/Chicago")
    listing.add_argument("--limit", type=int, default=25, choices=range(1, 101), metavar="1..100")
    listing.add_argument("--next", help="the token printed after the previous page")
    listing.add_argument("--all", action="store_true", help="follow every page")
    listing.set_defaults(handler=_list)
    for name, handler, text in (("show", _show, "one tenant: status, runs and diagnosis"),
                                ("audit", _audit, "one tenant's audit trail"),
                                ("clearing", _clearing, "one tenant's Merchant Settlement clearing report")):
        action = actions.add_parser(name, help=text)
        action.add_argument("tenant")
        action.set_defaults(handler=handler)
    for action in actions.choices.values():
        action.add_argument("--json", action="store_true", help="print the API's JSON")
        action.add_argument("--api", default=os.environ.get("CLASSBOOKS_API_URL", "http://127.0.0.1:8000"),
                            help="base URL of the Classbooks API (CLASSBOOKS_API_URL)")
        action.add_argument("--token", default=os.environ.get("CLASSBOOKS_TOKEN"),
                            help="a support JWT (CLASSBOOKS_TOKEN)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, fetch: Fetch | None = None, out: TextIO | None = None) -> int:
    if fetch is None and not args.token:
        print("a support token is needed: --token or CLASSBOOKS_TOKEN", file=sys.stderr)
        return 2
    try:
        return int(args.handler(args, fetch or http_fetch(args.api, args.token), out or sys.stdout))
    except Unreachable as exc:
        print(str(exc), file=sys.stderr)
        return 2
