"""Setup's and payouts' QBO reads: python-quickbooks objects over the one gateway.

`qbo_client` is python-quickbooks' client for one realm whose requests go through
`chalicelib.quickbooks.gateway.QboGateway` (base URL and minor version from configuration: the
sandbox locally, Intuit in AWS), with a retry budget for a person waiting. Reads are metered by
Intuit, so setup reads CompanyInfo and Preferences once and the overlap check uses COUNT
queries. Failures are the QuickBooks family: `NeedsReauthorization` when QBO refuses the token,
`IntuitUnavailable` when it does not answer (throttled, 5xx, timeouts past the retries), and
`QuickBooksApiError` naming what was tried when it refuses the read. requests-oauthlib (which
python-quickbooks and intuit-oauth can pull in) logs bearer tokens at DEBUG; its loggers are held
at INFO here so turning on debug logging never writes a token.
"""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from quickbooks.client import QuickBooks
from quickbooks.objects.deposit import Deposit
from quickbooks.objects.journalentry import JournalEntry
from quickbooks.objects.salesreceipt import SalesReceipt

from chalicelib.config import Config
from chalicelib.quickbooks.errors import NeedsReauthorization, QuickBooksApiError
from chalicelib.quickbooks.gateway import AccessTokenProvider, Credentials, GatewayQuickBooks, QboGateway
from chalicelib.quickbooks.throttle import RetryPolicy
from chalicelib.quickbooks.wire import QboFault

for _name in ("requests_oauthlib", "oauthlib"):
    logging.getLogger(_name).setLevel(logging.INFO)

OVERLAP_ENTITIES = (Deposit, SalesReceipt, JournalEntry)
T = TypeVar("T")
SETUP_RETRY = RetryPolicy(attempts=5, budget=30.0)  # a person is waiting on setup's calls


def api_url_v3(config: Config) -> str:
    """python-quickbooks appends `/company/{realm}/…`; configuration names `…/v3/company/`."""
    base = config.qbo_api_base.rstrip("/")
    return base[: -len("/company")] if base.endswith("/company") else base


def given_token(realm_id: str, access_token: str) -> AccessTokenProvider:
    """The token the caller made fresh: a 401 is not refreshed here, it asks for reauthorisation."""
    def provider(*, force_refresh: bool = False) -> Credentials:
        if force_refresh:
            raise NeedsReauthorization("QuickBooks refused the access token; reconnect QuickBooks")
        return Credentials(access_token, realm_id)
    return provider


def qbo_client(config: Config, realm_id: str, access_token: str, *, retry: RetryPolicy = SETUP_RETRY,
               **gateway_options: Any) -> QuickBooks:
    """A python-quickbooks client for one realm, using an access token the caller made fresh."""
    gateway = QboGateway(given_token(realm_id, access_token), api_base=config.qbo_api_base,
                         minor_version=config.qbo_minor_version, retry=retry,
                         gives_up="nothing was changed; try again", **gateway_options)
    client = GatewayQuickBooks(gateway, realm_id, config.qbo_minor_version)
    client.api_url_v3 = api_url_v3(config)
    return client


def qbo_read(call: Callable[[], T], what: str) -> T:
    """A python-quickbooks call; what QBO refused becomes an API error naming what was tried (the
    family's NeedsReauthorization and IntuitUnavailable pass as they are)."""
    try:
        return call()
    except QboFault as fault:
        codes = ", ".join(sorted(c for c in fault.codes if c))
        raise QuickBooksApiError(f"QuickBooks refused to {what}: {fault.plain()}"
                                 + (f" ({codes})" if codes else "")) from None


@dataclass(frozen=True)
class CompanyProfile:
    """What setup needs to know about a QBO company."""

    name: str
    offering_sku: str
    fiscal_year_start_month: int
    book_close_date: dt.date | None
    class_tracking_pref: bool


class CompanyPort(Protocol):
    def profile(self, realm_id: str, access_token: str) -> CompanyProfile: ...
    def documents_on_or_after(self, realm_id: str, access_token: str, day: dt.date) -> dict[str, int]: ...


class QboCompany:
    """Reads CompanyInfo, Preferences and document counts with python-quickbooks, over the gateway."""

    def __init__(self, config: Config) -> None:
        self._config = config

    def profile(self, realm_id: str, access_token: str) -> CompanyProfile:
        qb = qbo_client(self._config, realm_id, access_token)
        # raw JSON, not the object classes: their defaults (ClassTrackingPerTxnLine=True) would
        # stand in for fields QBO left out
        info = qbo_read(lambda: qb.get_single_object("CompanyInfo", 1),
                        "read the company's information")["CompanyInfo"]
        prefs = qbo_read(lambda: qb.get(f"{qb.api_url}/company/{realm_id}/preferences"),
                         "read the company's preferences")["Preferences"]
        accounting = prefs.get("AccountingInfoPrefs") or {}
        close = accounting.get("BookCloseDate")
        return CompanyProfile(
            name=str(info.get("CompanyName", "")),
            offering_sku=_name_value(info.get("NameValue"), "OfferingSku"),
            fiscal_year_start_month=month_number(info.get("FiscalYearStartMonth")
                                                 or accounting.get("FirstMonthOfFiscalYear")),
            book_close_date=dt.date.fromisoformat(str(close)[:10]) if close else None,
            class_tracking_pref=bool(accounting.get("ClassTrackingPerTxn")
                                     or accounting.get("ClassTrackingPerTxnLine")),
        )

    def documents_on_or_after(self, realm_id: str, access_token: str, day: dt.date) -> dict[str, int]:
        """How many deposits, sales receipts and journal entries are dated on or after `day`."""
        qb = qbo_client(self._config, realm_id, access_token)
        where = f"TxnDate >= '{day.isoformat()}'"
        return {entity.qbo_object_name: int(qbo_read(functools.partial(entity.count, where, qb=qb),
                                                      f"count {entity.qbo_object_name} documents") or 0)
                for entity in OVERLAP_ENTITIES}


def month_number(value: Any) -> int:
    """QBO names the fiscal year's first month ("July"); accept a number too."""
    text = str(value or "January").strip()
    if text.isdigit():
        return int(text)
    names = [m.casefold() for m in calendar.month_name]
    return names.index(text.casefold()) if text.casefold() in names else 1


def _name_value(pairs: Any, name: str) -> str:
    for pair in pairs or []:
        if isinstance(pair, dict) and pair.get("Name") == name:
            return str(pair.get("Value", ""))
    return ""
