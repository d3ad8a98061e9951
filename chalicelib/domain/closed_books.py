"""Books closed after a plan was written: move its unposted documents to the first open date.

QuickBooks refuses a document dated on or before the company's BookCloseDate. A plan written
before the accountant closed the period holds such documents; nothing of them was posted (QBO
refused them), so they may be re-dated before they are sent again. Each keeps its key and
DocNumber (exactly-once still holds: the look-up by DocNumber finds it wherever it is dated), its
business date, and its lines; only `txn_date` and the note change, and the note says why. Pure.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence

from chalicelib.domain.journal import JournalDocument
from chalicelib.domain.memos import MAX_NOTE
from chalicelib.domain.settings import open_date

_CLOSED_CLAUSE = re.compile(r"; posted on \d{4}-\d{2}-\d{2} because \d{4}-\d{2}-\d{2} is in the closed period "
                            r"\(books closed through [^)]*\)")


def closed_clause(business_date: dt.date, txn_date: dt.date, book_close_date: dt.date) -> str:
    return (f"posted on {txn_date} because {business_date} is in the closed period "
            f"(books closed through {book_close_date})")


def in_closed_period(document: JournalDocument, book_close_date: dt.date) -> bool:
    return document.txn_date <= book_close_date


def move_to_open_period(document: JournalDocument, book_close_date: dt.date) -> JournalDocument:
    """`document` dated the first open date, its note naming the business date and the close."""
    if not in_closed_period(document, book_close_date):
        return document
    first_open = open_date(document.txn_date, book_close_date)
    base = _CLOSED_CLAUSE.sub("", document.private_note).removesuffix(".")
    note = f"{base}; {closed_clause(document.business_date, first_open, book_close_date)}."
    return dataclasses.replace(document, txn_date=first_open, private_note=note[:MAX_NOTE])


def documents_to_move(pending: Sequence[JournalDocument], book_close_date: dt.date) -> list[JournalDocument]:
    """The unposted documents the close caught, already moved."""
    return [move_to_open_period(d, book_close_date) for d in pending if in_closed_period(d, book_close_date)]
