"""Transactions (JournalEntry, Deposit, SalesReceipt, Payment): what QBO accepts and refuses."""
from __future__ import annotations

import json

import pytest
from quickbooks.exceptions import QuickbooksException, ValidationException
from quickbooks.objects.account import Account
from quickbooks.objects.customer import Customer
from quickbooks.objects.deposit import Deposit
from quickbooks.objects.journalentry import JournalEntry
from quickbooks.objects.payment import Payment
from quickbooks.objects.salesreceipt import SalesReceipt
from quickbooks.objects.trackingclass import Class

from .builders import account_id, deposit, journal_entry, ref


@pytest.fixture()
def accts(plus_qb):
    return {a.Name: a.Id for a in Account.all(qb=plus_qb)}  # one call: stays under 10/s


def _customer(qb, name="Smith Family") -> str:
    c = Customer()
    c.DisplayName = name
    return c.save(qb=qb).Id


def test_balanced_journal_entry_is_posted_with_its_total(plus_qb, accts):
    je = journal_entry([("Debit", accts["Checking"], 120.5),
                        ("Credit", accts["Services"], 120.5)]).save(qb=plus_qb)
    assert je.TotalAmt == 120.5 and je.DocNumber == "CB-1"


def test_unbalanced_journal_entry_is_refused(plus_qb, accts):
    with pytest.raises(QuickbooksException) as err:
        journal_entry([("Debit", accts["Checking"], 100),
                       ("Credit", accts["Services"], 99.99)]).save(qb=plus_qb)
    assert err.value.error_code == 6000 and "balanced" in err.value.detail


def test_journal_entry_with_unknown_account_is_2500(plus_qb, accts):
    with pytest.raises(ValidationException) as err:
        journal_entry([("Debit", "99999", 10), ("Credit", accts["Services"], 10)]).save(
            qb=plus_qb)
    assert err.value.error_code == 2500


def test_journal_entry_with_inactive_account_is_2500(plus_qb, accts):
    acct = Account.get(accts["Services"], qb=plus_qb)
    acct.Active = False
    acct.save(qb=plus_qb)
    with pytest.raises(ValidationException) as err:
        journal_entry([("Debit", accts["Checking"], 10), ("Credit", accts["Services"], 10)]) \
            .save(qb=plus_qb)
    assert err.value.error_code == 2500


def test_receivables_line_without_a_customer_is_refused(plus_qb, accts):
    with pytest.raises(QuickbooksException) as err:
        journal_entry([("Debit", accts["Accounts Receivable (A/R)"], 10),
                       ("Credit", accts["Services"], 10)]).save(qb=plus_qb)
    assert "customer" in err.value.detail


def test_receivables_line_with_a_customer_is_accepted(plus_qb, accts):
    customer = _customer(plus_qb)
    je = journal_entry([("Debit", accts["Accounts Receivable (A/R)"], 10),
                        ("Credit", accts["Services"], 10)], customer_id=customer)
    assert je.save(qb=plus_qb).Id


def test_doc_number_longer_than_21_characters_is_2050(plus_qb, accts):
    with pytest.raises(ValidationException) as err:
        journal_entry([("Debit", accts["Checking"], 1), ("Credit", accts["Services"], 1)],
                      doc_number="D" * 22).save(qb=plus_qb)
    assert err.value.error_code == 2050


def test_class_ref_on_a_company_with_class_tracking_is_accepted(plus_qb, accts):
    c = Class()
    c.Name = "Ballet"
    ballet = c.save(qb=plus_qb).Id
    je = journal_entry([("Debit", accts["Checking"], 5), ("Credit", accts["Services"], 5)],
                       class_id=ballet).save(qb=plus_qb)
    assert je.Line[0].JournalEntryLineDetail.ClassRef.value == ballet


def test_class_ref_is_refused_when_class_tracking_is_off(seeded, control, plus_qb, accts):
    c = Class()
    c.Name = "Ballet"
    ballet = c.save(qb=plus_qb).Id
    control.company(seeded.plus_realm, class_tracking="none")
    with pytest.raises(QuickbooksException) as err:
        journal_entry([("Debit", accts["Checking"], 5), ("Credit", accts["Services"], 5)],
                      class_id=ballet).save(qb=plus_qb)
    assert "Class tracking" in err.value.detail


def test_class_ref_is_refused_on_essentials(essentials_qb):
    checking, services = account_id(essentials_qb, "Checking"), account_id(essentials_qb,
                                                                             "Services")
    with pytest.raises(QuickbooksException) as err:
        journal_entry([("Debit", checking, 5), ("Credit", services, 5)], class_id="1").save(
            qb=essentials_qb)
    assert err.value.error_code == 6000


def test_transaction_dated_on_the_book_close_date_is_refused(seeded, control, plus_qb, accts):
    control.company(seeded.plus_realm, book_close_date="2026-03-02")
    with pytest.raises(QuickbooksException) as err:
        journal_entry([("Debit", accts["Checking"], 1), ("Credit", accts["Services"], 1)],
                      txn_date="2026-03-02").save(qb=plus_qb)
    assert err.value.message == "Account Period Closed"


def test_transaction_dated_after_the_book_close_date_is_accepted(seeded, control, plus_qb,
                                                                 accts):
    control.company(seeded.plus_realm, book_close_date="2026-03-01")
    assert journal_entry([("Debit", accts["Checking"], 1), ("Credit", accts["Services"], 1)],
                         txn_date="2026-03-02").save(qb=plus_qb).Id


def test_deleting_a_transaction_in_a_closed_period_is_refused(seeded, control, plus_qb, accts):
    je = journal_entry([("Debit", accts["Checking"], 1), ("Credit", accts["Services"], 1)],
                       txn_date="2026-01-15").save(qb=plus_qb)
    control.company(seeded.plus_realm, book_close_date="2026-01-31")
    with pytest.raises(QuickbooksException) as err:
        je.delete(qb=plus_qb)
    assert err.value.message == "Account Period Closed"


def test_journal_entry_can_be_deleted_with_its_sync_token(plus_qb, accts):
    je = journal_entry([("Debit", accts["Checking"], 1), ("Credit", accts["Services"], 1)]).save(
        qb=plus_qb)
    assert je.delete(qb=plus_qb)["JournalEntry"]["status"] == "Deleted"
    assert JournalEntry.all(qb=plus_qb) == []


def test_deposit_to_a_bank_account_is_posted(plus_qb, accts):
    dep = deposit(accts["Checking"], [(accts["Undeposited Funds"], 80),
                                      (accts["Services"], 20)]).save(qb=plus_qb)
    assert dep.TotalAmt == 100


def test_deposit_to_an_income_account_is_refused(plus_qb, accts):
    with pytest.raises(QuickbooksException) as err:
        deposit(accts["Services"], [(accts["Undeposited Funds"], 10)]).save(qb=plus_qb)
    assert "Bank or Other Current Asset" in err.value.detail


def test_deposit_with_a_negative_total_is_refused(plus_qb, accts):
    with pytest.raises(QuickbooksException) as err:
        deposit(accts["Checking"], [(accts["Undeposited Funds"], 10),
                                    (accts["Services"], -25)]).save(qb=plus_qb)
    assert "negative" in err.value.detail


def test_deposit_with_a_negative_line_but_positive_total_is_accepted(plus_qb, accts):
    dep = deposit(accts["Checking"], [(accts["Undeposited Funds"], 100),
                                      (accts["Discounts given"], -3)]).save(qb=plus_qb)
    assert dep.TotalAmt == 97


def test_sales_receipt_defaults_to_undeposited_funds(plus_qb, accts):
    receipt = SalesReceipt.from_json({"TxnDate": "2026-03-02", "Line": [{
        "Amount": 45, "DetailType": "SalesItemLineDetail",
        "SalesItemLineDetail": {"ItemRef": {"value": _services_item(plus_qb)}}}]})
    saved = receipt.save(qb=plus_qb)
    assert saved.DepositToAccountRef.value == accts["Undeposited Funds"] and saved.TotalAmt == 45


def test_sales_receipt_can_be_voided(plus_qb):
    receipt = SalesReceipt.from_json({"TxnDate": "2026-03-02", "Line": [{
        "Amount": 45, "DetailType": "SalesItemLineDetail",
        "SalesItemLineDetail": {"ItemRef": {"value": _services_item(plus_qb)}}}]}).save(
        qb=plus_qb)
    receipt.void(qb=plus_qb)
    assert SalesReceipt.get(receipt.Id, qb=plus_qb).TotalAmt == 0


def test_payment_needs_a_customer(plus_qb):
    with pytest.raises(ValidationException) as err:
        Payment.from_json({"TotalAmt": 30, "TxnDate": "2026-03-02"}).save(qb=plus_qb)
    assert err.value.error_code == 2020


def test_unapplied_payment_is_posted(plus_qb):
    payment = Payment.from_json({"TotalAmt": 30, "TxnDate": "2026-03-02",
                                 "CustomerRef": {"value": _customer(plus_qb)}}).save(qb=plus_qb)
    assert payment.UnappliedAmt == 30


def test_full_update_replaces_the_lines(plus_qb, accts):
    je = journal_entry([("Debit", accts["Checking"], 1), ("Credit", accts["Services"], 1)]).save(
        qb=plus_qb)
    je.Line[0].Amount = je.Line[1].Amount = 7
    updated = je.save(qb=plus_qb)
    assert updated.TotalAmt == 7 and updated.SyncToken == "1"


def test_sparse_update_of_a_journal_entry_keeps_its_lines(plus_qb, accts):
    je = journal_entry([("Debit", accts["Checking"], 3), ("Credit", accts["Services"], 3)]).save(
        qb=plus_qb)
    body = {"Id": je.Id, "SyncToken": je.SyncToken, "sparse": True, "PrivateNote": "hello"}
    updated = plus_qb.update_object("JournalEntry", json.dumps(body))["JournalEntry"]
    assert updated["PrivateNote"] == "hello" and updated["TotalAmt"] == 3


def test_delete_with_a_stale_sync_token_is_5010(plus_qb, accts):
    je = journal_entry([("Debit", accts["Checking"], 1), ("Credit", accts["Services"], 1)]).save(
        qb=plus_qb)
    je.PrivateNote = "changed"
    je.save(qb=plus_qb)
    with pytest.raises(QuickbooksException) as err:
        je.delete(qb=plus_qb)  # still holds SyncToken 0
    assert err.value.error_code == 5010


def _services_item(qb) -> str:
    from quickbooks.objects.item import Item
    return Item.filter(Name="Services", qb=qb)[0].Id


def test_deposit_can_link_a_sales_receipt_held_in_undeposited_funds(plus_qb, accts):
    receipt = SalesReceipt.from_json({"TxnDate": "2026-03-02", "Line": [{
        "Amount": 45, "DetailType": "SalesItemLineDetail",
        "SalesItemLineDetail": {"ItemRef": {"value": _services_item(plus_qb)}}}]}).save(
        qb=plus_qb)
    dep = Deposit.from_json({"TxnDate": "2026-03-03",
                             "DepositToAccountRef": {"value": accts["Checking"]},
                             "Line": [{"Amount": 45, "LinkedTxn": [
                                 {"TxnId": receipt.Id, "TxnType": "SalesReceipt",
                                  "TxnLineId": "0"}]}]}).save(qb=plus_qb)
    assert dep.TotalAmt == 45


def test_department_ref_is_refused_when_location_tracking_is_off(seeded, control, plus_qb,
                                                                 accts):
    from quickbooks.objects.department import Department
    d = Department()
    d.Name = "Downtown"
    downtown = d.save(qb=plus_qb).Id
    control.company(seeded.plus_realm, track_departments=False)
    je = journal_entry([("Debit", accts["Checking"], 1), ("Credit", accts["Services"], 1)])
    je.DepartmentRef = ref(downtown)
    with pytest.raises(QuickbooksException) as err:
        je.save(qb=plus_qb)
    assert "Location tracking" in err.value.detail
