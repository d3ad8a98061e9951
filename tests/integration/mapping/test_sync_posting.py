"""A real sync (ingest API → Sync Now → queue → worker → the QuickBooks sandbox) of gift cards,
taxed charges and refunds, with a mapping: what the company's books then say.

Studio "Plus" company, fiscal year from July; today is Friday 2026-11-20; Go Live 2026-11-01.
"""
from __future__ import annotations

import datetime as dt
import json

import pytest
from quickbooks.objects.account import Account

from chalicelib.quickbooks.client import qbo_client, qbo_read
from tests.integration.mapping.conftest import json_body, make_account
from tests.integration.sync.support import deliver
from tests.sandbox.helpers import Control

GO_LIVE = "2026-11-01"


def row(id: str, type: str, date: str, amount: str, family: str, **extra: object) -> dict:
    return {"id": id, "type": type, "date": date, "amount": amount, "family_id": family, "location_id": "L1", **extra}


ROWS = [
    row("g1", "charge", "2026-11-02", "50.00", "A", kind="gift_card"),
    row("p1", "payment", "2026-11-03", "150.00", "B", payment_type="check"),
    row("r1", "refund", "2026-11-03", "150.00", "B", payment_type="check", refunds="p1"),
    row("c1", "charge", "2026-11-03", "108.00", "B", revenue_category="tuition",
        tax=[{"name": "Sales Tax", "amount": "8.00"}]),
    row("k2", "credit", "2026-11-03", "3.00", "B", credit_type="coupon"),
    row("p2", "payment", "2026-11-04", "20.00", "C", payment_type="cash"),
    row("r2", "refund", "2026-11-04", "5.00", "C", payment_type="cash", refunds="p2"),
    row("k1", "credit", "2026-11-04", "20.00", "C", credit_type="gift_card"),
]


def platform(studio, method: str, path: str, body: object):
    return getattr(studio.api.http, method)(path, body=json.dumps(body).encode(), headers=studio.headers("platform"))


def put_profile(studio) -> None:
    """The studio's profile as the platform sends it: Chicago, one location, created 200 days ago."""
    created = (studio.container.clock() - dt.timedelta(days=200)).isoformat().replace("+00:00", "Z")
    profile = {"name": "Studio " + studio.tenant_id, "timezone": "America/Chicago", "created_at": created,
               "locations": [{"id": "L1", "name": "Main St"}]}
    assert platform(studio, "put", f"/v1/tenants/{studio.tenant_id}", profile).status_code in (200, 201)


@pytest.fixture
def synced(on_friday):
    studio = on_friday
    put_profile(studio)
    assert studio.configure(GO_LIVE).status_code == 200
    mapping = {"credit_accounts": {"coupon": "Coupons Given"}, "refund_accounts": {"cash": "Checking"}}
    assert studio.put("mapping", mapping).status_code == 200
    assert platform(studio, "post", f"/v1/tenants/{studio.tenant_id}/transactions", {"transactions": ROWS}).status_code == 200
    assert studio.post("sync").status_code == 202
    assert deliver(studio.container)["batchItemFailures"] == []
    return studio


def books(studio) -> dict[str, str]:
    realm = studio.intuit.realms["plus"]
    return Control(studio.intuit.base_url).balances(realm, "2026-11-20")


def journal_lines(studio) -> list[tuple[str, str, str]]:
    realm = studio.intuit.realms["plus"]
    names = {a["Id"]: a["Name"] for a in Control(studio.intuit.base_url).documents(realm, "Account")}
    [entry] = Control(studio.intuit.base_url).documents(realm, "JournalEntry")
    return [(ln["JournalEntryLineDetail"]["PostingType"], f"{ln['Amount']:.2f}",
             names[ln["JournalEntryLineDetail"]["AccountRef"]["value"]]) for ln in entry["Line"]]


def test_the_sync_succeeds_with_one_balanced_entry(synced) -> None:
    lines = journal_lines(synced)
    debits = sum(float(a) for side, a, _ in lines if side == "Debit")
    assert debits == pytest.approx(sum(float(a) for side, a, _ in lines if side == "Credit"))


def test_a_check_payment_and_its_same_day_refund_are_two_lines(synced) -> None:
    lines = journal_lines(synced)
    assert ("Debit", "150.00", "Undeposited Funds") in lines
    assert ("Credit", "150.00", "Undeposited Funds") in lines


def test_a_cash_refund_comes_out_of_the_account_the_admin_chose(synced) -> None:
    assert books(synced)["Checking"] == "-5.00"
    assert books(synced)["Undeposited Funds"] == "20.00"


def test_the_gift_card_liability_equals_the_outstanding_gift_cards_report(synced) -> None:
    report = synced.api.http.get(f"/v1/tenants/{synced.tenant_id}/reports/gift-cards?as_of=2026-11-20",
                                 headers=synced.headers("admin"))
    outstanding = json_body(report)["outstanding"]
    assert outstanding == "30.00"
    liability = next(n for n in books(synced) if n.startswith("Classbooks Gift Card Liability"))
    assert books(synced)[liability] == "-" + outstanding


def test_tax_is_credited_to_sales_tax_payable_and_revenue_carries_the_net(synced) -> None:
    balances = books(synced)
    assert balances[f"Classbooks Sales Tax Payable (Studio {synced.tenant_id})"] == "-8.00"
    assert balances["Tuition Revenue"] == "-100.00"


def test_a_mapped_credit_type_posts_to_its_own_account_created_with_a_valid_type(synced) -> None:
    realm = synced.intuit.realms["plus"]
    [coupons] = [a for a in Control(synced.intuit.base_url).documents(realm, "Account") if a["Name"] == "Coupons Given"]
    assert (coupons["AccountType"], coupons["AccountSubType"]) == ("Income", "DiscountsRefundsGiven")
    assert books(synced)["Coupons Given"] == "3.00"


def test_every_account_classbooks_created_has_a_valid_type_pair(synced) -> None:
    realm = synced.intuit.realms["plus"]
    valid = {("Other Current Asset", "OtherCurrentAssets"), ("Other Current Liability", "OtherCurrentLiabilities"),
             ("Bank", "CashOnHand"), ("Income", "ServiceFeeIncome"), ("Income", "DiscountsRefundsGiven"),
             ("Other Current Asset", "UndepositedFunds")}
    accounts = Control(synced.intuit.base_url).documents(realm, "Account")
    made = [a for a in accounts if a["Name"].startswith("Classbooks") or a["Name"] in (
        "Merchant Settlement Account", "Tuition Revenue", "Coupons Given")]
    assert made and all((a["AccountType"], a["AccountSubType"]) in valid for a in made)


def test_a_plan_keeps_the_mapping_it_was_made_with_when_a_later_run_finishes_it(on_friday) -> None:
    """The first run is refused (a Bank account already holds the revenue account's name) after
    writing its plan; the admin then re-maps coupons and renames the Bank account. The next run
    finishes the written plan with the names it froze: coupons land in "Coupons Given"."""
    studio = on_friday
    put_profile(studio)
    assert studio.configure(GO_LIVE).status_code == 200
    assert studio.put("mapping", {"credit_accounts": {"coupon": "Coupons Given"}}).status_code == 200
    clash = make_account(studio, "Tuition Revenue", "Bank", "Checking")
    assert platform(studio, "post", f"/v1/tenants/{studio.tenant_id}/transactions", {"transactions": ROWS}).status_code == 200
    first = json_body(studio.post("sync"))["task_id"]
    deliver(studio.container)
    task = json_body(studio.get(f"tasks/{first}"))
    assert task["status"] == "failed" and "Tuition Revenue" in task["error"]

    assert studio.put("mapping", {"credit_accounts": {"coupon": "Promotions"}}).status_code == 200
    creds = studio.container.access_tokens().fresh(studio.tenant_id)
    qb = qbo_client(studio.container.config, creds.realm_id, creds.access_token)
    # through the realm's throttle, as the app's own calls go (the sandbox enforces Intuit's 10/s)
    bank = qbo_read(lambda: Account.get(clash, qb=qb), "read the account")
    bank.Name = "Old Checking"
    qbo_read(lambda: bank.save(qb=qb), "rename the account")

    assert studio.post("sync").status_code == 202
    assert deliver(studio.container)["batchItemFailures"] == []
    balances = books(studio)
    assert balances["Coupons Given"] == "3.00" and "Promotions" not in balances


def test_with_an_opening_entry_the_liability_equals_every_gift_card_outstanding(on_friday) -> None:
    """Gift cards sold before Go Live are outstanding too: the opening entry carries them."""
    studio = on_friday
    put_profile(studio)
    assert studio.configure(GO_LIVE).status_code == 200
    assert studio.put("mapping", {"opening_offset": "Opening Balance Equity"}).status_code == 200
    before = [row("g0", "charge", "2026-10-20", "40.00", "D", kind="gift_card"),
              row("p0", "payment", "2026-10-20", "40.00", "D", payment_type="cash")]
    assert platform(studio, "post", f"/v1/tenants/{studio.tenant_id}/transactions",
                    {"transactions": before + ROWS}).status_code == 200
    assert studio.post("sync").status_code == 202
    assert deliver(studio.container)["batchItemFailures"] == []
    report = json_body(studio.api.http.get(f"/v1/tenants/{studio.tenant_id}/reports/gift-cards?as_of=2026-11-20",
                                           headers=studio.headers("admin")))
    assert report["outstanding"] == "70.00"  # 40 before Go Live + 50 − 20 after
    balances = books(studio)
    liability = next(n for n in balances if n.startswith("Classbooks Gift Card Liability"))
    assert balances[liability] == "-70.00"
    assert balances["Opening Balance Equity"] == "40.00"


def test_a_first_sync_booked_per_month_posts_one_entry_per_month_dated_its_last_day(on_friday) -> None:
    """The admin chose one entry per month: October's rows post on Oct 31, November's on the sync date."""
    studio = on_friday
    put_profile(studio)
    assert studio.configure("2026-10-01").status_code == 200
    assert studio.put("mapping", {"first_sync_entries": "monthly"}).status_code == 200
    rows = [row("c1", "charge", "2026-10-15", "30.00", "A", revenue_category="tuition"),
            row("c2", "charge", "2026-11-03", "12.00", "A", revenue_category="tuition")]
    assert platform(studio, "post", f"/v1/tenants/{studio.tenant_id}/transactions", {"transactions": rows}).status_code == 200
    assert studio.post("sync").status_code == 202
    assert deliver(studio.container)["batchItemFailures"] == []
    entries = Control(studio.intuit.base_url).documents(studio.intuit.realms["plus"], "JournalEntry")
    assert sorted((e["TxnDate"], f"{e['TotalAmt']:.2f}") for e in entries) == [("2026-10-31", "30.00"),
                                                                               ("2026-11-20", "12.00")]
    assert studio.put("mapping", {"first_sync_entries": "daily"}).status_code == 409  # the first sync made it


def test_a_category_mapped_to_a_sub_account_posts_there_and_the_next_sync_reuses_it(on_friday) -> None:
    """Tuition maps to "Revenue:Classes": the first sync creates "Revenue" and "Classes" under it
    and posts tuition there; a later sync posts to the same account and creates no other."""
    studio = on_friday
    put_profile(studio)
    assert studio.configure(GO_LIVE).status_code == 200
    assert studio.put("mapping", {"revenue_accounts": {"tuition": "Revenue : Classes"}}).status_code == 200
    first = [row("c1", "charge", "2026-11-03", "40.00", "A", revenue_category="tuition")]
    later = [row("c2", "charge", "2026-11-04", "25.00", "A", revenue_category="tuition")]
    control, realm = Control(studio.intuit.base_url), studio.intuit.realms["plus"]
    for rows in (first, later):
        assert platform(studio, "post", f"/v1/tenants/{studio.tenant_id}/transactions", {"transactions": rows}).status_code == 200
        assert studio.post("sync").status_code == 202
        assert deliver(studio.container)["batchItemFailures"] == []
    accounts = control.documents(realm, "Account")
    [parent] = [a for a in accounts if a["FullyQualifiedName"] == "Revenue"]
    [child] = [a for a in accounts if a["Name"] == "Classes"]
    assert (child["FullyQualifiedName"], child["SubAccount"], child["ParentRef"]["value"]) == (
        "Revenue:Classes", True, parent["Id"])
    posted = sorted(f"{ln['Amount']:.2f}" for e in control.documents(realm, "JournalEntry") for ln in e["Line"]
                     if ln["JournalEntryLineDetail"]["AccountRef"]["value"] == child["Id"])
    assert posted == ["25.00", "40.00"]
