"""The QBO Accounting API through python-quickbooks: a client factory and the reads setup needs.

Base URL and minor version come from configuration (the sandbox locally, Intuit in AWS).
Reads are metered by Intuit, so setup reads CompanyInfo and Preferences once and the overlap
check uses COUNT queries. requests-oauthlib logs bearer tokens at DEBUG; its loggers are held
at INFO here so turning on debug logging never writes a token.
"""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import logging
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

import requests
from quickbooks import exceptions as qb_exceptions
from quickbooks.client import QuickBooks
from quickbooks.objects.deposit import Deposit
from quickbooks.objects.journalentry import JournalEntry
from quickbooks.objects.salesreceipt import SalesReceipt

from chalicelib.config import Config
from chalicelib.quickbooks.errors import IntuitUnavailable, NeedsReauthorization, QuickBooksApiError
from chalicelib.quickbooks.throttle import RetryPolicy, Sleep, throttle_for

for _name in ("requests_oauthlib", "oauthlib"):
    logging.getLogger(_name).setLevel(logging.INFO)

OVERLAP_ENTITIES = (Deposit, SalesReceipt, JournalEntry)
T = TypeVar("T")
SETUP_RETRY = RetryPolicy(attempts=5, budget=30.0)  # a person is waiting on setup's calls


@dataclass(frozen=True)
class _BearerAuth:
    """What python-quickbooks reads from an auth client when the access token is already fresh."""

    client_id: str
    access_token: str = field(repr=False)
    environment: str = "production"
    refresh_token: str | None = field(default=None, repr=False)


def api_url_v3(config: Config) -> str:
    """python-quickbooks appends `/company/{realm}/…`; configuration names `…/v3/company/`."""
    base = config.qbo_api_base.rstrip("/")
    return base[: -len("/company")] if base.endswith("/company") else base


def qbo_client(config: Config, realm_id: str, access_token: str) -> QuickBooks:
    """A python-quickbooks client for one realm, using an access token the caller made fresh."""
    auth = _BearerAuth(client_id=config.intuit_client_id, access_token=access_token)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        client = QuickBooks(auth_client=auth, company_id=realm_id, minorversion=config.qbo_minor_version)
    client.api_url_v3 = api_url_v3(config)
    return client


THROTTLED = 3001  # Intuit's fault code on a 429 (ThrottleExceeded): refused before it was processed


def qbo_call(call: Callable[[], T], what: str, realm_id: str, retry: RetryPolicy = SETUP_RETRY,
             sleep: Sleep = time.sleep) -> T:
    """Run a python-quickbooks call inside the realm's throttle; failures become typed errors.

    The throttle is the one the sync's own client uses (one per realm and process), so setup's
    reads and a sync started right after them never add up past Intuit's 10 requests a second.
    It sees only this process, so a 429 from QBO (another container's calls, or QBO counting a
    little differently) is retried with backoff, as Intuit asks: a throttled call was refused
    before QBO did anything, so retrying even a write cannot post twice.
    """
    waited = 0.0
    for attempt in range(retry.attempts):
        try:
            with throttle_for(realm_id).slot():
                return call()
        except qb_exceptions.AuthorizationException as error:
            if error.error_code == 401:
                raise NeedsReauthorization(f"QuickBooks refused the access token while trying to {what}") from None
            raise QuickBooksApiError(f"QuickBooks refused to {what}: {error.message} ({error.error_code})") from None
        except qb_exceptions.QuickbooksException as error:
            delay = retry.delay(attempt, None)
            if error.error_code != THROTTLED or attempt + 1 == retry.attempts or waited + delay > retry.budget:
                raise QuickBooksApiError(f"QuickBooks refused to {what}: {error.message} ({error.error_code})") from None
        except requests.RequestException as error:
            raise IntuitUnavailable(f"QuickBooks could not be reached to {what} ({type(error).__name__})") from None
        waited += delay
        sleep(delay)
    raise AssertionError("unreachable: the last attempt returns or raises")


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
    """Reads CompanyInfo, Preferences and document counts with python-quickbooks."""

    def __init__(self, config: Config) -> None:
        self._config = config

    def profile(self, realm_id: str, access_token: str) -> CompanyProfile:
        qb = qbo_client(self._config, realm_id, access_token)
        # raw JSON, not the object classes: their defaults (ClassTrackingPerTxnLine=True) would
        # stand in for fields QBO left out
        info = qbo_call(lambda: qb.get_single_object("CompanyInfo", 1),
                        "read the company's information", realm_id)["CompanyInfo"]
        prefs = qbo_call(lambda: qb.get(f"{qb.api_url}/company/{realm_id}/preferences"),
                         "read the company's preferences", realm_id)["Preferences"]
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
        return {entity.qbo_object_name: int(qbo_call(functools.partial(entity.count, where, qb=qb),
                                                      f"count {entity.qbo_object_name} documents", realm_id) or 0)
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
