"""The BalanceSheet report, in the nested Header/Rows/Summary shape of Intuit's sample.

Balances are as of the period's end date: assets debit-positive, liabilities and equity
credit-positive. Net Income is the fiscal year to the end date; earlier years' income sits
in Retained Earnings, so TOTAL ASSETS always equals TOTAL LIABILITIES AND EQUITY. A parent
account with sub-accounts is a Section of its own (its own balance, then its children, then
"Total <parent>"); accounts whose whole subtree is zero are left out, as QBO does by default.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ..store import Company, Doc
from .ledger import money_str
from .report_dates import period
from .reports import columns, header, trial_balance_amounts

Row = dict[str, Any]
# (title, group, [children]) where a child is another node or an AccountType.
LAYOUT: list[tuple[str, str, list[Any]]] = [
    ("ASSETS", "TotalAssets", [
        ("Current Assets", "CurrentAssets", [
            ("Bank Accounts", "BankAccounts", ["Bank"]),
            ("Accounts Receivable", "AR", ["Accounts Receivable"]),
            ("Other Current Assets", "OtherCurrentAssets", ["Other Current Asset"])]),
        ("Fixed Assets", "FixedAssets", ["Fixed Asset"]),
        ("Other Assets", "OtherAssets", ["Other Asset"])]),
    ("LIABILITIES AND EQUITY", "TotalLiabilitiesAndEquity", [
        ("Liabilities", "Liabilities", [
            ("Current Liabilities", "CurrentLiabilities", [
                ("Accounts Payable", "AP", ["Accounts Payable"]),
                ("Credit Cards", "CreditCards", ["Credit Card"]),
                ("Other Current Liabilities", "OtherCurrentLiabilities",
                 ["Other Current Liability"])]),
            ("Long-Term Liabilities", "LongTermLiabilities", ["Long Term Liability"])]),
        ("Equity", "Equity", ["Equity", "NetIncome"])]),
]


def _cell(value: str, obj_id: str | None = None) -> dict[str, str]:
    return {"value": value, "id": obj_id} if obj_id else {"value": value}


def _data(name: str, amount: Decimal, obj_id: str | None = None) -> Row:
    return {"ColData": [_cell(name, obj_id), _cell(money_str(amount))], "type": "Data"}


def _section(title: str, rows: list[Row], total: Decimal, group: str | None = None,
             obj_id: str | None = None) -> Row:
    row: Row = {"Header": {"ColData": [_cell(title, obj_id), _cell("")]},
                "Rows": {"Row": rows}, "type": "Section",
                "Summary": {"ColData": [
                    _cell(f"TOTAL {title}" if title.isupper() else f"Total {title}"),
                    _cell(money_str(total))]}}
    if group:
        row["group"] = group
    return row


class _Sheet:
    def __init__(self, company: Company, end: date) -> None:
        self.accounts = company.table("Account")
        amounts = trial_balance_amounts(company, end)
        self.own = {i: self._natural(i, a) for i, a in amounts.items() if i in self.accounts}
        self.net_income = -sum((a for i, a in amounts.items()
                                if self.accounts.get(i, {}).get("Classification")
                                in ("Revenue", "Expense")), Decimal(0))

    def _natural(self, account_id: str, amount: Decimal) -> Decimal:
        return amount if self.accounts[account_id]["Classification"] == "Asset" else -amount

    def _children(self, parent_id: str | None, acct_type: str) -> list[Doc]:
        return sorted((a for a in self.accounts.values() if a["AccountType"] == acct_type
                       and (a.get("ParentRef") or {}).get("value") == parent_id),
                      key=lambda a: a["Name"].lower())

    def _account(self, acct: Doc) -> tuple[list[Row], Decimal]:
        own = self.own.get(acct["Id"], Decimal(0))
        kids = [self._account(c) for c in self._children(acct["Id"], acct["AccountType"])]
        kids = [k for k in kids if k[0]]
        total = own + sum((t for _, t in kids), Decimal(0))
        if not kids:
            return ([_data(acct["Name"], own, acct["Id"])] if own else []), own
        rows = ([_data(acct["Name"], own, acct["Id"])] if own else []) + \
            [r for k, _ in kids for r in k]
        return [_section(acct["Name"], rows, total, obj_id=acct["Id"])], total

    def node(self, item: Any) -> tuple[list[Row], Decimal]:
        if item == "NetIncome":
            row = _data("Net Income", self.net_income)
            row["group"] = "NetIncome"
            return [row], self.net_income
        if isinstance(item, str):
            parts = [self._account(a) for a in self._children(None, item)]
            return [r for rows, _ in parts for r in rows], sum((t for _, t in parts), Decimal(0))
        title, group, children = item
        parts = [self.node(c) for c in children]
        rows = [r for rs, _ in parts for r in rs]
        total = sum((t for _, t in parts), Decimal(0))
        keep = rows or group in ("TotalAssets", "TotalLiabilitiesAndEquity", "Equity")
        return ([_section(title, rows, total, group)] if keep else []), total


def balance_sheet(company: Company, args: dict[str, str], today: date) -> dict[str, Any]:
    when = period(company, args, today)
    sheet = _Sheet(company, when.end)
    rows = [r for item in LAYOUT for r in sheet.node(item)[0]]
    empty = not any(sheet.own.values()) and not sheet.net_income
    return {"Header": header("BalanceSheet", when, empty),
            "Columns": columns([("", "Account", "account"), ("Total", "Money", "total")]),
            "Rows": {"Row": rows}}
