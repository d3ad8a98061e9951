"""The account mapping an admin edits (revenue categories, credit types, refund routes, tax
names, brand): read it, or replace it after checking it against the company's chart of accounts.

Nothing is saved unless every mapped name is usable: an existing account of the wrong type, or a
refund route naming no existing account, is refused with the reason (400 `invalid_mapping`),
before any sync could post to it. Once the first sync has posted, the brand, the gift card
liability and the tax accounts already mapped are fixed (409 `mapping_locked`): moving one would
split a balance Classbooks ties out. Each plan freezes the names in force when it was made.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from chalicelib.domain.account_types import ALLOWED_TYPES
from chalicelib.domain.accounts import REROUTABLE_REFUNDS, AccountKey, AccountRole, credit_key, default_name
from chalicelib.domain.errors import FieldError
from chalicelib.domain.mapping import AccountMapping, MappingInvalid, check_chart, locked_changes, parse_mapping
from chalicelib.domain.transactions import CreditType
from chalicelib.errors import Conflict, InvalidRequest, NotFound
from chalicelib.quickbooks.errors import NeedsReauthorization, NotConnected, QuickBooksApiError
from chalicelib.quickbooks.wire import QboFault
from chalicelib.services.ports import AuditTrail
from chalicelib.services.tokens import NEEDS_REAUTH_MESSAGE
from chalicelib.tenants.model import ConnectionStatus, Tenant
from chalicelib.tenants.repository import TenantRepository

ChartReader = Callable[[str], list[Mapping[str, Any]]]  # tenant id → active accounts


def _details(errors: tuple[FieldError, ...] | list[FieldError]) -> list[dict[str, str]]:
    return [{"field": e.field, "message": e.message} for e in errors]


class MappingService:
    def __init__(self, tenants: TenantRepository, chart: ChartReader, audit: AuditTrail,
                 clock: Callable[[], dt.datetime], brand: str = "Classbooks") -> None:
        self._tenants, self._chart, self._audit, self._clock, self._brand = tenants, chart, audit, clock, brand

    def get(self, tenant_id: str) -> dict[str, Any]:
        tenant = self._tenant(tenant_id)
        mapping = AccountMapping.from_stored(tenant.posting_map)
        brand, studio = mapping.brand or self._brand, tenant.name or tenant_id

        def name(key: AccountKey) -> str:
            return default_name(key, brand, studio)
        return {
            "tenant_id": tenant_id, "mapping": mapping.to_dict(),
            "defaults": {
                "brand": self._brand,
                "credit_accounts": {c.value: name(credit_key(c)) for c in CreditType},
                "refund_accounts": {p.value: name(AccountKey(AccountRole.PAYMENTS_TO_DEPOSIT)) for p in REROUTABLE_REFUNDS},
                "tax_accounts": name(AccountKey(AccountRole.SALES_TAX_PAYABLE, "Sales Tax")),
                "revenue_accounts": "<Category> Revenue",
            },
            "allowed_types": {
                "revenue_accounts": list(ALLOWED_TYPES[AccountRole.REVENUE]),
                "credit_accounts": list(ALLOWED_TYPES[AccountRole.DISCOUNTS_AND_CREDITS]),
                "credit_accounts.gift_card": list(ALLOWED_TYPES[AccountRole.GIFT_CARD_LIABILITY]),
                "refund_accounts": list(ALLOWED_TYPES[AccountRole.REFUND_ACCOUNT]),
                "tax_accounts": list(ALLOWED_TYPES[AccountRole.SALES_TAX_PAYABLE]),
                "opening_offset": list(ALLOWED_TYPES[AccountRole.OPENING_BALANCE_OFFSET]),
            },
            "locked": (["brand", "credit_accounts.gift_card", "tax_accounts (those already mapped)", "opening_offset",
                        "first_sync_entries"]
                       if tenant.first_sync_done else []),
        }

    def put(self, tenant_id: str, actor: tuple[str, str], body: Any) -> dict[str, Any]:
        tenant = self._tenant(tenant_id)
        try:
            new = parse_mapping(body)
        except MappingInvalid as bad:
            raise InvalidRequest("the account mapping is invalid; nothing was saved", _details(bad.errors),
                                 code="invalid_mapping") from None
        old = AccountMapping.from_stored(tenant.posting_map)
        if tenant.first_sync_done:
            locked = locked_changes(old, new)
            if locked:
                raise Conflict("These cannot change once a sync has posted (each names an account whose "
                               "balance Classbooks ties out; moving it would split that balance). Reset the "
                               "integration to change them.", [{"field": f} for f in locked], code="mapping_locked")
        if new.entries():
            problems = check_chart(new, self._read_chart(tenant))
            if problems:
                raise InvalidRequest(f"{len(problems)} mapped account(s) cannot be used; nothing was saved",
                                     _details(problems), code="invalid_mapping")
        if new != old:
            self._tenants.set_posting_map(tenant_id, new.to_dict())
            self._audit.record(tenant_id, actor, "mapping", before=old.to_dict(), after=new.to_dict())
        return self.get(tenant_id)

    def _read_chart(self, tenant: Tenant) -> list[Mapping[str, Any]]:
        if tenant.connection_status is ConnectionStatus.NEEDS_REAUTH:
            raise NeedsReauthorization(NEEDS_REAUTH_MESSAGE)
        if not tenant.connected:
            raise NotConnected("connect QuickBooks before mapping accounts: each account is checked there")
        try:
            return self._chart(tenant.tenant_id)  # NeedsReauthorization (409) and IntuitUnavailable (502) pass
        except QboFault as fault:
            raise QuickBooksApiError(f"QuickBooks refused to list the chart of accounts: {fault.plain()}; "
                                     "nothing was saved") from None

    def _tenant(self, tenant_id: str) -> Tenant:
        tenant = self._tenants.get(tenant_id)
        if tenant is None:
            raise NotFound(f"no studio {tenant_id!r}")
        return tenant
