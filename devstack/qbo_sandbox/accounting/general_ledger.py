"""The GeneralLedger report: per account, a beginning balance, each posting in the period with
its running balance, and the account's total.

Amounts are in the account's natural sign (assets and expenses debit-positive; liabilities,
equity and income credit-positive). Income and expense accounts begin each fiscal year at
zero; balance-sheet accounts carry everything before the start date. ``account`` (comma-
separated ids) limits the report to those accounts, as Intuit's parameter does.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from ..store import Company, Doc
from .ledger import TXN_TYPE_LABEL, Entry, balances, entries, money_str
from .report_dates import fiscal_year_start, period
from .reports import columns, header

COLUMNS = [("Date", "Date", "tx_date"), ("Transaction Type", "String", "txn_type"),
           ("Num", "String", "doc_num"), ("Name", "String", "name"),
           ("Memo/Description", "String", "memo"), ("Split", "String", "split_acc"),
           ("Amount", "Money", "subt_nat_amount"), ("Balance", "Money", "rbal_nat_amount")]


def _sign(acct: Doc) -> int:
    return 1 if acct.get("Classification") in ("Asset", "Expense") else -1


def _cells(*values: Any) -> list[dict[str, str]]:
    out = []
    for value in values:
        if isinstance(value, tuple):
            out.append({"value": value[0], "id": value[1]})
        else:
            out.append({"value": value})
    return out


def _beginning(company: Company, acct: Doc, start: date) -> Decimal:
    before = start - timedelta(days=1)
    since = fiscal_year_start(company, start) \
        if acct.get("Classification") in ("Revenue", "Expense") else None
    if since is not None and since > before:
        return Decimal(0)
    return balances(company, before, since).get(acct["Id"], Decimal(0))


def _splits(company: Company) -> dict[tuple[str, str], list[str]]:
    """Per document, the accounts it posts to (a "Split" names the other one, or -Split-)."""
    touched: dict[tuple[str, str], list[str]] = defaultdict(list)
    for e in entries(company):
        key = (e.txn_type, e.txn_id)
        if e.account_id not in touched[key]:
            touched[key].append(e.account_id)
    return touched


def general_ledger(company: Company, args: dict[str, str], today: date) -> dict[str, Any]:
    when = period(company, args, today)
    accounts = company.table("Account")
    wanted = {a.strip() for a in (args.get("account") or "").split(",") if a.strip()}
    in_period = [e for e in entries(company) if when.start <= e.when <= when.end]
    splits = _splits(company)
    by_account: dict[str, list[Entry]] = defaultdict(list)
    for e in sorted(in_period, key=lambda e: (e.when, int(e.txn_id))):
        by_account[e.account_id].append(e)
    sections = []
    for acct in sorted(accounts.values(), key=lambda a: a["FullyQualifiedName"].lower()):
        if wanted and acct["Id"] not in wanted:
            continue
        sign = _sign(acct)
        running = begin = sign * _beginning(company, acct, when.start)
        lines = by_account.get(acct["Id"], [])
        if not lines and not begin:
            continue
        rows = [{"ColData": _cells("Beginning Balance", "", "", "", "", "", "",
                                   money_str(begin)), "type": "Data"}]
        for e in lines:
            amount = sign * e.amount
            running += amount
            others = [a for a in splits[(e.txn_type, e.txn_id)] if a != acct["Id"]]
            split = (accounts[others[0]]["FullyQualifiedName"], others[0]) \
                if len(others) == 1 else "-Split-"
            rows.append({"ColData": _cells(
                e.when.isoformat(), (TXN_TYPE_LABEL[e.txn_type], e.txn_id), e.doc_number, "",
                e.memo, split, money_str(amount), money_str(running)), "type": "Data"})
        name = acct["FullyQualifiedName"]
        sections.append({
            "Header": {"ColData": _cells((name, acct["Id"]), "", "", "", "", "", "", "")},
            "Rows": {"Row": rows}, "type": "Section",
            "Summary": {"ColData": _cells(f"Total for {name}", "", "", "", "", "",
                                          money_str(running - begin), money_str(running))}})
    return {"Header": header("GeneralLedger", when, not sections),
            "Columns": columns(COLUMNS), "Rows": {"Row": sections}}
