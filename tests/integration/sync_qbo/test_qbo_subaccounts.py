"""A mapped "Parent:Child" name: the references step finds the sub-account by its full name, or
creates the missing parents and then the child under them, in the QuickBooks sandbox."""
from __future__ import annotations

from dataclasses import replace

import pytest
import requests
from qbo_builders import daily_plan

from chalicelib.domain.accounts import AccountKey, AccountRole, AccountSpec
from chalicelib.domain.journal import PostingPlan
from chalicelib.domain.plans import QboPlan
from chalicelib.domain.specs import account_specs
from chalicelib.sync.ports import QuickBooksRefused


def _mapped(plan: PostingPlan, names: dict[str, str]) -> PostingPlan:
    """`plan` with its revenue categories mapped to `names` (what the admin's mapping does)."""
    keys = [AccountKey(AccountRole.REVENUE, c) for c in names]
    others = tuple(s for s in plan.accounts if s.key.role is not AccountRole.REVENUE)
    return replace(plan, accounts=others + account_specs(keys, "Classbooks", "Tumble Town", names))


def _by_full_name(qbo, realm) -> dict[str, dict]:
    return {a["FullyQualifiedName"]: a for a in qbo.control.documents(realm, "Account")}


def _create_account(qbo, realm, name, account_type, subtype=None, parent=None) -> str:
    body = {"Name": name, "AccountType": account_type}
    if subtype:
        body["AccountSubType"] = subtype
    if parent:
        body["ParentRef"] = {"value": parent}
    auth = qbo.tokens[realm].auth
    response = requests.post(f"{qbo.seeded.base_url}/v3/company/{realm}/account", json=body,
                             headers={"Authorization": f"Bearer {auth.access_token}",
                                      "Accept": "application/json"}, timeout=5)
    assert response.status_code == 200, response.text
    return str(response.json()["Account"]["Id"])


def test_a_missing_parent_is_created_then_the_child_under_it(qbo, plus):
    refs = qbo.poster(plus).ensure_references(_mapped(daily_plan(), {"tuition": "Revenue:Classes"}), cached={})
    accounts = _by_full_name(qbo, plus)
    parent, child = accounts["Revenue"], accounts["Revenue:Classes"]
    assert (parent["AccountType"], parent["AccountSubType"], parent["SubAccount"]) == ("Income", "ServiceFeeIncome", False)
    assert (child["Name"], child["AccountType"], child["SubAccount"]) == ("Classes", "Income", True)
    assert child["ParentRef"]["value"] == parent["Id"]
    assert refs.accounts["revenue:tuition"] == child["Id"]
    assert "account:revenue" not in refs.cache  # only the accounts lines post to are remembered


def test_an_existing_parent_is_used_and_only_the_child_is_created(qbo, plus):
    qbo.poster(plus)  # connects
    parent = _create_account(qbo, plus, "Revenue", "Income", "SalesOfProductIncome")
    poster = qbo.poster(plus, tier=QboPlan.PLUS)
    refs = poster.ensure_references(_mapped(daily_plan(), {"tuition": "revenue : Classes"}), cached={})
    child = _by_full_name(qbo, plus)["Revenue:Classes"]
    assert child["ParentRef"]["value"] == parent and refs.accounts["revenue:tuition"] == child["Id"]
    assert [a["Name"] for a in qbo.control.documents(plus, "Account")].count("Revenue") == 1
    assert poster.counters.by_kind == {"query": 1, "create": 2}  # the child and the clearing account


def test_an_existing_sub_account_is_found_by_its_full_name_not_by_a_same_named_top_level_account(qbo, plus):
    qbo.poster(plus)
    _create_account(qbo, plus, "Classes", "Bank", "Checking")  # same Name, another account
    parent = _create_account(qbo, plus, "Revenue", "Income", "ServiceFeeIncome")
    child = _create_account(qbo, plus, "Classes", "Income", "ServiceFeeIncome", parent=parent)
    before = len(qbo.control.documents(plus, "Account"))
    refs = qbo.poster(plus).ensure_references(_mapped(daily_plan(), {"tuition": "Revenue:Classes"}), cached={})
    assert refs.accounts["revenue:tuition"] == child
    assert len(qbo.control.documents(plus, "Account")) == before + 1  # the clearing account only


def test_three_levels_are_created_top_down_and_a_second_run_creates_nothing(qbo, plus):
    plan = _mapped(daily_plan(), {"tuition": "Revenue:Classes:Ballet"})
    first = qbo.poster(plus).ensure_references(plan, cached={})
    accounts = _by_full_name(qbo, plus)
    assert accounts["Revenue:Classes:Ballet"]["ParentRef"]["value"] == accounts["Revenue:Classes"]["Id"]
    assert accounts["Revenue:Classes"]["ParentRef"]["value"] == accounts["Revenue"]["Id"]
    count = len(accounts)
    uncached = qbo.poster(plus).ensure_references(replace(plan, run_id="run-2"), cached={})
    assert uncached.accounts == first.accounts and len(qbo.control.documents(plus, "Account")) == count


def test_two_categories_under_one_new_parent_create_it_once(qbo, plus):
    plan = _mapped(daily_plan(categories=("tuition", "camp")), {"tuition": "Revenue:Classes", "camp": "Revenue:Camps"})
    poster = qbo.poster(plus, tier=QboPlan.PLUS)
    refs = poster.ensure_references(plan, cached={})
    accounts = _by_full_name(qbo, plus)
    assert [a["Name"] for a in accounts.values()].count("Revenue") == 1
    assert {accounts["Revenue:Classes"]["ParentRef"]["value"], accounts["Revenue:Camps"]["ParentRef"]["value"]} == {
        accounts["Revenue"]["Id"]}
    assert refs.accounts["revenue:camp"] == accounts["Revenue:Camps"]["Id"]
    assert poster.counters.by_kind["create"] == 4  # Revenue, its two children, the clearing account


def test_an_existing_parent_of_another_type_is_refused_before_anything_is_created(qbo, plus):
    qbo.poster(plus)
    _create_account(qbo, plus, "Revenue", "Expense", "BankCharges")
    before = len(qbo.control.documents(plus, "Account"))
    poster = qbo.poster(plus)
    with pytest.raises(QuickBooksRefused) as refused:
        poster.ensure_references(_mapped(daily_plan(), {"tuition": "Revenue:Classes"}), cached={})
    message = str(refused.value)
    assert 'cannot create the account "Revenue:Classes"' in message
    assert 'its parent "Revenue" is an Expense account' in message and "(Income here)" in message
    assert poster.counters.writes == 0 and len(qbo.control.documents(plus, "Account")) == before


def test_two_mapped_accounts_that_would_need_one_new_parent_of_two_types_are_refused(qbo, plus):
    plan = _mapped(daily_plan(), {"tuition": "Misc:Classes"})
    tax = AccountSpec(AccountKey(AccountRole.SALES_TAX_PAYABLE, "Sales Tax"), "Misc:Tax",
                      "Other Current Liability", "OtherCurrentLiabilities")
    poster = qbo.poster(plus)
    with pytest.raises(QuickBooksRefused, match='its parent "Misc" would be created as'):
        poster.ensure_references(replace(plan, accounts=(*plan.accounts, tax)), cached={})
    assert poster.counters.writes == 0


def test_a_sub_account_that_is_not_there_is_never_created_for_a_refund_route(qbo, plus):
    plan = daily_plan()
    route = AccountSpec(AccountKey(AccountRole.REFUND_ACCOUNT, "cash"), "Checking:Drawer", None, None,
                        create=False, allowed_types=("Bank", "Other Current Asset"))
    with pytest.raises(QuickBooksRefused, match='"Checking:Drawer" chosen for Classbooks'):
        qbo.poster(plus).ensure_references(replace(plan, accounts=(*plan.accounts, route)), cached={})


def test_a_lost_answer_for_a_sub_account_is_reconciled_by_its_full_name(qbo, plus):
    qbo.poster(plus)
    elsewhere = _create_account(qbo, plus, "Other", "Income", "ServiceFeeIncome")
    _create_account(qbo, plus, "Classes", "Income", "ServiceFeeIncome", parent=elsewhere)  # same Name
    qbo.control.fault(kind="drop", mode="close", count=1, realm_id=plus, path="/account")
    refs = qbo.poster(plus).ensure_references(_mapped(daily_plan(), {"tuition": "Revenue:Classes"}), cached={})
    accounts = _by_full_name(qbo, plus)
    assert refs.accounts["revenue:tuition"] == accounts["Revenue:Classes"]["Id"]
    assert [a["Name"] for a in accounts.values()].count("Revenue") == 1
