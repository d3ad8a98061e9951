"""QBO's JSON on the wire: Decimal amounts as exact JSON numbers, faults as typed errors.

python-quickbooks' encoder writes Decimals as JSON *strings*; QBO documents amounts as numbers,
and going through float could round. So amounts are written as the Decimal's own digits.
"""
from __future__ import annotations

import hashlib
import json
import re
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

_MARK = "\x00dec:"
_MARKED = re.compile(r'"\\u0000dec:(-?[0-9]+(?:\.[0-9]+)?)"')


def _mark(value: Any) -> Any:
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"amount {value} is not a finite number")
        return _MARK + format(value, "f")
    if isinstance(value, dict):
        return {k: _mark(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_mark(v) for v in value]
    return value


def dumps(body: Any) -> str:
    """JSON text for a request body; every Decimal becomes a number with exactly its digits."""
    return _MARKED.sub(r"\1", json.dumps(_mark(body), separators=(",", ":")))


def loads(text: str) -> Any:
    """Parse a response; amounts come back as Decimal, never float."""
    return json.loads(text, parse_float=Decimal)


def request_id(*parts: str) -> str:
    """A deterministic requestid: 36 characters, the most QBO accepts on a batch call."""
    return str(uuid.UUID(bytes=hashlib.sha256("\x1f".join(parts).encode()).digest()[:16]))


def quote(value: str) -> str:
    """A string literal for QBO's query language (backslash-escaped, single-quoted)."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


@dataclass(frozen=True)
class Fault:
    """One QBO fault: `code` is Intuit's error code ("6140"), the rest is for people."""

    code: str
    message: str
    detail: str = ""
    element: str = ""
    status: int = 400

    def plain(self) -> str:
        """QBO's own words, without repeating the message when the detail already says it."""
        detail = self.detail.strip()
        if not detail:
            return self.message
        if detail.startswith(self.message):
            return detail
        return f"{self.message}: {detail}"


def faults_in(body: Any, status: int = 400) -> list[Fault]:
    """Faults of a response or batch item (`Fault.Error[]`, or the gateway's `fault.error[]`)."""
    if not isinstance(body, dict):
        return []
    envelope = body.get("Fault") or body.get("fault")
    if not isinstance(envelope, dict):
        return []
    errors = envelope.get("Error") or envelope.get("error") or []
    out = []
    for error in errors if isinstance(errors, list) else []:
        if isinstance(error, dict):
            out.append(Fault(str(error.get("code") or ""),
                             str(error.get("Message") or error.get("message") or ""),
                             str(error.get("Detail") or error.get("detail") or ""),
                             str(error.get("element") or ""), status))
    return out or [Fault("", "QuickBooks answered with an empty fault", "", "", status)]


class QboFault(Exception):
    """A validation or business fault QBO answered with (HTTP 4xx, or inside a batch item)."""

    def __init__(self, faults: list[Fault]) -> None:
        self.faults = faults
        super().__init__("; ".join(f.plain() for f in faults))

    @property
    def codes(self) -> set[str]:
        return {f.code for f in self.faults}

    def plain(self) -> str:
        return "; ".join(f.plain() for f in self.faults)
