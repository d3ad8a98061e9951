"""The admin's bank-account mapping: found in QuickBooks or refused with the reason, never created."""
from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from chalicelib.errors import InvalidRequest
from chalicelib.payouts.mapping import PayoutMapping
from chalicelib.payouts.qbo import trial_balance_amount
from tests.fakes.tenants import InMemoryTenants
from tests.unit.sync.conftest import studio

ACCOUNTS = [{"Id": "35", "Name": "Business Checking", "AccountType": "Bank"},
            {"Id": "36", "Name": "Bank Charges & Fees", "AccountType": "Expense"},
            {"Id": "37", "Name": "Disputes", "AccountType": "Other Current Asset"}]


class FakeQbo:
    def __init__(self) -> None:
        self.reads = 0

    def accounts(self, tenant_id: str) -> tuple[str, list[dict[str, Any]]]:
        self.reads += 1
        return "r1", ACCOUNTS


class FakeStore:
    def __init__(self) -> None:
        self.saved: dict[str, Any] = {}

    def settings(self, tenant_id: str) -> dict[str, Any]:
        return dict(self.saved)

    def save_settings(self, tenant_id: str, body: Any) -> None:
        self.saved = dict(body)


@pytest.fixture
def mapping() -> tuple[PayoutMapping, FakeStore, FakeQbo, Any]:
    tenants = InMemoryTenants(studio())
    store, qbo = FakeStore(), FakeQbo()
    now = dt.datetime(2025, 3, 1, tzinfo=dt.UTC)
    return PayoutMapping(store, qbo, tenants, lambda: now), store, qbo, tenants  # type: ignore[arg-type]


def test_a_bank_account_is_found_by_name_and_its_id_seeded_for_the_night(mapping) -> None:
    service, store, qbo, tenants = mapping
    view = service.put("t1", "admin-1", {"bank_accounts": {"ba-1": "business checking"}})
    assert view["bank_accounts"] == {"ba-1": {"qbo_account_id": "35", "qbo_account_name": "Business Checking"}}
    assert store.saved["realm_id"] == "r1" and qbo.reads == 1
    assert tenants.get("t1").qbo_refs["account:business checking"] == "35"


def test_an_account_of_another_type_or_none_at_all_is_refused_and_nothing_saved(mapping) -> None:
    service, store, _, _ = mapping
    with pytest.raises(InvalidRequest) as refused:
        service.put("t1", "a", {"bank_accounts": {"ba-1": "Bank Charges & Fees", "ba-2": "Savings"}})
    assert [d["field"] for d in refused.value.details] == ["bank_accounts.ba-1", "bank_accounts.ba-2"]
    assert store.saved == {}


def test_a_chosen_chargebacks_account_must_exist_but_may_be_of_any_type(mapping) -> None:
    service, _, _, _ = mapping
    view = service.put("t1", "a", {"bank_accounts": {}, "chargebacks_account": "Disputes"})
    assert view["chargebacks_account"] == "Disputes" and view["fees_account"] == "Merchant Fees"
    with pytest.raises(InvalidRequest, match="not saved"):
        service.put("t1", "a", {"bank_accounts": {}, "fees_account": "Nope"})


def test_unknown_settings_are_refused_by_name(mapping) -> None:
    with pytest.raises(InvalidRequest) as refused:
        mapping[0].put("t1", "a", {"bank_accounts": {}, "bank": "x"})
    assert refused.value.details == [{"field": "bank", "message": "is not a payout setting"}]


def test_the_trial_balance_row_gives_the_balance_debit_positive() -> None:
    report = {"Rows": {"Row": [{"ColData": [{"value": "Checking", "id": "1"}, {"value": "10.00"}, {"value": ""}]},
                               {"ColData": [{"value": "Merchant Settlement Account", "id": "9"}, {"value": ""},
                                            {"value": "12.50"}]}]}}
    assert str(trial_balance_amount(report, "9", "x")) == "-12.50"
    assert str(trial_balance_amount(report, None, "checking")) == "10.00"
    assert str(trial_balance_amount(report, "404", "Gone")) == "0.00"


def test_a_bank_sub_account_is_found_by_its_full_name(mapping) -> None:
    service, _, _, tenants = mapping
    ACCOUNTS.append({"Id": "38", "Name": "Operating", "FullyQualifiedName": "Business Checking:Operating",
                     "AccountType": "Bank", "SubAccount": True})
    try:
        view = service.put("t1", "admin-1", {"bank_accounts": {"ba-1": "Business Checking : Operating"}})
    finally:
        ACCOUNTS.pop()
    assert view["bank_accounts"] == {"ba-1": {"qbo_account_id": "38", "qbo_account_name": "Business Checking:Operating"}}
    assert tenants.get("t1").qbo_refs["account:business checking:operating"] == "38"
