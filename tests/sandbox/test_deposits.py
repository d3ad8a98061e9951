"""Bank deposits: account lines, payout fees, and taking Undeposited Funds lines of a journal entry."""
from __future__ import annotations

import pytest
from quickbooks.exceptions import QuickbooksException
from quickbooks.objects.account import Account
from quickbooks.objects.customer import Customer
from quickbooks.objects.deposit import Deposit
from quickbooks.objects.journalentry import JournalEntry
from quickbooks.objects.paymentmethod import PaymentMethod
from quickbooks.objects.salesreceipt import SalesReceipt

from .builders import journal_entry


@pytest.fixture()
def accts(roomy, plus_qb):
    return {a.Name: a.Id for a in Account.all(qb=plus_qb)}


@pytest.fixture()
def night(plus_qb, accts) -> JournalEntry:
    """A night's cash takings: line 0 debits Undeposited Funds 100, line 1 debits it 50."""
    return journal_entry([("Debit", accts["Undeposited Funds"], 100),
                          ("Debit", accts["Undeposited Funds"], 50),
                          ("Credit", accts["Services"], 150)], txn_date="2026-03-02").save(
        qb=plus_qb)


def _link(je_id: str, line_id: str, amount: float) -> dict:
    return {"Amount": amount, "LinkedTxn": [{"TxnId": je_id, "TxnType": "JournalEntry",
                                             "TxnLineId": line_id}]}


def _fee(account: str, amount: float) -> dict:
    return {"Amount": amount, "DetailType": "DepositLineDetail",
            "DepositLineDetail": {"AccountRef": {"value": account}}}


def _deposit(qb, to_account: str, lines: list[dict], txn_date: str = "2026-03-03") -> Deposit:
    return Deposit.from_json({"TxnDate": txn_date, "DepositToAccountRef": {"value": to_account},
                              "Line": lines}).save(qb=qb)


def test_a_deposit_takes_a_journal_entrys_undeposited_funds_line(seeded, control, plus_qb,
                                                                 accts, night):
    dep = _deposit(plus_qb, accts["Checking"], [_link(night.Id, "0", 100)])
    assert dep.TotalAmt == 100
    balances = control.balances(seeded.plus_realm, "2026-03-31")
    assert (balances["Checking"], balances["Undeposited Funds"]) == ("100.00", "50.00")


def test_a_deposit_may_take_several_lines_of_one_journal_entry(seeded, control, plus_qb, accts,
                                                               night):
    _deposit(plus_qb, accts["Checking"], [_link(night.Id, "0", 100), _link(night.Id, "1", 50)])
    assert control.balances(seeded.plus_realm, "2026-03-31")["Undeposited Funds"] == "0.00"


def test_a_payout_deposit_withholds_fees_as_negative_lines(seeded, control, plus_qb, accts,
                                                           night):
    dep = _deposit(plus_qb, accts["Checking"], [_link(night.Id, "0", 100),
                                                _fee(accts["Bank Charges & Fees"], -3.25)])
    assert dep.TotalAmt == 96.75
    balances = control.balances(seeded.plus_realm, "2026-03-31")
    assert balances["Checking"] == "96.75"
    assert balances["Bank Charges & Fees"] == "3.25"
    assert balances["Undeposited Funds"] == "50.00"


def test_a_payout_whose_fees_exceed_its_takings_is_refused(plus_qb, accts, night):
    with pytest.raises(QuickbooksException) as err:
        _deposit(plus_qb, accts["Checking"], [_link(night.Id, "0", 100),
                                              _fee(accts["Bank Charges & Fees"], -100.01)])
    assert err.value.error_code == 6000 and "negative total" in err.value.detail


def test_a_journal_entry_line_cannot_be_deposited_twice(plus_qb, accts, night):
    _deposit(plus_qb, accts["Checking"], [_link(night.Id, "0", 100)])
    with pytest.raises(QuickbooksException) as err:
        _deposit(plus_qb, accts["Savings"], [_link(night.Id, "0", 100)])
    assert err.value.error_code == 620 and "already deposited" in err.value.detail


def test_one_deposit_cannot_take_the_same_line_twice(plus_qb, accts, night):
    with pytest.raises(QuickbooksException) as err:
        _deposit(plus_qb, accts["Checking"], [_link(night.Id, "0", 100),
                                              _link(night.Id, "0", 100)])
    assert err.value.error_code == 620


def test_a_linked_line_must_deposit_the_whole_amount_of_the_line(plus_qb, accts, night):
    with pytest.raises(QuickbooksException) as err:
        _deposit(plus_qb, accts["Checking"], [_link(night.Id, "0", 99.99)])
    assert err.value.error_code == 6000 and "whole amount" in err.value.detail


def test_a_line_not_posted_to_undeposited_funds_cannot_be_deposited(plus_qb, accts, night):
    with pytest.raises(QuickbooksException) as err:
        _deposit(plus_qb, accts["Checking"], [_link(night.Id, "2", 150)])  # the Services credit
    assert "not a debit to Undeposited Funds" in err.value.detail


def test_a_journal_entry_link_needs_its_line_id(plus_qb, accts, night):
    line = _link(night.Id, "", 100)
    with pytest.raises(QuickbooksException) as err:
        _deposit(plus_qb, accts["Checking"], [line])
    assert err.value.error_code == 2020


def test_a_link_to_an_unknown_journal_entry_line_is_2500(plus_qb, accts, night):
    with pytest.raises(QuickbooksException) as err:
        _deposit(plus_qb, accts["Checking"], [_link(night.Id, "7", 100)])
    assert err.value.error_code == 2500


def test_a_deposited_journal_entry_cannot_be_deleted(plus_qb, accts, night):
    _deposit(plus_qb, accts["Checking"], [_link(night.Id, "0", 100)])
    with pytest.raises(QuickbooksException) as err:
        night.delete(qb=plus_qb)
    assert err.value.error_code == 6540


def test_a_deposited_journal_entry_cannot_be_changed(plus_qb, accts, night):
    _deposit(plus_qb, accts["Checking"], [_link(night.Id, "0", 100)])
    night.PrivateNote = "edited"
    with pytest.raises(QuickbooksException) as err:
        night.save(qb=plus_qb)
    assert err.value.error_code == 6540 and err.value.message == \
        "Deposited Transaction cannot be changed"


def test_deleting_the_deposit_frees_the_line_and_restores_the_balances(seeded, control, plus_qb,
                                                                       accts, night):
    dep = _deposit(plus_qb, accts["Checking"], [_link(night.Id, "0", 100)])
    assert dep.delete(qb=plus_qb)["Deposit"]["status"] == "Deleted"
    balances = control.balances(seeded.plus_realm, "2026-03-31")
    assert (balances["Checking"], balances["Undeposited Funds"]) == ("0.00", "150.00")
    assert _deposit(plus_qb, accts["Savings"], [_link(night.Id, "0", 100)]).TotalAmt == 100


def test_deleting_a_deposit_with_a_stale_sync_token_is_5010(plus_qb, accts, night):
    dep = _deposit(plus_qb, accts["Checking"], [_link(night.Id, "0", 100)])
    dep.PrivateNote = "changed"
    dep.save(qb=plus_qb)
    with pytest.raises(QuickbooksException) as err:
        dep.delete(qb=plus_qb)  # still SyncToken 0
    assert err.value.error_code == 5010


def test_a_deposit_is_read_back_and_found_by_query(plus_qb, accts, night):
    dep = _deposit(plus_qb, accts["Checking"], [_link(night.Id, "0", 100)])
    assert Deposit.get(dep.Id, qb=plus_qb).Line[0].LinkedTxn[0].TxnId == night.Id
    assert [d.Id for d in Deposit.filter(TxnDate="2026-03-03", qb=plus_qb)] == [dep.Id]


def test_a_deposit_to_an_other_current_asset_account_is_accepted(plus_qb, accts, night):
    assert _deposit(plus_qb, accts["Uncategorized Asset"], [_link(night.Id, "0", 100)]).Id


def test_a_deposit_to_a_credit_card_account_is_refused(plus_qb, accts):
    card = Account()
    card.Name, card.AccountType = "Visa card", "Credit Card"
    card_id = card.save(qb=plus_qb).Id
    with pytest.raises(QuickbooksException) as err:
        _deposit(plus_qb, card_id, [_fee(accts["Services"], 10)])
    assert "Bank or Other Current Asset" in err.value.detail


def test_a_deposit_line_keeps_its_customer_payment_method_and_check_number(plus_qb, accts):
    customer = Customer()
    customer.DisplayName = "Smith Family"
    customer_id = customer.save(qb=plus_qb).Id
    check = PaymentMethod.filter(Name="Check", qb=plus_qb)[0].Id
    line = _fee(accts["Services"], 40)
    line["DepositLineDetail"].update({"Entity": {"value": customer_id},
                                      "PaymentMethodRef": {"value": check}, "CheckNum": "1042"})
    detail = _deposit(plus_qb, accts["Checking"], [line]).Line[0].DepositLineDetail
    assert detail.Entity.value == customer_id and detail.Entity.name == "Smith Family"
    assert (detail.PaymentMethodRef.name, detail.CheckNum) == ("Check", "1042")


def test_a_deposit_line_naming_an_unknown_customer_is_2500(plus_qb, accts):
    line = _fee(accts["Services"], 40)
    line["DepositLineDetail"]["Entity"] = {"value": "99999"}
    with pytest.raises(QuickbooksException) as err:
        _deposit(plus_qb, accts["Checking"], [line])
    assert err.value.error_code == 2500


def test_a_sales_receipt_received_into_the_bank_cannot_be_deposited_again(plus_qb, accts):
    from quickbooks.objects.item import Item
    item = Item.filter(Name="Services", qb=plus_qb)[0].Id
    receipt = SalesReceipt.from_json({
        "TxnDate": "2026-03-02", "DepositToAccountRef": {"value": accts["Checking"]},
        "Line": [{"Amount": 45, "DetailType": "SalesItemLineDetail",
                  "SalesItemLineDetail": {"ItemRef": {"value": item}}}]}).save(qb=plus_qb)
    with pytest.raises(QuickbooksException) as err:
        _deposit(plus_qb, accts["Savings"], [{"Amount": 45, "LinkedTxn": [
            {"TxnId": receipt.Id, "TxnType": "SalesReceipt", "TxnLineId": "0"}]}])
    assert "not received into Undeposited Funds" in err.value.detail
