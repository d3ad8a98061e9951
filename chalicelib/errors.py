"""Typed errors the services raise; the API maps each type to a status and a JSON body.

`{"error": code, "message": text, "details": [...]}`, per DESIGN.md's contract.
"""
from __future__ import annotations

from typing import Any


class ClassbooksError(Exception):
    """Base: a refusal a person can read. `code` is stable; `message` is plain English."""

    status = 400
    code = "invalid"

    def __init__(self, message: str, details: list[Any] | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []
        if code is not None:
            self.code = code

    def body(self) -> dict[str, Any]:
        return {"error": self.code, "message": self.message, "details": self.details}


class InvalidRequest(ClassbooksError):
    status, code = 400, "invalid"


class Unauthenticated(ClassbooksError):
    status, code = 401, "unauthenticated"


class Forbidden(ClassbooksError):
    status, code = 403, "forbidden"


class NotFound(ClassbooksError):
    status, code = 404, "not_found"


class Conflict(ClassbooksError):
    status, code = 409, "conflict"


class TooManyRequests(ClassbooksError):
    status, code = 429, "too_many_requests"
