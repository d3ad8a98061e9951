"""Find or create the accounts and classes a plan posts to, reading QBO as little as possible.

Intuit meters reads, so ids the caller cached are trusted without a read. Only for what is
missing: one query lists the active accounts (and one the classes), the company's plan is read
if nobody told us, capacity is checked, and then everything missing is created (writes are free),
each with a deterministic requestid so a retried create is replayed, not duplicated.

A mapped "Parent:Child" is the account whose FullyQualifiedName that is (domain/subaccounts.py):
parents missing from the chart are created first, top down, with the type the child is created
as, and the child then with `ParentRef`; an existing parent of another type stops the run before
anything is created or posted (QBO would refuse the child).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from chalicelib.domain.accounts import AccountSpec
from chalicelib.domain.capacity import CompanyUsage, check_capacity
from chalicelib.domain.journal import PostingPlan
from chalicelib.domain.plans import QboPlan
from chalicelib.domain.subaccounts import by_full_name, full_name, leaf, missing_parents, parent_problem
from chalicelib.quickbooks.gateway import QboGateway, Request
from chalicelib.quickbooks.wire import QboFault, dumps, request_id
from chalicelib.sync.ports import QuickBooksRefused, References
from chalicelib.sync.qbo.directory import Directory

UNDEPOSITED = "UndepositedFunds"
DUPLICATE_NAME = "6240"


def allowed_types(spec: AccountSpec) -> tuple[str, ...]:
    """The AccountTypes an existing account may have to serve `spec` (empty: any). Plans written
    before specs listed them allow the type the account would be created as."""
    return spec.allowed_types or ((spec.account_type,) if spec.account_type else ())


def account_cache_key(spec: AccountSpec) -> str:
    return f"account:{spec.name.casefold()}"


def class_cache_key(name: str) -> str:
    return f"class:{name.casefold()}"


@dataclass
class _Work:
    cache: dict[str, str]
    accounts: dict[str, str] = field(default_factory=dict)
    classes: dict[str, str] = field(default_factory=dict)
    new_accounts: list[AccountSpec] = field(default_factory=list)
    new_classes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    chart: dict[str, dict[str, Any]] = field(default_factory=dict)  # active accounts by full name
    parents: dict[str, str] = field(default_factory=dict)  # missing parent's full name → the type it is made as
    made: dict[str, dict[str, Any]] = field(default_factory=dict)  # accounts this run created, by full name


class ReferenceResolver:
    def __init__(self, client: QboGateway, plan_tier: QboPlan | None = None) -> None:
        self._client, self._tier = client, plan_tier
        self._dir = Directory(client)

    def ensure(self, plan: PostingPlan, cached: Mapping[str, str]) -> References:
        work = _Work(dict(cached))
        missing = [s for s in plan.accounts if not self._from_cache(work, s)]
        missing_classes = [c for c in plan.classes if not self._class_from_cache(work, c)]
        if missing:
            self._match_accounts(work, missing, self._dir.accounts())
        if missing_classes:
            self._match_classes(work, missing_classes, self._dir.classes())
        if work.problems:
            raise QuickBooksRefused(" ".join(work.problems))
        if work.new_accounts or work.new_classes:
            self._check_capacity(work)
            for spec in work.new_accounts:  # categories sharing an income account share its id
                known = work.cache.get(account_cache_key(spec))
                self._remember(work, spec, known or self._create_account(plan.run_id, spec, work))
            for name in work.new_classes:
                work.classes[name] = work.cache[class_cache_key(name)] = self._create_class(plan.run_id, name)
        return References(work.accounts, work.classes, work.cache)

    def _from_cache(self, work: _Work, spec: AccountSpec) -> bool:
        cached = work.cache.get(account_cache_key(spec))
        if cached:
            work.accounts[str(spec.key)] = cached
        return bool(cached)

    def _class_from_cache(self, work: _Work, name: str) -> bool:
        cached = work.cache.get(class_cache_key(name))
        if cached:
            work.classes[name] = cached
        return bool(cached)

    def _remember(self, work: _Work, spec: AccountSpec, qbo_id: str) -> None:
        work.accounts[str(spec.key)] = work.cache[account_cache_key(spec)] = qbo_id

    def _match_accounts(self, work: _Work, specs: list[AccountSpec], existing: list[dict[str, Any]]) -> None:
        work.chart = {k: dict(a) for k, a in by_full_name(existing).items()}
        for spec in specs:
            if spec.account_subtype == UNDEPOSITED and not spec.create:
                found = next((a for a in existing if a.get("AccountSubType") == UNDEPOSITED), None)
                if found is None:
                    work.problems.append("QuickBooks has no active Undeposited Funds (Payments to "
                                         "Deposit) account; make it active in the chart of accounts.")
                    continue
            else:
                found = work.chart.get(spec.name.casefold())
            if found is None:
                if spec.create:
                    self._plan_create(work, spec)
                else:
                    work.problems.append(f'The account "{spec.name}" chosen for Classbooks is not an '
                                         "active account in QuickBooks; pick another in the settings.")
            elif allowed_types(spec) and found.get("AccountType") not in allowed_types(spec):
                work.problems.append(
                    f'QuickBooks already has an account named "{full_name(found)}" of type '
                    f'{found.get("AccountType")}, but Classbooks needs that account to be of type '
                    f"{' or '.join(allowed_types(spec))}. Rename the account in QuickBooks and sync again "
                    "(a written plan keeps the names it was made with; a new mapping applies to the next plan).")
            else:
                self._remember(work, spec, str(found["Id"]))

    def _plan_create(self, work: _Work, spec: AccountSpec) -> None:
        """Create `spec` (and the parents its name needs), unless QBO would refuse the child."""
        problem = parent_problem(spec.name, spec.account_type, work.chart)
        for parent in missing_parents(spec.name, work.chart)[1]:
            kind = work.parents.setdefault(parent.casefold(), str(spec.account_type))
            if kind != spec.account_type and not problem:
                problem = (f'its parent "{parent}" would be created as {kind} for another mapped account, and '
                           f"a sub-account must have its parent's type ({spec.account_type} here)")
        if problem:
            work.problems.append(f'Classbooks cannot create the account "{spec.name}": {problem}. Map another '
                                 "account, or fix the parent in QuickBooks, and sync again.")
        else:
            work.new_accounts.append(spec)

    def _match_classes(self, work: _Work, names: list[str], existing: list[dict[str, Any]]) -> None:
        by_name = {str(c.get("Name", "")).casefold(): str(c["Id"]) for c in existing}
        for name in names:
            if name.casefold() in by_name:
                work.classes[name] = work.cache[class_cache_key(name)] = by_name[name.casefold()]
            else:
                work.new_classes.append(name)

    def _check_capacity(self, work: _Work) -> None:
        tier = self._tier or self._dir.plan()
        counting_tags = tier is QboPlan.PLUS and bool(work.new_classes)
        new_accounts = len({s.name.casefold() for s in work.new_accounts} | set(work.parents))
        usage = CompanyUsage(
            tier,
            self._dir.account_count() if new_accounts and tier < QboPlan.ADVANCED else 0,
            self._dir.class_count() if counting_tags else 0,
            self._dir.department_count() if counting_tags else 0)
        verdict = check_capacity(usage, new_accounts, len(work.new_classes))
        if not verdict.fits:
            raise QuickBooksRefused(verdict.message)

    def _create_account(self, run_id: str, spec: AccountSpec, work: _Work) -> str:
        """Create `spec`'s account, after the parents its name needs that the chart lacks (top
        down, each of the type the child is made as). One made this run is not made twice."""
        parent, missing = missing_parents(spec.name, work.chart)
        parent_id = str(parent["Id"]) if parent else None
        found: dict[str, Any] = {}
        for name in [*missing, spec.name]:
            found = work.made.get(name.casefold()) or {}
            if not found:
                body: dict[str, Any] = {"Name": leaf(name), "AccountType": spec.account_type}
                if spec.account_subtype:
                    body["AccountSubType"] = spec.account_subtype
                if parent_id:
                    body["ParentRef"] = {"value": parent_id}
                rid = request_id(run_id, "account", name.casefold())
                found = work.made[name.casefold()] = self._create("Account", body, rid, name, "an account")
            if name != spec.name and found.get("AccountType") != spec.account_type:
                raise QuickBooksRefused(f'QuickBooks already has an account named "{name}" of type '
                                        f'{found.get("AccountType")}; "{spec.name}" cannot be a sub-account '
                                        f"of it, as Classbooks needs {spec.account_type}.")
            parent_id = str(found["Id"])
        if found.get("AccountType") not in allowed_types(spec):
            raise QuickBooksRefused(f'QuickBooks already has an account named "{spec.name}" of type '
                                    f'{found.get("AccountType")}; Classbooks needs {spec.account_type}.')
        return str(found["Id"])

    def _create_class(self, run_id: str, name: str) -> str:
        rid = request_id(run_id, "class", name.casefold())
        return str(self._create("Class", {"Name": name}, rid, name, "a class")["Id"])

    def _create(self, entity: str, body: dict[str, Any], rid: str, name: str, what: str) -> dict[str, Any]:
        """Create, or find the one a lost answer (or a concurrent writer) already made."""
        found: dict[str, Any] = {}

        def make() -> Request | None:
            return None if found else Request("create", entity.lower(), dumps(body), write=True,
                                              params={"requestid": rid})

        def lookup() -> dict[str, Any] | None:  # an account by its full name ("Parent:Child")
            return self._dir.account(name) if entity == "Account" else self._dir.by_name(entity, name)

        def reconcile() -> None:
            found.update(lookup() or {})
        try:
            answer = self._client.send(make, reconcile)
        except QboFault as fault:
            if DUPLICATE_NAME not in fault.codes:
                raise QuickBooksRefused(f'QuickBooks refused to create {what} named "{name}": {fault.plain()}') from None
            found.update(lookup() or {})
            if not found:
                raise QuickBooksRefused(f'QuickBooks already has {what} named "{name}" that is inactive; '
                                        "make it active (or rename it) in QuickBooks and sync again.") from None
            return found
        return found if answer is None else answer[entity]
