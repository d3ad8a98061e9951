"""Finding and creating the accounts and classes a plan needs, with as few metered reads as possible."""
from __future__ import annotations

from dataclasses import replace

import pytest
import requests
from qbo_builders import daily_plan

from chalicelib.domain.accounts import AccountKey, AccountRole, AccountSpec
from chalicelib.domain.plans import QboPlan
from chalicelib.domain.specs import account_specs
from chalicelib.sync.ports import QuickBooksRefused


def _accounts(qbo, realm) -> dict[str, dict]:
    return {a["Name"]: a for a in qbo.control.documents(realm, "Account")}


def _create_account(qbo, realm, name, account_type) -> None:
    auth = qbo.tokens[realm].auth
    response = requests.post(f"{qbo.seeded.base_url}/v3/company/{realm}/account",
                             json={"Name": name, "AccountType": account_type},
                             headers={"Authorization": f"Bearer {auth.access_token}",
                                      "Accept": "application/json"}, timeout=5)
    assert response.status_code == 200, response.text


def test_first_run_creates_the_missing_accounts_in_quickbooks(qbo, plus):
    refs = qbo.poster(plus).ensure_references(daily_plan(), cached={})
    accounts = _accounts(qbo, plus)
    assert accounts["Tuition Revenue"]["AccountType"] == "Income"
    assert accounts["Classbooks Receivables (Tumble Town)"]["AccountSubType"] == "OtherCurrentAssets"
    assert refs.accounts["revenue:tuition"] == accounts["Tuition Revenue"]["Id"]


def test_payments_to_deposit_is_qbos_own_undeposited_funds(qbo, plus):
    refs = qbo.poster(plus).ensure_references(daily_plan(payment="cash"), cached={})
    assert refs.accounts["payments_to_deposit"] == _accounts(qbo, plus)["Undeposited Funds"]["Id"]


def test_a_second_run_reuses_the_cached_ids_without_a_single_read(qbo, plus):
    first = qbo.poster(plus).ensure_references(daily_plan(), cached={})
    before = qbo.control.counters(plus)
    poster = qbo.poster(plus)
    second = poster.ensure_references(daily_plan(run_id="run-2"), cached=first.cache)
    after = qbo.control.counters(plus)
    assert second.accounts == first.accounts
    assert after["requests"] == before["requests"]
    assert poster.counters.metered_reads == 0


def test_missing_references_cost_one_account_query_and_nothing_more(qbo, plus):
    poster = qbo.poster(plus, tier=QboPlan.PLUS)
    poster.ensure_references(daily_plan(), cached={})
    assert poster.counters.metered_reads == 1
    assert poster.counters.by_kind == {"query": 1, "create": 2}


def test_the_cache_keeps_ids_a_later_plan_does_not_need(qbo, plus):
    first = qbo.poster(plus).ensure_references(daily_plan(categories=("tuition", "camp")), cached={})
    second = qbo.poster(plus).ensure_references(daily_plan(run_id="run-2"), cached=first.cache)
    assert second.cache["account:camp revenue"] == first.accounts["revenue:camp"]


def test_an_existing_account_with_the_right_name_and_type_is_reused(qbo, plus):
    qbo.poster(plus)  # connects
    _create_account(qbo, plus, "Tuition Revenue", "Income")
    existing = _accounts(qbo, plus)["Tuition Revenue"]["Id"]
    refs = qbo.poster(plus).ensure_references(daily_plan(), cached={})
    assert refs.accounts["revenue:tuition"] == existing
    assert [a["Name"] for a in qbo.control.documents(plus, "Account")].count("Tuition Revenue") == 1


def test_an_account_with_the_right_name_and_the_wrong_type_is_refused_in_plain_words(qbo, plus):
    qbo.poster(plus)
    _create_account(qbo, plus, "Tuition Revenue", "Bank")
    with pytest.raises(QuickBooksRefused) as refused:
        qbo.poster(plus).ensure_references(daily_plan(), cached={})
    message = str(refused.value)
    assert '"Tuition Revenue" of type Bank' in message and "Income" in message
    assert "Rename the account" in message


def test_a_wrong_type_creates_nothing_at_all(qbo, plus):
    qbo.poster(plus)
    _create_account(qbo, plus, "Tuition Revenue", "Bank")
    before = len(qbo.control.documents(plus, "Account"))
    with pytest.raises(QuickBooksRefused):
        qbo.poster(plus).ensure_references(daily_plan(), cached={})
    assert len(qbo.control.documents(plus, "Account")) == before


def test_an_opening_offset_account_that_is_not_in_quickbooks_is_refused(qbo, plus):
    plan = daily_plan()
    offset = AccountSpec(AccountKey(AccountRole.OPENING_BALANCE_OFFSET, "Old Revenue"), "Old Revenue",
                         None, None, create=False)
    with pytest.raises(QuickBooksRefused, match='"Old Revenue" chosen for Classbooks'):
        qbo.poster(plus).ensure_references(replace(plan, accounts=(*plan.accounts, offset)), cached={})


def test_plus_gets_one_class_per_location(qbo, plus):
    plan = daily_plan(locations=("L1", "L2"), class_tracking=True)
    refs = qbo.poster(plus).ensure_references(plan, cached={})
    classes = {c["Name"]: c["Id"] for c in qbo.control.documents(plus, "Class")}
    assert classes == {"Location L1": refs.classes["Location L1"], "Location L2": refs.classes["Location L2"]}


def test_classes_already_in_quickbooks_are_reused_by_name(qbo, plus):
    plan = daily_plan(locations=("L1",), class_tracking=True)
    first = qbo.poster(plus).ensure_references(plan, cached={})
    second = qbo.poster(plus).ensure_references(plan, cached={})
    assert second.classes == first.classes
    assert len(qbo.control.documents(plus, "Class")) == 1


def test_essentials_without_class_tracking_gets_no_classes(qbo, essentials):
    poster = qbo.poster(essentials)
    refs = poster.ensure_references(daily_plan(locations=("L1", "L2")), cached={})
    assert refs.classes == {}
    assert qbo.control.documents(essentials, "Class") == []


def test_classes_on_essentials_are_refused_before_anything_is_created(qbo, essentials):
    poster = qbo.poster(essentials)
    with pytest.raises(QuickBooksRefused, match="Essentials has no classes"):
        poster.ensure_references(daily_plan(locations=("L1", "L2"), class_tracking=True), cached={})
    assert poster.counters.writes == 0


def test_the_plan_is_read_from_company_info_when_the_caller_does_not_know_it(qbo, essentials):
    poster = qbo.poster(essentials, tier=None)
    with pytest.raises(QuickBooksRefused, match="Essentials"):
        poster.ensure_references(daily_plan(class_tracking=True), cached={})


def test_more_accounts_than_the_plan_allows_are_refused_before_creating_any(qbo, plus):
    categories = tuple(f"program {n}" for n in range(240))
    poster = qbo.poster(plus, tier=QboPlan.PLUS)
    before = len(qbo.control.documents(plus, "Account"))
    with pytest.raises(QuickBooksRefused, match="allows 250"):
        poster.ensure_references(daily_plan(categories=categories), cached={})
    assert len(qbo.control.documents(plus, "Account")) == before
    assert poster.counters.writes == 0


def test_more_classes_than_plus_allows_are_refused_before_creating_any(qbo, plus):
    locations = tuple(f"L{n}" for n in range(41))
    poster = qbo.poster(plus, tier=QboPlan.PLUS)
    with pytest.raises(QuickBooksRefused, match="40 classes and locations"):
        poster.ensure_references(daily_plan(locations=locations, class_tracking=True), cached={})
    assert poster.counters.writes == 0
    assert qbo.control.documents(plus, "Class") == []


def test_a_retried_create_after_a_lost_answer_finds_the_account_instead_of_duplicating(qbo, plus):
    qbo.control.fault(kind="drop", mode="close", count=1, realm_id=plus, path="/account")
    refs = qbo.poster(plus).ensure_references(daily_plan(), cached={})
    named = [a for a in qbo.control.documents(plus, "Account")
             if a["Name"] in ("Tuition Revenue", "Classbooks Receivables (Tumble Town)")]
    assert len(named) == 2
    assert {refs.accounts["revenue:tuition"], refs.accounts["receivables_clearing"]} == {a["Id"] for a in named}


def test_categories_that_share_an_income_account_create_it_once(qbo, plus):
    plan = daily_plan(categories=("camp", "summer camp"))
    keys = [AccountKey(AccountRole.REVENUE, "camp"), AccountKey(AccountRole.REVENUE, "summer camp")]
    shared = account_specs(keys, "Classbooks", "Tumble Town",
                           {"camp": "Camp Revenue", "summer camp": "Camp Revenue"})
    others = tuple(s for s in plan.accounts if s.key.role is not AccountRole.REVENUE)
    plan = replace(plan, accounts=others + shared)
    poster = qbo.poster(plus, tier=QboPlan.PLUS)
    refs = poster.ensure_references(plan, cached={})
    assert refs.accounts["revenue:camp"] == refs.accounts["revenue:summer camp"]
    assert poster.counters.by_kind["create"] == 2
