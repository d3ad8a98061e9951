"""Opaque page tokens: a DynamoDB key as URL-safe base64 JSON, checked on the way back in.

The token holds only key attributes (tenant ids, audit sort keys), never anything secret; a
token that does not decode to exactly the expected key names, each a non-empty string no longer
than a DynamoDB sort key may be, is refused as invalid (a 400, never a start key DynamoDB refuses).
"""
from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping, Sequence
from typing import Any

from chalicelib.errors import InvalidRequest

BAD_TOKEN = "next must be the token from a previous page"
MAX_KEY_BYTES = 1024  # DynamoDB's limit for a sort key (an index's tenant_id): longer is no key we issued


def encode(key: Mapping[str, Any] | None) -> str | None:
    if not key:
        return None
    plain = {name: value["S"] for name, value in key.items()}
    return base64.urlsafe_b64encode(json.dumps(plain, sort_keys=True).encode()).decode().rstrip("=")


def decode(token: str | None, names: Sequence[str]) -> dict[str, Any] | None:
    """The `last_evaluated_key` a token stands for (None for the first page)."""
    if not token:
        return None
    try:
        plain = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (ValueError, binascii.Error):
        raise InvalidRequest(BAD_TOKEN, code="invalid_page_token") from None
    if not isinstance(plain, dict) or sorted(plain) != sorted(names) or not all(
            isinstance(v, str) and 0 < len(v.encode("utf-8", "surrogatepass")) <= MAX_KEY_BYTES
            for v in plain.values()):
        raise InvalidRequest(BAD_TOKEN, code="invalid_page_token")
    return {name: {"S": value} for name, value in plain.items()}


def page_size(raw: str | None, default: int, most: int) -> int:
    try:
        size = int(raw) if raw not in (None, "") else default
    except ValueError:
        raise InvalidRequest(f"limit must be a whole number from 1 to {most}") from None
    if not 1 <= size <= most:
        raise InvalidRequest(f"limit must be a whole number from 1 to {most}")
    return size
