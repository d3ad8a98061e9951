"""Duplicate DocNumber (6140) on journal entries while the company warns about duplicates."""
from __future__ import annotations

import json

import pytest
from quickbooks.batch import batch_create
from quickbooks.exceptions import QuickbooksException
from quickbooks.objects.journalentry import JournalEntry
from quickbooks.objects.preferences import Preferences

from .builders import account_id, deposit, journal_entry


@pytest.fixture()
def lines(plus_qb):
    checking, services = account_id(plus_qb, "Checking"), account_id(plus_qb, "Services")
    return [("Debit", checking, 10), ("Credit", services, 10)]


def test_journal_entry_with_a_used_doc_number_is_6140(plus_qb, lines):
    first = journal_entry(lines, doc_number="CB-7").save(qb=plus_qb)
    with pytest.raises(QuickbooksException) as err:
        journal_entry(lines, doc_number="CB-7").save(qb=plus_qb)
    assert err.value.error_code == 6140
    assert err.value.message == "Duplicate Document Number Error"
    assert f"DocNumber=CB-7 is assigned to TxnType=Journal Entry with TxnId={first.Id}" \
        in err.value.detail
    assert len(JournalEntry.all(qb=plus_qb)) == 1


def test_duplicate_doc_number_is_accepted_when_the_company_does_not_warn(seeded, control,
                                                                         plus_qb, lines):
    control.company(seeded.plus_realm, warn_duplicate_journal_number=False)
    journal_entry(lines, doc_number="CB-7").save(qb=plus_qb)
    journal_entry(lines, doc_number="CB-7").save(qb=plus_qb)
    assert len(JournalEntry.all(qb=plus_qb)) == 2


def test_preferences_show_whether_the_company_warns(seeded, control, plus_qb):
    def warns() -> str:
        prefs = Preferences.get(qb=plus_qb)
        return {nv.Name: nv.Value for nv in prefs.OtherPrefs.NameValue}[
            "WarnDuplicateJournalNumber"]
    assert warns() == "true"
    control.company(seeded.plus_realm, warn_duplicate_journal_number=False)
    assert warns() == "false"


def test_include_allowduplicatedocnum_lets_a_duplicate_through(plus_qb, lines):
    journal_entry(lines, doc_number="CB-7").save(qb=plus_qb)
    journal_entry(lines, doc_number="CB-7").save(qb=plus_qb,
                                                 params={"include": "allowduplicatedocnum"})
    assert len(JournalEntry.all(qb=plus_qb)) == 2


def test_updating_a_journal_entry_keeps_its_own_doc_number(plus_qb, lines):
    je = journal_entry(lines, doc_number="CB-7").save(qb=plus_qb)
    je.PrivateNote = "edited"
    assert je.save(qb=plus_qb).DocNumber == "CB-7"


def test_updating_to_another_entrys_doc_number_is_6140(plus_qb, lines):
    journal_entry(lines, doc_number="CB-7").save(qb=plus_qb)
    other = journal_entry(lines, doc_number="CB-8").save(qb=plus_qb)
    other.DocNumber = "CB-7"
    with pytest.raises(QuickbooksException) as err:
        other.save(qb=plus_qb)
    assert err.value.error_code == 6140


def test_deleted_journal_entry_frees_its_doc_number(plus_qb, lines):
    journal_entry(lines, doc_number="CB-7").save(qb=plus_qb).delete(qb=plus_qb)
    assert journal_entry(lines, doc_number="CB-7").save(qb=plus_qb).DocNumber == "CB-7"


def test_deposits_are_not_checked_for_journal_numbers(plus_qb, lines):
    checking, services = lines[0][1], lines[1][1]
    journal_entry(lines, doc_number="CB-7").save(qb=plus_qb)
    dep = deposit(checking, [(services, 5)])
    dep.DocNumber = "CB-7"
    assert dep.save(qb=plus_qb).DocNumber == "CB-7"


def test_batch_item_with_a_used_doc_number_gets_its_own_6140(plus_qb, lines):
    journal_entry(lines, doc_number="CB-7").save(qb=plus_qb)
    result = batch_create([journal_entry(lines, doc_number="CB-7"),
                           journal_entry(lines, doc_number="CB-8")], qb=plus_qb)
    assert [f.Error[0].code for f in result.faults] == ["6140"]
    assert [je.DocNumber for je in result.successes] == ["CB-8"]


def test_second_batch_item_repeating_the_first_ones_doc_number_is_6140(plus_qb, lines):
    result = batch_create([journal_entry(lines, doc_number="CB-9"),
                           journal_entry(lines, doc_number="CB-9")], qb=plus_qb)
    assert [f.Error[0].code for f in result.faults] == ["6140"]
    assert len(JournalEntry.all(qb=plus_qb)) == 1


def test_batch_item_with_allowduplicatedocnum_option_is_accepted(plus_qb, lines):
    journal_entry(lines, doc_number="CB-7").save(qb=plus_qb)
    item = {"bId": "1", "operation": "create", "optionsData": "allowduplicatedocnum",
            "JournalEntry": json.loads(journal_entry(lines, doc_number="CB-7").to_json())}
    body = plus_qb.batch_operation(json.dumps({"BatchItemRequest": [item]}))
    assert body["BatchItemResponse"][0]["JournalEntry"]["DocNumber"] == "CB-7"
