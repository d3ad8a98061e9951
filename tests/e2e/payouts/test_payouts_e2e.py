"""Payouts through the HTTP API, the queue, the QBO adapter and the sandbox; books read back."""
from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import requests

from tests.e2e.sync.flows import sync_now
from tests.integration.sync.support import bearer, connected_studio, store
from tests.unit.domain.builders import payment, void

CARD = [payment("p1", 0, "2025-03-01", "120.00", "credit_card", processor="platform"),
        payment("p2", 0, "2025-03-02", "80.00", "echeck", processor="platform"),
        payment("p3", 0, "2025-03-03", "50.00", "credit_card", processor="platform"),
        payment("e1", 0, "2025-03-03", "30.00", "credit_card", processor="external"),
        payment("c1", 0, "2025-03-03", "45.00", "cash")]
PAYOUT = {"id": "po1", "processor": "platform", "date": "2025-03-05", "bank_account": "ba-1",
          "gross": "200.00", "fees": "5.80", "net": "194.20", "payments": ["p1", "p2"]}


def call(api: Any, c: Any, method: str, path: str, role: str, body: Any = None) -> Any:
    answer = getattr(api.http, method)(path, headers={**bearer(c, role, "t1"), "Content-Type": "application/json"},
                                       body=json.dumps(body) if body is not None else None)
    return answer.status_code, json.loads(answer.body or b"{}")


def setup_studio(api: Any, c: Any, sandbox: Any) -> str:
    realm = sandbox.seeded.plus_realm
    connected_studio(c, realm_id=realm)
    status, _ = call(api, c, "put", "/v1/tenants/t1/quickbooks/payouts/settings", "admin",
                     {"bank_accounts": {"ba-1": "Checking"}})
    assert status == 200
    store(c, "t1", CARD)
    return realm


def report(api: Any, c: Any) -> dict[str, Any]:
    status, body = call(api, c, "get", "/v1/tenants/t1/reports/merchant-settlement", "staff")
    assert status == 200, body
    return body


def test_the_mapping_finds_a_bank_account_and_refuses_others_with_the_reason(api, payout_world, sandbox) -> None:
    connected_studio(payout_world, realm_id=sandbox.seeded.plus_realm)
    status, body = call(api, payout_world, "put", "/v1/tenants/t1/quickbooks/payouts/settings", "admin",
                        {"bank_accounts": {"ba-1": "Bank Charges & Fees", "ba-2": "Nowhere Bank"}})
    assert status == 400
    assert [d["message"] for d in body["details"]] == [
        '"Bank Charges & Fees" is of type Expense; a payout lands in an account of type Bank',
        ('QuickBooks has no active account named "Nowhere Bank"; create it in QuickBooks (Classbooks never '
         "creates a bank account) or pick another")]
    status, body = call(api, payout_world, "put", "/v1/tenants/t1/quickbooks/payouts/settings", "admin",
                        {"bank_accounts": {"ba-1": "checking"}})
    assert status == 200 and body["bank_accounts"]["ba-1"]["qbo_account_name"] == "Checking"
    assert call(api, payout_world, "put", "/v1/tenants/t1/quickbooks/payouts/settings", "staff",
                {"bank_accounts": {}})[0] == 403


def test_a_payout_posts_one_deposit_whose_total_is_the_net_and_merchant_settlement_clears(
        api, payout_world, sandbox) -> None:
    realm = setup_studio(api, payout_world, sandbox)
    assert call(api, payout_world, "post", "/v1/tenants/t1/payouts", "platform", {"payouts": [PAYOUT]})[0] == 200
    task = sync_now(api, payout_world)
    assert task["status"] == "succeeded", task
    assert [d["entity"] for d in task["documents"]] == ["JournalEntry", "Deposit"]
    [deposit] = sandbox.control.documents(realm, "Deposit")
    assert (deposit["TotalAmt"], deposit["TxnDate"], deposit["DepositToAccountRef"]["name"]) == (194.2, "2025-03-05",
                                                                                                 "Checking")
    books = sandbox.balances(realm)
    assert books["Merchant Settlement Account"] == "80.00"  # p3 50 + external e1 30 not yet paid out
    assert books["Merchant Fees"] == "5.80" and books["Undeposited Funds"] == "45.00"
    figures = report(api, payout_world)
    assert (figures["qbo_balance"], figures["expected_balance"], figures["difference"]) == ("80.00", "80.00", "0.00")
    assert figures["unpaid_payments"] == [{"processor": "external", "date": "2025-03-03", "amount": "30.00"},
                                          {"processor": "platform", "date": "2025-03-03", "amount": "50.00"}]
    assert [t["id"] for t in figures["external_never_covered"]] == ["e1"]


def test_an_echeck_return_after_its_payout_posts_new_documents_and_never_edits_the_first(
        api, payout_world, sandbox) -> None:
    realm = setup_studio(api, payout_world, sandbox)
    call(api, payout_world, "post", "/v1/tenants/t1/payouts", "platform", {"payouts": [PAYOUT]})
    sync_now(api, payout_world)
    [first] = sandbox.control.documents(realm, "Deposit")
    store(payout_world, "t1", [void("v2", 0, "2025-03-08", CARD[1])])  # p2's eCheck came back NSF
    later = {"id": "po2", "processor": "platform", "date": "2025-03-09", "bank_account": "ba-1", "gross": "50.00",
             "refunds": "80.00", "chargebacks": "0.00", "fees": "1.45", "net": "0.00", "adjustments": "31.45",
             "payments": ["p3"]}
    assert call(api, payout_world, "post", "/v1/tenants/t1/payouts", "platform", {"payouts": [later]})[0] == 200
    payout_world.clock.advance(hours=1)
    task = sync_now(api, payout_world)
    assert [(d["entity"], d["kind"]) for d in task["documents"]] == [("JournalEntry", "daily"),
                                                                      ("JournalEntry", "payout")]
    assert sandbox.control.documents(realm, "Deposit") == [first]
    assert sandbox.balances(realm)["Merchant Settlement Account"] == "30.00"  # only the external e1
    assert report(api, payout_world)["difference"] == "0.00"


def test_the_studio_deposits_cash_from_payments_to_deposit_by_linking_the_journal_entry_line(
        api, payout_world, sandbox) -> None:
    realm = setup_studio(api, payout_world, sandbox)
    sync_now(api, payout_world)
    [entry] = sandbox.journal_entries(realm)
    [line] = [ln for ln in entry["Line"] if ln["JournalEntryLineDetail"]["AccountRef"]["name"] == "Undeposited Funds"]
    accounts = sandbox.control.call("GET", f"/companies/{realm}/balances", as_of="2100-01-01")["accounts"]
    checking_id = next(a["id"] for a in accounts if a["name"] == "Checking")
    token = sandbox.tokens[realm].auth.access_token
    answer = requests.post(f"{sandbox.seeded.base_url}/v3/company/{realm}/deposit", params={"minorversion": 75},
                           headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
                           json={"DepositToAccountRef": {"value": checking_id}, "TxnDate": "2025-03-11",
                                 "Line": [{"Amount": 45.00, "LinkedTxn": [{"TxnType": "JournalEntry",
                                                                          "TxnId": entry["Id"],
                                                                          "TxnLineId": line["Id"]}]}]},
                           timeout=10)
    assert answer.status_code == 200, answer.text
    assert Decimal(str(answer.json()["Deposit"]["TotalAmt"])) == Decimal("45.00")
    assert "Undeposited Funds" not in sandbox.balances(realm)


def night(api: Any, c: Any, sandbox: Any, realm: str, day: str, count: int) -> tuple[list[str], dict[str, Any]]:
    payouts = [{**PAYOUT, "id": f"po-{day}-{i}", "gross": "10.00", "fees": "0.30", "net": "9.70", "payments": [],
                "date": day} for i in range(count)]
    assert call(api, c, "post", "/v1/tenants/t1/payouts", "platform", {"payouts": payouts})[0] == 200
    store(c, "t1", [payment(f"p-{day}", 0, day, "10.00", "credit_card")])
    sandbox.control.call("POST", f"/companies/{realm}/counters/reset")
    c.clock.advance(hours=1)
    task = sync_now(api, c)
    return [d["entity"] for d in task["documents"]], sandbox.control.counters(realm)


def test_a_night_with_payouts_costs_one_batch_write_and_no_metered_read_beyond_the_read_back(api, payout_world,
                                                                                             sandbox) -> None:
    realm = setup_studio(api, payout_world, sandbox)
    sync_now(api, payout_world)  # the first night finds or creates the journal's accounts
    entities, first = night(api, payout_world, sandbox, realm, "2025-03-11", 5)
    assert entities == ["JournalEntry"] + ["Deposit"] * 5
    # the first night with payouts finds the accounts once and creates Merchant Fees; every night
    # that posts also reads one BalanceSheet back (the nightly read-back, docs/lifecycle.md)
    assert (first["metered_reads"], first["by_kind"]) == (2, {"query": 1, "create": 1, "batch_create": 6,
                                                              "report": 1})
    entities, later = night(api, payout_world, sandbox, realm, "2025-03-12", 29)
    assert entities == ["JournalEntry"] + ["Deposit"] * 29
    assert (later["metered_reads"], later["requests"], later["by_kind"]) == (1, 2, {"batch_create": 30, "report": 1})


def test_the_preview_shows_the_deposit_the_next_sync_would_post(api, payout_world, sandbox) -> None:
    setup_studio(api, payout_world, sandbox)
    call(api, payout_world, "post", "/v1/tenants/t1/payouts", "platform", {"payouts": [PAYOUT]})
    status, preview = call(api, payout_world, "get", "/v1/tenants/t1/quickbooks/preview", "staff")
    assert status == 200
    [deposit] = [d for d in preview["documents"] if d["entity"] == "Deposit"]
    assert (deposit["kind"], deposit["txn_date"]) == ("payout", "2025-03-05")
    assert deposit["lines"][0] == {"posting_type": "Debit", "amount": "194.20", "account": "Checking", "class": None,
                                   "description": "Payout net to the bank"}
    assert sandbox.control.documents(sandbox.seeded.plus_realm, "Deposit") == []
