"""What Intuit can answer, as typed errors that never carry a token or a response body.

intuit-oauth's `AuthClientError` and python-quickbooks' exceptions embed the raw response (a
token endpoint's body holds tokens); the adapters translate them into these, `from None`, so
neither the message nor the traceback chain can leak a secret into logs or API errors.

One family for every QuickBooks call, whoever makes it (connect, setup's reads, the sync, the
mapping, a correction): `NeedsReauthorization` when the grant is gone and `IntuitUnavailable`
when Intuit did not answer. Both are also the sync's `SyncError`s, so a run that meets one
still records what it posted before (`posted`), and the API answers them as 409 and 502.
"""
from __future__ import annotations

from chalicelib.errors import ClassbooksError, Conflict
from chalicelib.sync.ports import SyncError


class IntuitError(ClassbooksError):
    """Intuit refused a call; `code` is Intuit's error code (e.g. `invalid_client`)."""

    status, code = 502, "intuit_error"


class InvalidGrant(IntuitError):
    """`invalid_grant`: the code or refresh token is used, expired or revoked."""

    status, code = 409, "invalid_grant"


class IntuitUnavailable(IntuitError, SyncError):
    """Intuit could not be reached, timed out, throttled or answered with a server error past the
    retries; nothing was changed. A sync run meeting it is retried later."""

    status, code = 502, "intuit_unavailable"


class NeedsReauthorization(Conflict, SyncError):
    """The tenant's grant is gone (`invalid_grant`, a revoked grant, a 401 after a refresh, a 403):
    syncs stop until an admin reconnects."""

    code = "needs_reauth"


class NotConnected(Conflict):
    code = "not_connected"


class QuickBooksApiError(IntuitError):
    """The Accounting API refused a read (fault code and message only, never the body)."""

    code = "quickbooks_error"
