"""python-quickbooks objects the tests post (the same classes the connector will use)."""
from __future__ import annotations

from quickbooks.objects.account import Account
from quickbooks.objects.base import Ref
from quickbooks.objects.deposit import Deposit, DepositLine, DepositLineDetail
from quickbooks.objects.journalentry import Entity, JournalEntry, JournalEntryLine, JournalEntryLineDetail


def ref(value: str, name: str = "") -> Ref:
    r = Ref()
    r.value, r.name = str(value), name
    return r


def account_id(qb, name: str) -> str:
    return Account.filter(Name=name, qb=qb)[0].Id


def journal_entry(lines: list[tuple[str, str, float]], txn_date: str = "2026-03-02",
                  doc_number: str = "CB-1", class_id: str | None = None,
                  customer_id: str | None = None) -> JournalEntry:
    """lines: (posting type, account id, amount)."""
    je = JournalEntry()
    je.TxnDate, je.DocNumber = txn_date, doc_number
    for posting, acct, amount in lines:
        line = JournalEntryLine()
        line.Amount = amount
        detail = JournalEntryLineDetail()
        detail.PostingType = posting
        detail.AccountRef = ref(acct)
        if class_id:
            detail.ClassRef = ref(class_id)
        if customer_id:
            detail.Entity = Entity()
            detail.Entity.Type = "Customer"
            detail.Entity.EntityRef = ref(customer_id)
        line.JournalEntryLineDetail = detail
        je.Line.append(line)
    return je


def deposit(to_account: str, lines: list[tuple[str, float]],
            txn_date: str = "2026-03-02") -> Deposit:
    dep = Deposit()
    dep.TxnDate = txn_date
    dep.DepositToAccountRef = ref(to_account)
    for acct, amount in lines:
        line = DepositLine()
        line.Amount = amount
        line.DepositLineDetail = DepositLineDetail()
        line.DepositLineDetail.AccountRef = ref(acct)
        dep.Line.append(line)
    return dep
