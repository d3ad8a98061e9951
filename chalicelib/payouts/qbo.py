"""The two QuickBooks reads payouts need, each made only when a person asks (never at night).

- the mapping (`PUT .../quickbooks/payouts/settings`): one query listing the active accounts;
- the clearing report: one TrialBalance report as of today for the Merchant Settlement balance.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from chalicelib.config import Config
from chalicelib.quickbooks.client import qbo_client, qbo_read
from chalicelib.services.tokens import AccessTokens


class PayoutQuickBooks(Protocol):
    def accounts(self, tenant_id: str) -> tuple[str, list[dict[str, Any]]]:
        """(realm id, the company's active accounts: Id, Name, AccountType)."""

    def balance(self, tenant_id: str, account_id: str | None, name: str, as_of: dt.date) -> Decimal:
        """An account's balance (debit positive) as of `as_of`."""


class QboPayoutReads:
    def __init__(self, config: Config, tokens: AccessTokens) -> None:
        self._config, self._tokens = config, tokens

    def _client(self, tenant_id: str) -> tuple[str, Any]:
        creds = self._tokens.fresh(tenant_id)
        return creds.realm_id, qbo_client(self._config, creds.realm_id, creds.access_token)

    def accounts(self, tenant_id: str) -> tuple[str, list[dict[str, Any]]]:
        realm, qb = self._client(tenant_id)
        answer = qbo_read(lambda: qb.query("select Id, Name, FullyQualifiedName, AccountType from Account MAXRESULTS 1000"),
                          "list the company's accounts")
        return realm, list((answer.get("QueryResponse") or {}).get("Account") or [])

    def balance(self, tenant_id: str, account_id: str | None, name: str, as_of: dt.date) -> Decimal:
        _realm, qb = self._client(tenant_id)
        report = qbo_read(lambda: qb.get_report("TrialBalance", {"end_date": as_of.isoformat()}),
                          "read the trial balance")
        return trial_balance_amount(report, account_id, name)


def _money(cell: dict[str, Any]) -> Decimal:
    try:
        return Decimal(str(cell.get("value") or "0").replace(",", ""))
    except InvalidOperation:
        return Decimal("0")


def trial_balance_amount(report: dict[str, Any], account_id: str | None, name: str) -> Decimal:
    """Debit less credit of the row for the account (by id, else by name); 0.00 when absent."""
    for row in _rows(report.get("Rows") or {}):
        cells = row.get("ColData") or []
        if len(cells) >= 3 and (cells[0].get("id") == account_id or
                                str(cells[0].get("value", "")).casefold() == name.casefold()):
            return (_money(cells[1]) - _money(cells[2])).quantize(Decimal("0.01"))
    return Decimal("0.00")


def _rows(section: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for row in section.get("Row") or []:
        if row.get("ColData"):
            out.append(row)
        if row.get("Rows"):
            out += _rows(row["Rows"])
    return out
