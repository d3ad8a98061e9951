"""`classbooks support` prints times as people read them, and says so when there is nothing."""
from __future__ import annotations

import argparse
import io
from typing import Any

from chalicelib.cli.support import local, register, run


def _args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    return parser.parse_args(["support", *argv, "--token", "t"])


def _run(answer: dict[str, Any], *argv: str) -> str:
    out = io.StringIO()
    assert run(_args(*argv), fetch=lambda path, params: (200, answer), out=out) == 0
    return out.getvalue()


def test_an_instant_reads_in_the_studios_zone_without_microseconds() -> None:
    assert local("2026-11-25T23:05:12.123456Z", "America/Chicago") == "Nov 25, 2026, 5:05 PM CST"


def test_a_studio_without_a_zone_reads_in_utc_and_says_so() -> None:
    assert local("2026-11-25T23:05:12Z", None) == "Nov 25, 2026, 11:05 PM UTC"


def test_an_empty_list_says_no_tenant_matches_and_what_was_asked() -> None:
    assert _run({"tenants": [], "next": None}, "list", "--status", "failing") == "no tenants match (status failing)\n"


def test_the_list_shows_last_and_next_runs_in_each_studios_zone() -> None:
    row = {"tenant_id": "s1", "status": "healthy", "plan": "QuickBooks Online Plus", "timezone": "America/Chicago",
           "schedule": "daily", "last_run": {"trigger": "daily", "status": "succeeded", "at": "2026-11-26T05:31:04.5Z"},
           "next_run_at": "2026-11-27T05:31:00Z"}
    out = _run({"tenants": [row], "next": None}, "list")
    assert "daily succeeded Nov 25, 2026, 11:31 PM CST" in out and "Nov 26, 2026, 11:31 PM CST" in out
    assert ".5Z" not in out and "T05:31" not in out


def test_an_empty_audit_trail_says_so() -> None:
    assert _run({"events": []}, "audit", "s1") == "no audit events for s1\n"
