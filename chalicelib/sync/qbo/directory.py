"""The few reads reference resolution needs, each made at most once per resolver.

Each method is a metered read, so results are kept: the account list also answers "how many
accounts does the company have" for the capacity check.
"""
from __future__ import annotations

from typing import Any

from chalicelib.domain.plans import QboPlan, plan_from_sku
from chalicelib.domain.subaccounts import full_name, leaf
from chalicelib.quickbooks.gateway import QboGateway
from chalicelib.quickbooks.wire import quote

PAGE = 1000


class Directory:
    def __init__(self, client: QboGateway) -> None:
        self._client = client
        self._lists: dict[str, list[dict[str, Any]]] = {}

    def _all(self, entity: str) -> list[dict[str, Any]]:
        """Every active object of a name list, one query per 1,000 (usually one query)."""
        if entity not in self._lists:
            rows: list[dict[str, Any]] = []
            while True:
                page = self._client.query(f"select * from {entity} where Active = true "
                                          f"STARTPOSITION {len(rows) + 1} MAXRESULTS {PAGE}")
                batch = page.get(entity) or []
                rows.extend(batch)
                if len(batch) < PAGE:
                    break
            self._lists[entity] = rows
        return self._lists[entity]

    def _count(self, entity: str) -> int:
        if entity in self._lists:
            return len(self._lists[entity])
        answer = self._client.query(f"select count(*) from {entity} where Active = true")
        return int(answer.get("totalCount") or 0)

    def accounts(self) -> list[dict[str, Any]]:
        return self._all("Account")

    def classes(self) -> list[dict[str, Any]]:
        return self._all("Class")

    def account_count(self) -> int:
        return self._count("Account")

    def class_count(self) -> int:
        return self._count("Class")

    def department_count(self) -> int:
        return self._count("Department")

    def plan(self) -> QboPlan:
        """The company's plan from CompanyInfo's OfferingSku (read only when nobody said)."""
        info = (self._client.query("select * from CompanyInfo").get("CompanyInfo") or [{}])[0]
        sku = next((str(p.get("Value", "")) for p in info.get("NameValue") or []
                    if isinstance(p, dict) and p.get("Name") == "OfferingSku"), "")
        return plan_from_sku(sku)

    def by_name(self, entity: str, name: str) -> dict[str, Any] | None:
        """The active object of that name, if any (after a lost answer or a duplicate-name fault)."""
        rows = self._client.query(f"select * from {entity} where Name = {quote(name)}").get(entity) or []
        return rows[0] if rows else None

    def account(self, name: str) -> dict[str, Any] | None:
        """The active account whose FullyQualifiedName is `name` ("Parent:Child" for a
        sub-account). Queried by its own Name, which every sub-account of that name shares;
        the full name then picks the one under the right parent."""
        rows = self._client.query(f"select * from Account where Name = {quote(leaf(name))}").get("Account") or []
        return next((r for r in rows if full_name(r).casefold() == name.casefold()), None)
