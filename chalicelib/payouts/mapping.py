"""The admin maps each platform bank account to a QuickBooks Bank account (found, never created).

One read at mapping time (the company's active accounts): each named account must exist and be
of type Bank, else the whole change is refused with the reason. The chosen fees and chargebacks
accounts, when given, must exist (any type). The ids found are seeded into the tenant's
reference cache so the night's run trusts them without a read.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from chalicelib.domain.accounts import AccountKey, AccountRole, AccountSpec, clean_full_name
from chalicelib.domain.errors import AccountNameError
from chalicelib.domain.payouts import DEFAULT_CHARGEBACKS, DEFAULT_FEES
from chalicelib.domain.subaccounts import by_full_name, full_name
from chalicelib.errors import InvalidRequest
from chalicelib.ledger.payout_store import DynamoPayouts
from chalicelib.payouts.qbo import PayoutQuickBooks
from chalicelib.sync.qbo.references import account_cache_key
from chalicelib.tenants.repository import TenantRepository

MAX_BANKS = 50


def settings_view(stored: Mapping[str, Any]) -> dict[str, Any]:
    return {"bank_accounts": {pid: {"qbo_account_id": m["id"], "qbo_account_name": m["name"]}
                              for pid, m in sorted((stored.get("banks") or {}).items())},
            "fees_account": stored.get("fees_account") or DEFAULT_FEES,
            "chargebacks_account": stored.get("chargebacks_account") or DEFAULT_CHARGEBACKS,
            "updated_at": stored.get("updated_at"), "updated_by": stored.get("updated_by")}


class PayoutMapping:
    def __init__(self, payouts: DynamoPayouts, qbo: PayoutQuickBooks, tenants: TenantRepository,
                 clock: Callable[[], dt.datetime]) -> None:
        self.payouts, self.qbo, self.tenants, self.clock = payouts, qbo, tenants, clock

    def get(self, tenant_id: str) -> dict[str, Any]:
        return settings_view(self.payouts.settings(tenant_id))

    def put(self, tenant_id: str, actor: str, body: Mapping[str, Any]) -> dict[str, Any]:
        wanted, fees, chargebacks = _parse(body)
        realm, accounts = self.qbo.accounts(tenant_id)
        by_name = by_full_name(accounts)
        problems, banks = [], {}
        for pid, name in wanted.items():
            found = by_name.get(name.casefold())
            if found is None:
                problems.append({"field": f"bank_accounts.{pid}", "message":
                                 f'QuickBooks has no active account named "{name}"; create it in QuickBooks '
                                 "(Classbooks never creates a bank account) or pick another"})
            elif found.get("AccountType") != "Bank":
                problems.append({"field": f"bank_accounts.{pid}", "message":
                                 f'"{full_name(found)}" is of type {found.get("AccountType")}; a payout lands in '
                                 "an account of type Bank"})
            else:
                banks[pid] = {"id": str(found["Id"]), "name": full_name(found)}
        for field, chosen in (("fees_account", fees), ("chargebacks_account", chargebacks)):
            if chosen and chosen.casefold() not in by_name:
                problems.append({"field": field, "message": f'QuickBooks has no active account named "{chosen}"'})
        if problems:
            raise InvalidRequest("the payout settings were not saved", problems, code="invalid_payout_settings")
        stored = {"realm_id": realm, "banks": banks, "fees_account": fees, "chargebacks_account": chargebacks,
                  "updated_at": self.clock().isoformat(), "updated_by": actor}
        self.payouts.save_settings(tenant_id, stored)
        self._seed_refs(tenant_id, banks)
        return settings_view(stored)

    def _seed_refs(self, tenant_id: str, banks: Mapping[str, Mapping[str, str]]) -> None:
        tenant = self.tenants.get(tenant_id)
        if tenant is None:
            return
        refs = dict(tenant.qbo_refs)
        for m in banks.values():
            spec = AccountSpec(AccountKey(AccountRole.PAYOUT_BANK, m["name"]), m["name"], "Bank", None, False)
            refs[account_cache_key(spec)] = m["id"]
        self.tenants.save_refs(tenant_id, refs)


def _name(value: Any, field: str) -> str:
    if not isinstance(value, str):
        raise InvalidRequest("the payout settings are invalid",
                             [{"field": field, "message": "must be an account name"}])
    try:
        return clean_full_name(value)
    except AccountNameError as exc:
        raise InvalidRequest("the payout settings are invalid", [{"field": field, "message": str(exc)}]) from None


def _parse(body: Mapping[str, Any]) -> tuple[dict[str, str], str | None, str | None]:
    unknown = set(body) - {"bank_accounts", "fees_account", "chargebacks_account"}
    if unknown:
        raise InvalidRequest("the payout settings are invalid",
                             [{"field": f, "message": "is not a payout setting"} for f in sorted(unknown)])
    raw = body.get("bank_accounts")
    if not isinstance(raw, dict) or len(raw) > MAX_BANKS:
        raise InvalidRequest("the payout settings are invalid", [{"field": "bank_accounts", "message":
                             f"must map each platform bank account id to a QuickBooks account name (≤ {MAX_BANKS})"}])
    wanted = {str(pid)[:100]: _name(name, f"bank_accounts.{pid}") for pid, name in raw.items()}
    fees = _chosen(body.get("fees_account"), "fees_account", DEFAULT_FEES)
    chargebacks = _chosen(body.get("chargebacks_account"), "chargebacks_account", DEFAULT_CHARGEBACKS)
    return wanted, fees, chargebacks


def _chosen(value: Any, field: str, default: str) -> str | None:
    """The admin's account, or None for Classbooks' default (found or created at the next sync)."""
    if not value:
        return None
    name = _name(value, field)
    return None if name.casefold() == default.casefold() else name
