"""A planned JournalDocument as QBO's JournalEntry JSON (ids from the resolved references)."""
from __future__ import annotations

from typing import Any

from chalicelib.domain.journal import JournalDocument
from chalicelib.sync.ports import QuickBooksRefused, References

MAX_LINE_DESCRIPTION = 4000


def journal_entry(doc: JournalDocument, refs: References) -> dict[str, Any]:
    """Amounts stay Decimal (wire.dumps writes them as exact numbers); dates as planned."""
    lines = []
    for line in doc.lines:
        account = refs.accounts.get(str(line.account))
        if account is None:
            raise QuickBooksRefused(f"No QuickBooks account is known for {line.account} "
                                    f"(document {doc.doc_number}); references were not resolved")
        detail: dict[str, Any] = {"PostingType": line.posting_type.value,
                                  "AccountRef": {"value": account}}
        if line.class_name:
            class_id = refs.classes.get(line.class_name)
            if class_id is None:
                raise QuickBooksRefused(f'No QuickBooks class is known for "{line.class_name}" '
                                        f"(document {doc.doc_number}); references were not resolved")
            detail["ClassRef"] = {"value": class_id}
        lines.append({"Description": line.description[:MAX_LINE_DESCRIPTION],
                      "Amount": line.amount, "DetailType": "JournalEntryLineDetail",
                      "JournalEntryLineDetail": detail})
    return {"DocNumber": doc.doc_number, "TxnDate": doc.txn_date.isoformat(),
            "PrivateNote": doc.private_note, "Line": lines}
