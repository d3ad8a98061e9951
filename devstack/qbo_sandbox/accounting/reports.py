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

GROUPS = {"Bank": "BankAccounts", "Accounts Receivable": "AR", "Other Current Asset":
          "OtherCurrentAssets", "Fixed Asset": "FixedAssets", "Other Asset": "OtherAssets",
          "Accounts Payable": "AP", "Credit Card": "CreditCards", "Other Current Liability":
          "OtherCurrentLiabilities", "Long Term Liability": "LongTermLiabilities",
          "Equity": "Equity", "Income": "Income", "Other Income": "OtherIncome",
          "Cost of Goods Sold": "COGS", "Expense": "Expenses", "Other Expense": "OtherExpenses"}


def fiscal_year_start(company: Company, day: date) -> date:
    month = company.fiscal_year_start_month
    year = day.year if day.month >= month else day.year - 1
    return date(year, month, 1)


def _parse(value: str | None, default: date, name: str) -> date:
    if not value:
        return default
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise faults.invalid_value(name, "must be YYYY-MM-DD") from exc


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


def trial_balance(company: Company, args: dict[str, str], today: date) -> dict[str, Any]:
    end = _parse(args.get("end_date"), today, "end_date")
    start = _parse(args.get("start_date"), fiscal_year_start(company, end), "start_date")
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
        rows.append({"ColData": [{"value": acct["Name"], "id": account_id},
                                 {"value": money_str(debit) if debit else ""},
                                 {"value": money_str(credit) if credit else ""}],
                     "type": "Data", "group": GROUPS.get(acct["AccountType"], "Other")})
    rows.append({"Summary": {"ColData": [{"value": "TOTAL"}, {"value": money_str(total_dr)},
                                         {"value": money_str(total_cr)}]},
                 "type": "Section", "group": "GrandTotal"})
    column = [("", "Account", "account"), ("Debit", "Money", "debit"),
              ("Credit", "Money", "credit")]
    return {
        "Header": {"Time": faults.qbo_time(), "ReportName": "TrialBalance",
                   "DateMacro": "", "ReportBasis": args.get("accounting_method", "Accrual"),
                   "StartPeriod": start.isoformat(), "EndPeriod": end.isoformat(),
                   "SummarizeColumnsBy": "Total", "Currency": "USD",
                   "Option": [{"Name": "NoReportData", "Value": str(len(rows) == 1).lower()}]},
        "Columns": {"Column": [{"ColTitle": t, "ColType": c,
                                "MetaData": [{"Name": "ColKey", "Value": k}]}
                               for t, c, k in column]},
        "Rows": {"Row": rows}}
