"""The general ledger behind the books: every posted document turned into debits and credits.

Amounts are signed Decimals, debit positive. Computed on demand from the stored documents, so
an update, void or delete is reflected immediately.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..store import Company, Doc
from .refs import ref_id

Posting = tuple[date, str, Decimal]


def _d(value: object) -> Decimal:
    return Decimal(str(value or 0))


def _special(company: Company, sub_type: str) -> str:
    return next((a["Id"] for a in company.table("Account").values()
                 if a.get("AccountSubType") == sub_type), "")


def _journal(doc: Doc) -> Iterator[tuple[str, Decimal]]:
    for line in doc.get("Line", []):
        detail = line.get("JournalEntryLineDetail")
        if detail:
            sign = 1 if detail["PostingType"] == "Debit" else -1
            yield ref_id(detail["AccountRef"]), sign * _d(line.get("Amount"))


def _deposit(company: Company, doc: Doc) -> Iterator[tuple[str, Decimal]]:
    yield ref_id(doc["DepositToAccountRef"]), _d(doc.get("TotalAmt"))
    for line in doc.get("Line", []):
        if line.get("DepositLineDetail") and not line.get("LinkedTxn"):
            yield ref_id(line["DepositLineDetail"]["AccountRef"]), -_d(line.get("Amount"))
        for link in line.get("LinkedTxn", []):
            yield _linked_account(company, link), -_linked_amount(company, link)


def _linked_account(company: Company, link: Doc) -> str:
    """The account a linked line empties: the receipt's or payment's deposit account, or the
    journal entry line's own account (normally Undeposited Funds)."""
    source = company.table(str(link.get("TxnType"))).get(str(link.get("TxnId")), {})
    if link.get("TxnType") == "JournalEntry":
        for line in source.get("Line", []):
            if str(line.get("Id")) == str(link.get("TxnLineId")):
                return ref_id(line["JournalEntryLineDetail"]["AccountRef"])
    return ref_id(source.get("DepositToAccountRef")) or _special(company, "UndepositedFunds")


def _linked_amount(company: Company, link: Doc) -> Decimal:
    source = company.table(str(link.get("TxnType"))).get(str(link.get("TxnId")), {})
    if link.get("TxnType") == "JournalEntry":
        return next((_d(x.get("Amount")) for x in source.get("Line", [])
                     if str(x.get("Id")) == str(link.get("TxnLineId"))), Decimal(0))
    return _d(source.get("TotalAmt"))


def _sales_receipt(company: Company, doc: Doc) -> Iterator[tuple[str, Decimal]]:
    yield ref_id(doc["DepositToAccountRef"]), _d(doc.get("TotalAmt"))
    for line in doc.get("Line", []):
        if "SalesItemLineDetail" in line:
            item = company.table("Item").get(ref_id(line["SalesItemLineDetail"]["ItemRef"]), {})
            yield ref_id(item.get("IncomeAccountRef")), -_d(line.get("Amount"))
        elif "DiscountLineDetail" in line:
            yield ref_id(line["DiscountLineDetail"]["DiscountAccountRef"]), _d(line.get("Amount"))


def _payment(company: Company, doc: Doc) -> Iterator[tuple[str, Decimal]]:
    total = _d(doc.get("TotalAmt"))
    yield ref_id(doc["DepositToAccountRef"]), total
    yield ref_id(doc.get("ARAccountRef")) or _special(company, "AccountsReceivable"), -total


@dataclass(frozen=True)
class Entry:
    """One posting with the document it came from (what a GeneralLedger row shows)."""
    when: date
    account_id: str
    amount: Decimal
    txn_type: str
    txn_id: str
    doc_number: str
    memo: str


TXN_TYPE_LABEL = {"JournalEntry": "Journal Entry", "Deposit": "Deposit",
                  "SalesReceipt": "Sales Receipt", "Payment": "Payment"}


def entries(company: Company) -> Iterator[Entry]:
    """Every non-zero posting of every live document, in document-id order."""
    for entity, split in (("JournalEntry", lambda d: _journal(d)),
                          ("Deposit", lambda d: _deposit(company, d)),
                          ("SalesReceipt", lambda d: _sales_receipt(company, d)),
                          ("Payment", lambda d: _payment(company, d))):
        for doc in company.table(entity).values():
            when = date.fromisoformat(doc["TxnDate"])
            for account_id, amount in split(doc):
                if amount:
                    yield Entry(when, account_id, amount, entity, doc["Id"],
                                str(doc.get("DocNumber", "")), str(doc.get("PrivateNote", "")))


def postings(company: Company) -> Iterator[Posting]:
    for entry in entries(company):
        yield entry.when, entry.account_id, entry.amount


def balances(company: Company, as_of: date, since: date | None = None) -> dict[str, Decimal]:
    """Signed balance per account id for postings dated in [since, as_of]."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for when, account_id, amount in postings(company):
        if when <= as_of and (since is None or when >= since):
            totals[account_id] += amount
    return dict(totals)


def money_str(amount: Decimal) -> str:
    return f"{amount.quantize(Decimal('0.01')):f}"
