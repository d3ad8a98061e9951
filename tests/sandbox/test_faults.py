"""Injected faults: N failing calls, hangs past a timeout, writes whose answer is lost."""
from __future__ import annotations

import time

import pytest
import requests
from intuitlib.exceptions import AuthClientError
from quickbooks.exceptions import QuickbooksException, SevereException, ValidationException
from quickbooks.objects.account import Account
from quickbooks.objects.journalentry import JournalEntry

from .builders import journal_entry


@pytest.fixture()
def lines(plus_qb):
    accounts = {a.Name: a.Id for a in Account.all(qb=plus_qb)}
    return [("Debit", accounts["Checking"], 10), ("Credit", accounts["Services"], 10)]


def test_next_n_matching_calls_fail_with_503_then_recover(seeded, control, plus_qb):
    control.fault(kind="status", status=503, count=2, realm_id=seeded.plus_realm)
    for _ in range(2):
        with pytest.raises(SevereException):
            Account.all(qb=plus_qb)
    assert Account.all(qb=plus_qb)


def test_injected_429_uses_the_throttle_body(seeded, control, plus_qb):
    control.fault(kind="status", status=429, count=1)
    with pytest.raises(ValidationException) as err:
        Account.all(qb=plus_qb)
    assert err.value.error_code == 3001


def test_fault_filtered_by_realm_spares_other_companies(seeded, control, plus_qb,
                                                        essentials_qb):
    control.fault(kind="status", status=500, count=1, realm_id=seeded.plus_realm)
    assert Account.all(qb=essentials_qb)
    with pytest.raises(SevereException):
        Account.all(qb=plus_qb)


def test_fault_filtered_by_path_and_method_hits_only_those_calls(control, plus_qb, lines):
    control.fault(kind="status", status=500, count=1, path="/journalentry", method="POST")
    assert Account.all(qb=plus_qb)
    with pytest.raises(SevereException):
        journal_entry(lines).save(qb=plus_qb)
    assert journal_entry(lines).save(qb=plus_qb).Id


def test_failed_injected_call_changes_nothing(seeded, control, plus_qb, lines):
    control.fault(kind="status", status=503, count=1, path="/journalentry")
    with pytest.raises(SevereException):
        journal_entry(lines).save(qb=plus_qb)
    assert control.documents(seeded.plus_realm, "JournalEntry") == []


def test_hang_outlasts_a_client_timeout(seeded, control, plus_qb):
    control.fault(kind="hang", seconds=0.5, count=1)
    url = f"{plus_qb.api_url}/company/{plus_qb.company_id}/preferences"
    with pytest.raises(requests.exceptions.ReadTimeout):
        plus_qb.session.get(url, timeout=0.1,
                            headers={"Authorization": "Bearer " + plus_qb.session.access_token})


def test_hang_then_answers_normally(control, plus_qb):
    control.fault(kind="hang", seconds=0.3, count=1)
    started = time.monotonic()
    assert Account.all(qb=plus_qb)
    assert time.monotonic() - started >= 0.3


def test_commit_then_500_keeps_the_write(seeded, control, plus_qb, lines):
    control.fault(kind="drop", mode="500", count=1, path="/journalentry")
    with pytest.raises(QuickbooksException):
        journal_entry(lines).save(qb=plus_qb, request_id="doc-1")
    assert len(control.documents(seeded.plus_realm, "JournalEntry")) == 1


def test_retry_with_the_same_request_id_after_a_lost_answer_returns_the_original(
        seeded, control, plus_qb, lines):
    control.fault(kind="drop", mode="close", count=1, path="/journalentry")
    with pytest.raises(requests.exceptions.ConnectionError):
        journal_entry(lines).save(qb=plus_qb, request_id="doc-1")
    retried = journal_entry(lines).save(qb=plus_qb, request_id="doc-1")
    assert [d["Id"] for d in control.documents(seeded.plus_realm, "JournalEntry")] == \
        [retried.Id]
    assert JournalEntry.get(retried.Id, qb=plus_qb).TotalAmt == 10


def test_token_endpoint_can_fail_too(seeded, control, plus_auth):
    control.fault(kind="status", status=503, count=1, path="/oauth2/v1/tokens/bearer")
    with pytest.raises(AuthClientError) as err:
        plus_auth.refresh()
    assert err.value.status_code == 503
    plus_auth.refresh()


def test_lost_refresh_answer_leaves_the_old_refresh_token_superseded(seeded, control,
                                                                     plus_auth):
    old = plus_auth.refresh_token
    control.fault(kind="drop", mode="close", count=1, path="/oauth2/v1/tokens/bearer")
    with pytest.raises(requests.exceptions.ConnectionError):
        plus_auth.refresh()
    with pytest.raises(AuthClientError) as err:
        plus_auth.refresh(refresh_token=old)
    assert err.value.response.json() == {"error": "invalid_grant"}


def test_faults_can_be_listed_and_cleared(control):
    control.fault(kind="status", status=500, count=3)
    assert control.call("GET", "/faults")["faults"][0]["count"] == 3
    assert control.call("DELETE", "/faults") == {"faults": []}
