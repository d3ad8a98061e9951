"""BalanceSheet and GeneralLedger: every account's balance read back as of any date."""
from __future__ import annotations

from decimal import Decimal

import pytest
from quickbooks.exceptions import QuickbooksException
from quickbooks.objects.account import Account
from quickbooks.objects.deposit import Deposit

from .builders import journal_entry, ref


@pytest.fixture()
def accts(roomy, plus_qb):
    return {a.Name: a.Id for a in Account.all(qb=plus_qb)}


@pytest.fixture()
def booked(plus_qb, accts):
    """Northside (fiscal year from July): takings of 150 on 2 March, a payout of 100 less a fee
    of 3 on 3 March, into a Stripe sub-account of a Merchant bank account."""
    merchant = Account()
    merchant.Name, merchant.AccountType, merchant.AccountSubType = "Merchant", "Bank", "CashOnHand"
    merchant_id = merchant.save(qb=plus_qb).Id
    stripe = Account()
    stripe.Name, stripe.AccountType, stripe.ParentRef = "Stripe", "Bank", ref(merchant_id)
    stripe_id = stripe.save(qb=plus_qb).Id
    je = journal_entry([("Debit", accts["Undeposited Funds"], 100),
                        ("Debit", accts["Undeposited Funds"], 50),
                        ("Credit", accts["Services"], 150)], txn_date="2026-03-02",
                       doc_number="CB-9").save(qb=plus_qb)
    Deposit.from_json({"TxnDate": "2026-03-03", "DepositToAccountRef": {"value": stripe_id},
                       "Line": [{"Amount": 100, "LinkedTxn": [
                           {"TxnId": je.Id, "TxnType": "JournalEntry", "TxnLineId": "0"}]},
                                {"Amount": -3, "DetailType": "DepositLineDetail",
                                 "DepositLineDetail": {"AccountRef": {
                                     "value": accts["Bank Charges & Fees"]}}}]}).save(qb=plus_qb)
    return {**accts, "Merchant": merchant_id, "Stripe": stripe_id, "je": je.Id}


def _walk(rows):
    for row in rows:
        yield row
        yield from _walk(row.get("Rows", {}).get("Row", []))


def _data(report) -> dict[str, str]:
    """Data rows by account id (or by label when the row has no id, e.g. Net Income)."""
    out = {}
    for row in _walk(report["Rows"]["Row"]):
        if row.get("type") == "Data":
            first = row["ColData"][0]
            out[first.get("id") or first["value"]] = row["ColData"][-1]["value"]
    return out


def _summaries(report) -> dict[str, str]:
    return {r["Summary"]["ColData"][0]["value"]: r["Summary"]["ColData"][1]["value"]
            for r in _walk(report["Rows"]["Row"]) if "Summary" in r}


def _sheet(qb, **params):
    return qb.get_report("BalanceSheet", params)


def test_balance_sheet_has_intuits_shape(plus_qb, booked):
    report = _sheet(plus_qb, end_date="2026-03-31")
    assert report["Header"]["ReportName"] == "BalanceSheet"
    assert [c["ColTitle"] for c in report["Columns"]["Column"]] == ["", "Total"]
    assert [r["group"] for r in report["Rows"]["Row"]] == ["TotalAssets",
                                                          "TotalLiabilitiesAndEquity"]


def test_balance_sheet_balances(plus_qb, booked):
    totals = _summaries(_sheet(plus_qb, end_date="2026-03-31"))
    assert totals["TOTAL ASSETS"] == totals["TOTAL LIABILITIES AND EQUITY"] == "147.00"


def test_balance_sheet_shows_each_accounts_balance_as_of_the_end_date(plus_qb, booked):
    rows = _data(_sheet(plus_qb, end_date="2026-03-31"))
    assert rows[booked["Stripe"]] == "97.00"
    assert rows[booked["Undeposited Funds"]] == "50.00"
    assert rows["Net Income"] == "147.00"


def test_balance_sheet_agrees_with_the_ledger_for_every_account(seeded, control, plus_qb,
                                                                booked):
    rows = _data(_sheet(plus_qb, end_date="2026-03-03"))
    for account in control.call("GET", f"/companies/{seeded.plus_realm}/balances",
                                as_of="2026-03-03")["accounts"]:
        if account["classification"] in ("Asset", "Liability") and account["balance"] != "0.00":
            sign = 1 if account["classification"] == "Asset" else -1
            assert Decimal(rows[account["id"]]) == sign * Decimal(account["balance"])


def test_balance_sheet_as_of_an_earlier_date_leaves_out_later_postings(plus_qb, booked):
    rows = _data(_sheet(plus_qb, end_date="2026-03-02"))
    assert booked["Stripe"] not in rows
    assert rows[booked["Undeposited Funds"]] == "150.00"


def test_a_parent_account_is_a_section_totalling_its_sub_accounts(plus_qb, booked):
    report = _sheet(plus_qb, end_date="2026-03-31")
    merchant = next(r for r in _walk(report["Rows"]["Row"])
                    if r.get("Header", {}).get("ColData", [{}])[0].get("id") == booked["Merchant"])
    assert merchant["Summary"]["ColData"] == [{"value": "Total Merchant"}, {"value": "97.00"}]
    assert merchant["Rows"]["Row"][0]["ColData"][0] == {"value": "Stripe", "id": booked["Stripe"]}


def test_last_years_income_moves_from_net_income_to_retained_earnings(plus_qb, booked):
    rows = _data(_sheet(plus_qb, end_date="2026-07-31"))  # the fiscal year began 1 July
    assert rows["Net Income"] == "0.00"
    assert rows[booked["Retained Earnings"]] == "147.00"


def test_date_macro_sets_the_period_from_the_sandbox_clock(control, plus_qb, booked):
    control.call("POST", "/clock", {"set": "2026-03-15T12:00:00Z"})
    header = _sheet(plus_qb, date_macro="This Month")["Header"]
    assert (header["StartPeriod"], header["EndPeriod"]) == ("2026-03-01", "2026-03-31")
    header = _sheet(plus_qb, date_macro="Last Fiscal Year")["Header"]
    assert (header["StartPeriod"], header["EndPeriod"]) == ("2024-07-01", "2025-06-30")


def test_no_dates_mean_this_fiscal_year_to_date(control, plus_qb, booked):
    control.call("POST", "/clock", {"set": "2026-03-15T12:00:00Z"})
    header = _sheet(plus_qb)["Header"]
    assert (header["StartPeriod"], header["EndPeriod"]) == ("2025-07-01", "2026-03-15")


def test_an_unknown_date_macro_is_refused(plus_qb, booked):
    with pytest.raises(QuickbooksException) as err:
        _sheet(plus_qb, date_macro="Since The Dawn Of Time")
    assert err.value.error_code == 2010


def test_a_start_date_after_the_end_date_is_refused(plus_qb, booked):
    with pytest.raises(QuickbooksException) as err:
        _sheet(plus_qb, start_date="2026-04-01", end_date="2026-03-01")
    assert err.value.error_code == 2010


def test_the_accounting_method_is_reported_and_checked(plus_qb, booked):
    assert _sheet(plus_qb, accounting_method="Cash")["Header"]["ReportBasis"] == "Cash"
    with pytest.raises(QuickbooksException):
        _sheet(plus_qb, accounting_method="Vibes")


# ---- GeneralLedger ----

def _ledger(qb, **params):
    return qb.get_report("GeneralLedger", params)


def _section(report, account_id: str):
    return next(r for r in report["Rows"]["Row"]
                if r["Header"]["ColData"][0].get("id") == account_id)


def test_general_ledger_has_intuits_columns(plus_qb, booked):
    keys = [c["MetaData"][0]["Value"]
            for c in _ledger(plus_qb, end_date="2026-03-31")["Columns"]["Column"]]
    assert keys == ["tx_date", "txn_type", "doc_num", "name", "memo", "split_acc",
                    "subt_nat_amount", "rbal_nat_amount"]


def test_general_ledger_lists_each_posting_with_a_running_balance(plus_qb, booked):
    report = _ledger(plus_qb, start_date="2026-03-01", end_date="2026-03-31",
                     account=booked["Undeposited Funds"])
    section = _section(report, booked["Undeposited Funds"])
    rows = [[c["value"] for c in r["ColData"]] for r in section["Rows"]["Row"]]
    assert rows[0][0] == "Beginning Balance" and rows[0][-1] == "0.00"
    assert [(r[0], r[1], r[-2], r[-1]) for r in rows[1:]] == [
        ("2026-03-02", "Journal Entry", "100.00", "100.00"),
        ("2026-03-02", "Journal Entry", "50.00", "150.00"),
        ("2026-03-03", "Deposit", "-100.00", "50.00")]
    assert section["Summary"]["ColData"][-2:] == [{"value": "50.00"}, {"value": "50.00"}]


def test_general_ledger_rows_name_their_transaction_and_split(plus_qb, booked):
    report = _ledger(plus_qb, end_date="2026-03-31")
    je_row = _section(report, booked["Services"])["Rows"]["Row"][1]["ColData"]
    assert je_row[1] == {"value": "Journal Entry", "id": booked["je"]}
    assert je_row[2]["value"] == "CB-9" and je_row[5]["value"] == "Undeposited Funds"
    deposit_row = _section(report, booked["Stripe"])["Rows"]["Row"][1]["ColData"]
    assert deposit_row[5]["value"] == "-Split-"


def test_general_ledger_carries_a_beginning_balance_into_the_period(plus_qb, booked):
    section = _section(_ledger(plus_qb, start_date="2026-03-03", end_date="2026-03-31"),
                       booked["Undeposited Funds"])
    assert section["Rows"]["Row"][0]["ColData"][-1]["value"] == "150.00"


def test_income_accounts_begin_each_fiscal_year_at_zero(plus_qb, booked):
    report = _ledger(plus_qb, start_date="2026-07-01", end_date="2026-07-31")
    assert booked["Services"] not in {r["Header"]["ColData"][0].get("id")
                                      for r in report["Rows"]["Row"]}


def test_reports_are_metered_reads_not_writes(seeded, control, plus_qb, booked):
    control.call("POST", f"/companies/{seeded.plus_realm}/counters/reset")
    _sheet(plus_qb, end_date="2026-03-31")
    _ledger(plus_qb, end_date="2026-03-31")
    counters = control.counters(seeded.plus_realm)
    assert (counters["metered_reads"], counters["writes"]) == (2, 0)
    assert counters["by_kind"]["report"] == 2


def test_an_unknown_report_is_610(plus_qb):
    with pytest.raises(QuickbooksException) as err:
        plus_qb.get_report("CashFlowForecast", {})
    assert err.value.error_code == 610
