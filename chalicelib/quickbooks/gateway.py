"""The one way to the QBO Accounting API: auth, per-realm throttle, timeouts, retries, counters.

Every QuickBooks call goes through `QboGateway`: connect's and setup's company reads, payouts'
reads, the sync's references and posting, the mapping's chart and a correction. Its failures are
the family of `chalicelib/quickbooks/errors.py` (`NeedsReauthorization`, `IntuitUnavailable`) and
`QboFault` for what QBO refused.

HTTP is plain `requests`, not python-quickbooks' transport: that one sets no timeout, cannot send
a `requestid` with a batch, hides the HTTP status (a 429 surfaces as a validation error) and
ignores Retry-After. python-quickbooks stays the object model: `GatewayQuickBooks` is its
`QuickBooks` client with `make_request` sent through a gateway, so its objects (`Account.get`,
`Deposit.count`, `qb.query`, `qb.get_report`) travel the same road.

Writes that fail ambiguously (timeout, dropped connection, 5xx) are not blindly re-sent: the
caller's `reconcile` looks the work up first and `make` rebuilds the request from what is still
missing.
"""
from __future__ import annotations

import random
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import requests
from quickbooks.client import QuickBooks

from chalicelib import observability
from chalicelib.quickbooks.errors import IntuitUnavailable, InvalidGrant, NeedsReauthorization
from chalicelib.quickbooks.throttle import RealmThrottle, RetryPolicy, Sleep, retry_after_seconds, throttle_for
from chalicelib.quickbooks.wire import QboFault, faults_in, loads

DEFAULT_RETRY = RetryPolicy()
SYNC_GIVES_UP = "the sync will be retried later"


@dataclass(frozen=True)
class Credentials:
    access_token: str = field(repr=False)
    realm_id: str


class AccessTokenProvider(Protocol):
    """What the gateway needs from the token vault: a fresh access token and the realm id.

    The connect side's `AccessTokens` satisfies it (refresh-before-expiry inside it);
    `force_refresh=True` is asked once after a 401, in case the token died before its expiry. On
    `invalid_grant` the provider raises `NeedsReauthorization` (a bare `InvalidGrant` from the
    token endpoint means the same to the gateway)."""

    def __call__(self, *, force_refresh: bool = False) -> Credentials:
        """A valid access token for the tenant's realm (refreshed first when forced)."""


@dataclass
class CallCounters:
    """Calls made, as Intuit meters them: reads and queries are metered, writes are free."""

    metered_reads: int = 0
    writes: int = 0
    retries: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, write: bool) -> None:
        if write:
            self.writes += 1
        else:
            self.metered_reads += 1
        self.by_kind[kind] = self.by_kind.get(kind, 0) + 1

    def as_dict(self) -> dict[str, Any]:
        return {"metered_reads": self.metered_reads, "writes": self.writes,
                "retries": self.retries, "by_kind": dict(self.by_kind)}


@dataclass(frozen=True)
class Request:
    kind: str  # what the counters call it: "query", "create", "batch"
    path: str  # under /v3/company/{realm}/
    body: str
    write: bool
    content_type: str = "application/json"
    params: dict[str, str] = field(default_factory=dict)
    batch: bool = False
    method: str = "POST"  # reports are GETs


class _TransientError(Exception):
    def __init__(self, reason: str, ambiguous: bool, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason, self.ambiguous, self.retry_after = reason, ambiguous, retry_after


class _UnauthorisedError(Exception):
    pass


class QboGateway:
    """One tenant's connection to the Accounting API.

    `gives_up` ends the message of the `IntuitUnavailable` raised when the retries run out: what
    happens next for whoever is waiting (the sync: it is retried later)."""

    def __init__(self, tokens: AccessTokenProvider, *, api_base: str, minor_version: int = 75,
                 timeout: tuple[float, float] = (5.0, 60.0), retry: RetryPolicy = DEFAULT_RETRY,
                 throttle: Callable[[str], RealmThrottle] = throttle_for, sleep: Sleep = time.sleep,
                 rand: Callable[[], float] = random.random,
                 session: requests.Session | None = None, gives_up: str = SYNC_GIVES_UP) -> None:
        if minor_version < 75:
            raise ValueError("QBO needs minorversion 75 or later")
        self._tokens, self._base, self._gives_up = tokens, api_base.rstrip("/") + "/", gives_up
        self._minor, self._timeout, self._retry = str(minor_version), timeout, retry
        self._throttle, self._sleep, self._rand = throttle, sleep, rand
        self._session = session or requests.Session()
        self.counters = CallCounters()

    def query(self, text: str) -> dict[str, Any]:
        """Run one query (a metered read); returns the inside of `QueryResponse`."""
        request = Request("query", "query", text, write=False, content_type="application/text")
        return self.send(lambda: request).get("QueryResponse") or {}

    def send(self, make: Callable[[], Request | None],
             reconcile: Callable[[], None] | None = None) -> Any:
        """Send `make()` until it succeeds; None when `make` finds nothing left to send.

        A write that failed ambiguously is followed, after the backoff, by `reconcile()` and a
        fresh `make()`. Gives up with IntuitUnavailable when attempts or budget run out.
        """
        retry, waited, refreshed = 0, 0.0, False
        while True:
            request = make()
            if request is None:
                return None
            try:
                return self._once(request, force_refresh=False)
            except _UnauthorisedError:
                if refreshed:
                    raise NeedsReauthorization("QuickBooks keeps refusing the access token; "
                                               "reconnect QuickBooks to resume syncing") from None
                refreshed = True
                self._credentials(force_refresh=True)
                continue
            except _TransientError as problem:
                if retry + 1 >= self._retry.attempts or waited >= self._retry.budget:
                    raise IntuitUnavailable(
                        f"QuickBooks is not answering ({problem.reason}) after {retry + 1} "
                        f"attempts; {self._gives_up}") from None
                delay = self._retry.delay(retry, problem.retry_after, self._rand)
                self._sleep(delay)
                waited += delay
                retry += 1
                self.counters.retries += 1
                if problem.ambiguous and request.write and reconcile is not None:
                    reconcile()

    def _credentials(self, force_refresh: bool) -> Credentials:
        """The provider's; its NeedsReauthorization and IntuitUnavailable are the family's own and pass
        through. A bare token endpoint refusal (a provider other than AccessTokens) means the same
        as a gone grant here."""
        try:
            return self._tokens(force_refresh=force_refresh)
        except InvalidGrant as error:
            raise NeedsReauthorization(f"The QuickBooks connection needs to be renewed: {error.message}") from None

    def _once(self, request: Request, force_refresh: bool) -> Any:
        creds = self._credentials(force_refresh)
        url = f"{self._base}{creds.realm_id}/{request.path}"
        params = {**request.params, "minorversion": self._minor}
        headers = {"Authorization": f"Bearer {creds.access_token}", "Accept": "application/json",
                   "Content-Type": request.content_type}
        with self._throttle(creds.realm_id).slot(batch=request.batch):
            self.counters.add(request.kind, request.write)
            try:
                if request.method == "POST":
                    response = self._session.post(url, data=request.body.encode(), params=params,
                                                  headers=headers, timeout=self._timeout)
                else:  # a report: GET with its parameters only
                    response = self._session.get(url, params=params, headers=headers, timeout=self._timeout)
            except requests.ConnectTimeout:
                raise _TransientError("connection timed out", ambiguous=False) from None
            except requests.Timeout:
                raise _TransientError("no answer before the timeout", ambiguous=True) from None
            except requests.ConnectionError:
                raise _TransientError("connection dropped", ambiguous=True) from None
        # metrics and intuit_tid
        observability.qbo_answered(response.status_code, response.headers, metered=not request.write)
        return _interpret(response)


def _interpret(response: requests.Response) -> Any:
    status = response.status_code
    if status == 401:
        raise _UnauthorisedError()
    if status == 403:
        raise NeedsReauthorization("QuickBooks no longer lets Classbooks use this company (403); "
                                   "reconnect QuickBooks as an admin of the company")
    if status == 429:
        raise _TransientError("throttled (429)", ambiguous=False,
                         retry_after=retry_after_seconds(response.headers.get("Retry-After")))
    if status >= 500:
        raise _TransientError(f"server error {status}", ambiguous=True)
    try:
        body = loads(response.text)
    except ValueError:
        body = None
    if status != 200 or (isinstance(body, dict) and ("Fault" in body or "fault" in body)):
        raise QboFault(faults_in(body, status))
    if not isinstance(body, dict):
        raise _TransientError("an unreadable answer", ambiguous=True)
    return body


class GatewayQuickBooks(QuickBooks):
    """python-quickbooks' client whose every request goes through a `QboGateway`.

    Its objects and JSON shapes are unchanged; the transport is the gateway's (timeouts, the
    realm's throttle, Retry-After, counters). Failures are the gateway's: `NeedsReauthorization`,
    `IntuitUnavailable` and `QboFault`, never python-quickbooks' exceptions. Answers are parsed
    with Decimal numbers.
    """

    def __new__(cls, gateway: QboGateway, realm_id: str, minor_version: int) -> GatewayQuickBooks:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            instance: GatewayQuickBooks = super().__new__(cls, company_id=realm_id, minorversion=minor_version)
        return instance

    def __init__(self, gateway: QboGateway, realm_id: str, minor_version: int) -> None:
        self.gateway = gateway

    def make_request(self, request_type: str, url: str, request_body: Any = None,
                     content_type: str = "application/json", params: dict[str, Any] | None = None,
                     file_path: str | None = None, file_bytes: bytes | None = None,
                     request_id: str | None = None) -> Any:
        if file_path or file_bytes:
            raise ValueError("attachments are not sent through the gateway")
        prefix = f"{self.api_url}/company/{self.company_id}/"
        if not url.startswith(prefix):
            raise ValueError("the gateway only reaches the company's own endpoints")
        path = url[len(prefix):]
        query = {str(k): str(v) for k, v in (params or {}).items() if k != "minorversion"}
        if request_id:
            query["requestid"] = request_id
        body = request_body if isinstance(request_body, str) else ""
        if request_type == "GET":
            kind, write = ("report" if path.startswith("reports/") else "read"), False
        elif path == "query":
            kind, write = "query", False
        else:
            kind, write = ("batch" if path == "batch" else path.split("/")[0]), True
        request = Request(kind, path, body, write=write, content_type=content_type, params=query,
                          batch=path == "batch", method=request_type)
        return self.gateway.send(lambda: request)
