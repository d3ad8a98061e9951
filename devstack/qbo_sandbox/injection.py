"""Fault injection: 'the next N matching calls' fail, hang, or commit and then lose the answer.

A rule matches by realm, path substring and method (each optional) and fires ``count`` times.
Kinds: ``status`` (answer 429/500/503 without touching state), ``hang`` (sleep S seconds, then
answer normally), ``drop`` (let the write happen, then answer 500 or close the connection with
no response at all).
"""
from __future__ import annotations

from typing import Any

from .store import SandboxState

KINDS = ("status", "hang", "drop")


def add_rule(state: SandboxState, spec: dict[str, Any]) -> dict[str, Any]:
    kind = spec.get("kind", "status")
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    rule: dict[str, Any] = {
        "kind": kind, "count": int(spec.get("count", 1)),
        "realm_id": spec.get("realm_id"), "path": spec.get("path"),
        "method": (spec.get("method") or "").upper() or None}
    if rule["count"] < 1:
        raise ValueError("count must be >= 1")
    if kind == "status":
        rule["status"] = int(spec.get("status", 503))
        if rule["status"] not in (429, 500, 502, 503, 504):
            raise ValueError("status must be 429, 500, 502, 503 or 504")
    elif kind == "hang":
        rule["seconds"] = float(spec.get("seconds", 1.0))
    else:
        rule["mode"] = spec.get("mode", "500")
        if rule["mode"] not in ("500", "close"):
            raise ValueError("mode must be '500' or 'close'")
    with state.lock:
        rule["id"] = state.next_fault
        state.next_fault += 1
        state.fault_rules.append(rule)
    return dict(rule)


def take(state: SandboxState, realm_id: str | None, path: str, method: str,
         kinds: tuple[str, ...]) -> dict[str, Any] | None:
    """The first live rule of one of ``kinds`` matching this call, spending one of its uses."""
    with state.lock:
        for rule in state.fault_rules:
            if rule["kind"] not in kinds or rule["count"] < 1:
                continue
            if rule["realm_id"] and rule["realm_id"] != realm_id:
                continue
            if rule["path"] and rule["path"] not in path:
                continue
            if rule["method"] and rule["method"] != method:
                continue
            rule["count"] -= 1
            return dict(rule)
    return None


def listing(state: SandboxState) -> list[dict[str, Any]]:
    with state.lock:
        return [dict(r) for r in state.fault_rules if r["count"] > 0]


def clear(state: SandboxState) -> None:
    with state.lock:
        state.fault_rules.clear()
