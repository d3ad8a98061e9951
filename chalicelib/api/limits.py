"""What every route refuses before any work: values no key can hold, tokens we did not issue.

DynamoDB refuses a partition key over 2048 bytes and a sort key over 1024 (a ValidationException,
which would surface as a 500); ids are far shorter in practice, so path values are capped at
`MAX_PATH_BYTES` and must be printable. A `next=` page token must be exactly the shape the tasks
page hands out, for the tenant in the path: a crafted one is a 400, never a query DynamoDB refuses.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

from chalicelib.errors import InvalidRequest

MAX_PATH_BYTES = 200
MAX_TOKEN_CHARS = 2048


def printable(value: str) -> bool:
    return not any(unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") for ch in value)


def check_path_values(values: Mapping[str, Any]) -> None:
    """Refuse (400) path values too long for a key, or holding control characters."""
    for name, value in values.items():
        if isinstance(value, str) and (len(value.encode("utf-8", "surrogatepass")) > MAX_PATH_BYTES
                                       or not value or not printable(value)):
            raise InvalidRequest(f"{name} must be 1 to {MAX_PATH_BYTES} bytes of printable text",
                                 [{"field": name, "message": "not a valid id"}])


def check_task_token(key: Any, tenant_id: str) -> None:
    """A decoded tasks `next` token must name this tenant and one task id, as the page issued it."""
    ok = (isinstance(key, dict) and set(key) == {"tenant_id", "task_id"}
          and key["tenant_id"] == {"S": tenant_id}
          and isinstance(key["task_id"], dict) and set(key["task_id"]) == {"S"}
          and isinstance(key["task_id"]["S"], str) and 0 < len(key["task_id"]["S"].encode()) <= MAX_PATH_BYTES)
    if not ok:
        raise ValueError("the page token is not valid")
