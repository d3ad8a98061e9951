"""What the CLIs share of talking to the Classbooks API: a bearer session and a JSON answer.

Both `import-csv` and `support` send a JWT and read JSON back, and both must keep the token out
of anything they print: it goes only into the session's header, and a failed connection is
reported through the caller's own exception (built from the `requests` error, never the token).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import requests

Answer = tuple[int, dict[str, Any]]


def bearer_session(token: str, **headers: str) -> requests.Session:
    """A session that sends `Authorization: Bearer <token>` (and `headers`) on every request."""
    session = requests.Session()
    session.headers.update({"Authorization": f"Bearer {token}", **headers})
    return session


def call(session: requests.Session, method: str, url: str, *, timeout: float,
         unreachable: Callable[[requests.RequestException], Exception], **kwargs: Any) -> Answer:
    """(status, JSON body) of one request; a body that is not JSON comes back as its first 200
    characters under "message"; a request that fails raises `unreachable(error)` (chain cut)."""
    try:
        response = session.request(method, url, timeout=timeout, **kwargs)
    except requests.RequestException as exc:
        raise unreachable(exc) from None
    try:
        return response.status_code, response.json()
    except ValueError:
        return response.status_code, {"message": response.text[:200]}
