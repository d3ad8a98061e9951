"""A planned payout document as QBO's Deposit JSON (ids from the resolved references).

The one debit to the mapped bank account is `DepositToAccountRef`; every other line is an
account line, a credit as a positive amount and a debit as a negative one (fees withheld), so
QBO's TotalAmt is the sum of the lines: exactly the payout's net.
"""
from __future__ import annotations

from typing import Any

from chalicelib.domain.accounts import AccountRole
from chalicelib.domain.journal import JournalDocument, PostingType
from chalicelib.sync.ports import QuickBooksRefused, References
from chalicelib.sync.qbo.journal import MAX_LINE_DESCRIPTION


def _account(doc: JournalDocument, refs: References, key: Any) -> str:
    account = refs.accounts.get(str(key))
    if account is None:
        raise QuickBooksRefused(f"No QuickBooks account is known for {key} (deposit {doc.doc_number}); "
                                "references were not resolved")
    return account


def deposit(doc: JournalDocument, refs: References) -> dict[str, Any]:
    banks = [ln for ln in doc.lines if ln.account.role is AccountRole.PAYOUT_BANK]
    if len(banks) != 1 or banks[0].posting_type is not PostingType.DEBIT:
        raise QuickBooksRefused(f"deposit {doc.doc_number} has no single bank line to deposit into")
    lines = []
    for line in doc.lines:
        if line is banks[0]:
            continue
        amount = line.amount if line.posting_type is PostingType.CREDIT else -line.amount
        lines.append({"Description": line.description[:MAX_LINE_DESCRIPTION], "Amount": amount,
                      "DetailType": "DepositLineDetail",
                      "DepositLineDetail": {"AccountRef": {"value": _account(doc, refs, line.account)}}})
    return {"DocNumber": doc.doc_number, "TxnDate": doc.txn_date.isoformat(), "PrivateNote": doc.private_note,
            "DepositToAccountRef": {"value": _account(doc, refs, banks[0].account)}, "Line": lines}
