"""What Intuit can answer, as typed errors that never carry a token or a response body.

intuit-oauth's `AuthClientError` and python-quickbooks' exceptions embed the raw response (a
token endpoint's body holds tokens); the adapters translate them into these, `from None`, so
neither the message nor the traceback chain can leak a secret into logs or API errors.
"""
from __future__ import annotations

from chalicelib.errors import ClassbooksError, Conflict


class IntuitError(ClassbooksError):
    """Intuit refused a call; `code` is Intuit's error code (e.g. `invalid_client`)."""

    status, code = 502, "intuit_error"


class InvalidGrant(IntuitError):
    """`invalid_grant`: the code or refresh token is used, expired or revoked."""

    status, code = 409, "invalid_grant"


class IntuitUnavailable(IntuitError):
    """Intuit could not be reached or answered with a server error; nothing was changed."""

    status, code = 502, "intuit_unavailable"


class NeedsReauthorization(Conflict):
    """The tenant's grant is gone: syncs stop until an admin reconnects."""

    code = "needs_reauth"


class NotConnected(Conflict):
    code = "not_connected"


class QuickBooksApiError(IntuitError):
    """The Accounting API refused a read (fault code and message only, never the body)."""

    code = "quickbooks_error"
