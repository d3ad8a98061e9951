"""Closed books: BookCloseDate in Preferences, set any time through the control API, refuses
every write dated on or before it."""
from __future__ import annotations

import json

import pytest
import requests
from quickbooks.exceptions import QuickbooksException
from quickbooks.objects.account import Account
from quickbooks.objects.deposit import Deposit
from quickbooks.objects.preferences import Preferences

from .builders import deposit, journal_entry


@pytest.fixture()
def accts(roomy, plus_qb):
    return {a.Name: a.Id for a in Account.all(qb=plus_qb)}


def _je(accts, txn_date: str, number: str = "CB-1"):
    return journal_entry([("Debit", accts["Checking"], 5), ("Credit", accts["Services"], 5)],
                         txn_date=txn_date, doc_number=number)


def _close(control, seeded, when: str | None, **more) -> dict:
    return control.company(seeded.plus_realm, book_close_date=when, **more)


def test_book_close_date_is_readable_in_preferences(seeded, control, plus_qb):
    _close(control, seeded, "2026-01-31")
    prefs = Preferences.get(qb=plus_qb).to_dict()
    assert prefs["AccountingInfoPrefs"]["BookCloseDate"] == "2026-01-31"


def test_reopening_the_books_removes_book_close_date(seeded, control, plus_qb):
    _close(control, seeded, "2026-01-31")
    _close(control, seeded, None)
    assert not Preferences.get(qb=plus_qb).to_dict()["AccountingInfoPrefs"].get("BookCloseDate")


def test_a_transaction_dated_before_the_close_is_refused(seeded, control, plus_qb, accts):
    _close(control, seeded, "2026-01-31")
    with pytest.raises(QuickbooksException) as err:
        _je(accts, "2025-12-15").save(qb=plus_qb)
    assert (err.value.error_code, err.value.message) == (5010, "Account Period Closed")


def test_the_refusal_leaves_nothing_behind(seeded, control, plus_qb, accts):
    _close(control, seeded, "2026-01-31")
    with pytest.raises(QuickbooksException):
        _je(accts, "2026-01-31").save(qb=plus_qb)
    assert control.documents(seeded.plus_realm, "JournalEntry") == []


def test_moving_an_open_transaction_into_the_closed_period_is_refused(seeded, control, plus_qb,
                                                                      accts):
    je = _je(accts, "2026-02-10").save(qb=plus_qb)
    _close(control, seeded, "2026-01-31")
    je.TxnDate = "2026-01-20"
    with pytest.raises(QuickbooksException) as err:
        je.save(qb=plus_qb)
    assert err.value.message == "Account Period Closed"


def test_a_closed_transaction_cannot_be_moved_out_of_the_closed_period(seeded, control, plus_qb,
                                                                       accts):
    je = _je(accts, "2026-01-20").save(qb=plus_qb)
    _close(control, seeded, "2026-01-31")
    je.TxnDate = "2026-02-10"
    with pytest.raises(QuickbooksException) as err:
        je.save(qb=plus_qb)
    assert err.value.message == "Account Period Closed"


def test_a_deposit_in_the_closed_period_cannot_be_deleted(seeded, control, plus_qb, accts):
    dep = deposit(accts["Checking"], [(accts["Services"], 10)], txn_date="2026-01-20").save(
        qb=plus_qb)
    _close(control, seeded, "2026-01-31")
    with pytest.raises(QuickbooksException) as err:
        Deposit.get(dep.Id, qb=plus_qb).delete(qb=plus_qb)
    assert err.value.message == "Account Period Closed"


def test_the_close_date_can_move_at_any_time(seeded, control, plus_qb, accts):
    _close(control, seeded, "2026-03-31")
    with pytest.raises(QuickbooksException):
        _je(accts, "2026-03-15").save(qb=plus_qb)
    _close(control, seeded, "2026-02-28")
    assert _je(accts, "2026-03-15").save(qb=plus_qb).Id


def test_the_closed_period_code_can_be_intuits_documented_6210(seeded, control, plus_qb, accts):
    _close(control, seeded, "2026-01-31", closed_period_code="6210")
    with pytest.raises(QuickbooksException) as err:
        _je(accts, "2026-01-02").save(qb=plus_qb)
    assert (err.value.error_code, err.value.message) == (6210, "Account Period Closed")
    assert "QBO website" in err.value.detail


def test_an_unknown_closed_period_code_is_a_control_api_400(seeded, control):
    answer = requests.patch(f"{control.base}/companies/{seeded.plus_realm}",
                            json={"closed_period_code": "1234"}, timeout=5)
    assert answer.status_code == 400


def test_a_closed_batch_item_faults_alone(seeded, control, plus_qb, accts):
    _close(control, seeded, "2026-01-31")
    items = [{"bId": "old", "operation": "create",
              "JournalEntry": json.loads(_je(accts, "2026-01-15", "CB-1").to_json())},
             {"bId": "new", "operation": "create",
              "JournalEntry": json.loads(_je(accts, "2026-02-15", "CB-2").to_json())}]
    answers = plus_qb.batch_operation(json.dumps({"BatchItemRequest": items}))
    by_bid = {a["bId"]: a for a in answers["BatchItemResponse"]}
    assert by_bid["old"]["Fault"]["Error"][0]["Message"] == "Account Period Closed"
    assert by_bid["new"]["JournalEntry"]["Id"]
