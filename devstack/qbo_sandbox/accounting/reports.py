"""Reports read back through the API: TrialBalance in QBO's report JSON shape.

As QBO does, balance-sheet accounts show their balance as of ``end_date``; income and expense
accounts show the current fiscal year to ``end_date`` (FiscalYearStartMonth), and earlier years'
net income is folded into Retained Earnings, so debits always equal credits.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from .. import faults
from ..store import Company
from .ledger import balances, money_str
from .report_dates import Period, fiscal_year_start, period

GROUPS = {"Bank": "BankAccounts", "Accounts Receivable": "AR", "Other Current Asset":
          "OtherCurrentAssets", "Fixed Asset": "FixedAssets", "Other Asset": "OtherAssets",
          "Accounts Payable": "AP", "Credit Card": "CreditCards", "Other Current Liability":
          "OtherCurrentLiabilities", "Long Term Liability": "LongTermLiabilities",
          "Equity": "Equity", "Income": "Income", "Other Income": "OtherIncome",
          "Cost of Goods Sold": "COGS", "Expense": "Expenses", "Other Expense": "OtherExpenses"}


def trial_balance_amounts(company: Company, end: date) -> dict[str, Decimal]:
    fy_start = fiscal_year_start(company, end)
    accounts = company.table("Account")
    cumulative = balances(company, end)
    result: dict[str, Decimal] = {}
    carried = Decimal(0)
    for account_id, amount in cumulative.items():
        acct = accounts.get(account_id, {})
        if acct.get("Classification") in ("Revenue", "Expense"):
            continue
        result[account_id] = amount
    year = balances(company, end, since=fy_start)
    for account_id, acct in accounts.items():
        if acct.get("Classification") in ("Revenue", "Expense"):
            result[account_id] = year.get(account_id, Decimal(0))
            carried += cumulative.get(account_id, Decimal(0)) - result[account_id]
    if carried:
        retained = next(a["Id"] for a in accounts.values()
                        if a.get("AccountSubType") == "RetainedEarnings")
        result[retained] = result.get(retained, Decimal(0)) + carried
    return result


def header(name: str, when: Period, empty: bool) -> dict[str, Any]:
    return {"Time": faults.qbo_time(), "ReportName": name, "DateMacro": when.macro.lower(),
            "ReportBasis": when.basis, "StartPeriod": when.start.isoformat(),
            "EndPeriod": when.end.isoformat(), "SummarizeColumnsBy": "Total", "Currency": "USD",
            "Option": [{"Name": "AccountingStandard", "Value": "GAAP"},
                       {"Name": "NoReportData", "Value": str(empty).lower()}]}


def columns(spec: list[tuple[str, str, str]]) -> dict[str, Any]:
    return {"Column": [{"ColTitle": t, "ColType": c, "MetaData": [{"Name": "ColKey", "Value": k}]}
                       for t, c, k in spec]}


def trial_balance(company: Company, args: dict[str, str], today: date) -> dict[str, Any]:
    when = period(company, args, today)
    end = when.end
    accounts = company.table("Account")
    amounts = trial_balance_amounts(company, end)
    rows: list[dict[str, Any]] = []
    total_dr = total_cr = Decimal(0)
    for account_id in sorted(amounts, key=lambda a: int(a)):
        amount = amounts[account_id]
        if not amount:
            continue
        acct = accounts[account_id]
        debit, credit = (amount, Decimal(0)) if amount > 0 else (Decimal(0), -amount)
        total_dr, total_cr = total_dr + debit, total_cr + credit
        rows.append({"ColData": [{"value": acct["FullyQualifiedName"], "id": account_id},
                                 {"value": money_str(debit) if debit else ""},
                                 {"value": money_str(credit) if credit else ""}],
                     "type": "Data", "group": GROUPS.get(acct["AccountType"], "Other")})
    rows.append({"Summary": {"ColData": [{"value": "TOTAL"}, {"value": money_str(total_dr)},
                                         {"value": money_str(total_cr)}]},
                 "type": "Section", "group": "GrandTotal"})
    column = [("", "Account", "account"), ("Debit", "Money", "debit"),
              ("Credit", "Money", "credit")]
    return {
        "Header": header("TrialBalance", when, len(rows) == 1),
        "Columns": columns(column),
        "Rows": {"Row": rows}}
