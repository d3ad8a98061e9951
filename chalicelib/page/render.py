"""The page's HTML and static files: templates filled with escaped values, assets with ETags.

No template engine: small `string.Template` files keep the deployed bundle free of another
dependency; a template may open with `${head}`, the start of the document head every page shares
(`templates/_head.html`). Every value is HTML-escaped; the page's data travels as a JSON block
that scripts read (never execute), so the Content-Security-Policy can forbid inline script entirely.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from functools import cache
from html import escape
from pathlib import Path
from string import Template
from typing import Any

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"
CONTENT_TYPES = {".js": "application/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
# A chalice Response's headers: a name maps to one value, or to several (sent as repeated headers).
Headers = dict[str, str | list[str]]
HTML_HEADERS: Headers = {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Security-Policy": CSP,
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}


@cache
def static_file(name: str) -> tuple[bytes, str, str] | None:
    """(content, content type, version) of a shipped asset, or None for anything else."""
    if name not in {p.name for p in STATIC.iterdir()} or Path(name).suffix not in CONTENT_TYPES:
        return None
    content = (STATIC / name).read_bytes()
    return content, CONTENT_TYPES[Path(name).suffix], hashlib.sha256(content).hexdigest()[:16]


def version(name: str) -> str:
    found = static_file(name)
    if found is None:
        raise KeyError(name)
    return found[2]


@cache
def _template(name: str) -> Template:
    return Template((TEMPLATES / name).read_text(encoding="utf-8"))


def json_block(data: Mapping[str, Any]) -> str:
    """JSON safe inside <script type="application/json">: no `<`, `>` or `&` can close it."""
    text = json.dumps(data, separators=(",", ":"), sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@cache
def _head() -> str:
    """The start of every page's <head> (doctype, charset, viewport, no favicon request)."""
    return (TEMPLATES / "_head.html").read_text(encoding="utf-8").rstrip("\n")


def render(name: str, *, raw: Mapping[str, str] | None = None, **values: str) -> str:
    """Fill template `name`; `values` are escaped, `raw` values are inserted as they are."""
    escaped = {key: escape(value, quote=True) for key, value in values.items()}
    return _template(name).substitute({"head": _head(), **escaped, **(raw or {})})
