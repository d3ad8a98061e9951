"""Name lists (Account, Class, Department, PaymentMethod, Customer, Item): QBO's refusals."""
from __future__ import annotations

import json

import pytest
from quickbooks.batch import batch_create
from quickbooks.exceptions import QuickbooksException, UnsupportedException, ValidationException
from quickbooks.objects.account import Account
from quickbooks.objects.customer import Customer
from quickbooks.objects.department import Department
from quickbooks.objects.item import Item
from quickbooks.objects.trackingclass import Class

from .builders import ref


def _account(name: str, acct_type: str = "Income") -> Account:
    a = Account()
    a.Name, a.AccountType = name, acct_type
    return a


def _class(name: str) -> Class:
    c = Class()
    c.Name = name
    return c


def test_creating_an_account_returns_id_and_sync_token_zero(plus_qb):
    created = _account("Tuition Income").save(qb=plus_qb)
    assert int(created.Id) > 0 and created.SyncToken == "0"
    assert created.Classification == "Revenue"


def test_duplicate_account_name_is_6240(plus_qb):
    _account("Tuition Income").save(qb=plus_qb)
    with pytest.raises(QuickbooksException) as err:
        _account("tuition income").save(qb=plus_qb)
    assert err.value.error_code == 6240


def test_account_name_with_a_colon_is_refused(plus_qb):
    with pytest.raises(QuickbooksException) as err:
        _account("Income:Tuition").save(qb=plus_qb)
    assert err.value.error_code == 6000


def test_account_name_over_100_characters_is_2050(plus_qb):
    with pytest.raises(ValidationException) as err:
        _account("x" * 101).save(qb=plus_qb)
    assert err.value.error_code == 2050


def test_update_with_stale_sync_token_is_5010(plus_qb):
    created = _account("Tuition Income").save(qb=plus_qb)
    fresh = Account.get(created.Id, qb=plus_qb)
    fresh.Description = "first"
    fresh.save(qb=plus_qb)
    created.Description = "second"
    with pytest.raises(QuickbooksException) as err:
        created.save(qb=plus_qb)
    assert err.value.error_code == 5010 and err.value.message == "Stale Object Error"


def test_update_bumps_sync_token(plus_qb):
    created = _account("Tuition Income").save(qb=plus_qb)
    created.Description = "Lessons"
    assert created.save(qb=plus_qb).SyncToken == "1"


def test_sparse_update_changes_only_the_fields_sent(seeded, plus_qb):
    created = _account("Tuition Income").save(qb=plus_qb)
    body = {"Id": created.Id, "SyncToken": "0", "sparse": True, "Description": "Lessons"}
    updated = plus_qb.update_object("Account", json.dumps(body))["Account"]
    assert updated["Description"] == "Lessons" and updated["Name"] == "Tuition Income"


def test_accounts_cannot_be_deleted_only_deactivated(plus_qb):
    created = _account("Tuition Income").save(qb=plus_qb)
    with pytest.raises(UnsupportedException) as err:
        plus_qb.delete_object("Account", json.dumps({"Id": created.Id, "SyncToken": "0"}))
    assert err.value.error_code == 500
    created.Active = False
    assert created.save(qb=plus_qb).Active is False


def test_deactivated_account_leaves_default_queries(plus_qb):
    created = _account("Tuition Income").save(qb=plus_qb)
    created.Active = False
    created.save(qb=plus_qb)
    assert "Tuition Income" not in {a.Name for a in Account.all(qb=plus_qb)}
    assert Account.where("Active = false", qb=plus_qb)[0].Name == "Tuition Income"


def test_deactivated_name_can_be_reused(plus_qb):
    created = _account("Tuition Income").save(qb=plus_qb)
    created.Active = False
    created.save(qb=plus_qb)
    assert _account("Tuition Income").save(qb=plus_qb).Id != created.Id


def test_reading_an_unknown_id_is_610_object_not_found(plus_qb):
    from quickbooks.exceptions import ObjectNotFoundException
    with pytest.raises(ObjectNotFoundException):
        Account.get(99999, qb=plus_qb)


def test_chart_of_accounts_stops_at_250_below_advanced(roomy, plus_qb):
    existing = len(Account.all(qb=plus_qb, max_results=1000))
    result = batch_create([_account(f"Income {n}") for n in range(250 - existing)], qb=plus_qb)
    assert not result.faults
    with pytest.raises(QuickbooksException) as err:
        _account("One too many").save(qb=plus_qb)
    assert err.value.error_code == 6000 and "250" in err.value.detail


def test_advanced_plan_has_no_chart_of_accounts_cap(roomy, seeded, control, plus_qb):
    control.company(seeded.plus_realm, plan="Advanced")
    existing = len(Account.all(qb=plus_qb, max_results=1000))
    batch_create([_account(f"Income {n}") for n in range(250 - existing)], qb=plus_qb)
    assert _account("Two hundred fifty-one").save(qb=plus_qb).Id


def test_duplicate_class_name_is_6240(plus_qb):
    _class("Ballet").save(qb=plus_qb)
    with pytest.raises(QuickbooksException) as err:
        _class("Ballet").save(qb=plus_qb)
    assert err.value.error_code == 6240


def test_classes_and_locations_stop_at_40_combined_on_plus(roomy, plus_qb):
    batch_create([_class(f"Class {n}") for n in range(30)], qb=plus_qb)
    departments = []
    for n in range(10):
        d = Department()
        d.Name = f"Location {n}"
        departments.append(d)
    assert not batch_create(departments, qb=plus_qb).faults
    with pytest.raises(QuickbooksException) as err:
        _class("Class 41").save(qb=plus_qb)
    assert "40" in err.value.detail


def test_essentials_has_no_classes(essentials_qb):
    with pytest.raises(QuickbooksException) as err:
        _class("Ballet").save(qb=essentials_qb)
    assert "Essentials" in err.value.detail


def test_duplicate_customer_display_name_is_6240(plus_qb):
    for _ in range(2):
        c = Customer()
        c.DisplayName = "Smith Family"
        if _:
            with pytest.raises(QuickbooksException) as err:
                c.save(qb=plus_qb)
            assert err.value.error_code == 6240
        else:
            c.save(qb=plus_qb)


def test_item_needs_an_existing_income_account(plus_qb):
    item = Item()
    item.Name, item.Type, item.IncomeAccountRef = "Lessons", "Service", ref("99999")
    with pytest.raises(ValidationException) as err:
        item.save(qb=plus_qb)
    assert err.value.error_code == 2500


def test_unknown_entity_path_is_an_error(plus_qb):
    from quickbooks.exceptions import ObjectNotFoundException
    with pytest.raises(ObjectNotFoundException):
        plus_qb.get_single_object("Widget", 1)
