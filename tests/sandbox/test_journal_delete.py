"""Deleting a JournalEntry (operation=delete with Id and SyncToken): gone from the books,
the reports and reads, and reported as Deleted by CDC."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from quickbooks.cdc import change_data_capture
from quickbooks.exceptions import QuickbooksException
from quickbooks.objects.account import Account
from quickbooks.objects.journalentry import JournalEntry

from .builders import journal_entry


@pytest.fixture()
def accts(roomy, plus_qb):
    return {a.Name: a.Id for a in Account.all(qb=plus_qb)}


@pytest.fixture()
def posted(plus_qb, accts) -> JournalEntry:
    return journal_entry([("Debit", accts["Checking"], 40), ("Credit", accts["Services"], 40)],
                         txn_date="2026-03-02").save(qb=plus_qb)


def test_a_deleted_journal_entry_leaves_the_balances(seeded, control, plus_qb, posted):
    posted.delete(qb=plus_qb)
    balances = control.balances(seeded.plus_realm, "2026-03-31")
    assert (balances["Checking"], balances["Services"]) == ("0.00", "0.00")


def test_a_deleted_journal_entry_leaves_the_balance_sheet(plus_qb, accts, posted):
    before = plus_qb.get_report("BalanceSheet", {"end_date": "2026-03-31"})
    posted.delete(qb=plus_qb)
    after = plus_qb.get_report("BalanceSheet", {"end_date": "2026-03-31"})
    assert accts["Checking"] in str(before["Rows"]) and accts["Checking"] not in str(
        after["Rows"])


def test_a_deleted_journal_entry_leaves_the_general_ledger(plus_qb, posted):
    posted.delete(qb=plus_qb)
    report = plus_qb.get_report("GeneralLedger", {"end_date": "2026-03-31"})
    assert report["Rows"]["Row"] == []


def test_reading_a_deleted_journal_entry_is_610(plus_qb, posted):
    posted.delete(qb=plus_qb)
    with pytest.raises(QuickbooksException) as err:
        JournalEntry.get(posted.Id, qb=plus_qb)
    assert err.value.error_code == 610


def test_deleting_it_twice_is_610(plus_qb, posted):
    posted.delete(qb=plus_qb)
    with pytest.raises(QuickbooksException) as err:
        posted.delete(qb=plus_qb)
    assert err.value.error_code == 610


def test_cdc_after_the_delete_reports_an_entry_created_before_it_as_deleted(control, plus_qb,
                                                                           posted):
    since = datetime.fromisoformat(control.call("GET", "/clock")["now"]) + timedelta(seconds=1)
    control.advance(5)
    posted.delete(qb=plus_qb)
    result = change_data_capture([JournalEntry], since.isoformat(), qb=plus_qb)
    assert [(x.Id, x.status) for x in result.JournalEntry] == [(posted.Id, "Deleted")]
