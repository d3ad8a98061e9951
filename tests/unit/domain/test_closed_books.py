"""Re-dating an unposted document out of a period closed after it was planned (pure)."""
from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from chalicelib.domain.accounts import AccountKey, AccountRole
from chalicelib.domain.closed_books import documents_to_move, move_to_open_period
from chalicelib.domain.journal import DocumentKind, JournalDocument, JournalLine, PostingType

LINES = (JournalLine(PostingType.DEBIT, Decimal("10.00"), AccountKey(AccountRole.RECEIVABLES_CLEARING), None, "x"),
         JournalLine(PostingType.CREDIT, Decimal("10.00"), AccountKey(AccountRole.REVENUE, "Classes"), None, "x"))
DOC = JournalDocument("k1", "CB-1", DocumentKind.DAILY, dt.date(2026, 1, 20), dt.date(2026, 1, 20),
                      "Classbooks sync for tenant t1; run m1; business date 2026-01-20; payment types: none.", LINES)


def test_a_document_in_the_closed_period_moves_to_the_day_after_the_close() -> None:
    moved = move_to_open_period(DOC, dt.date(2026, 1, 31))
    assert moved.txn_date == dt.date(2026, 2, 1) and moved.business_date == DOC.business_date
    assert (moved.key, moved.doc_number, moved.lines) == (DOC.key, DOC.doc_number, DOC.lines)


def test_the_note_names_the_business_date_and_the_close() -> None:
    moved = move_to_open_period(DOC, dt.date(2026, 1, 31))
    assert moved.private_note.endswith("; posted on 2026-02-01 because 2026-01-20 is in the closed period "
                                       "(books closed through 2026-01-31).")


def test_a_second_close_replaces_the_first_reason_instead_of_adding_one() -> None:
    once = move_to_open_period(DOC, dt.date(2026, 1, 31))
    twice = move_to_open_period(once, dt.date(2026, 2, 28))
    assert twice.txn_date == dt.date(2026, 3, 1) and twice.private_note.count("closed period") == 1


def test_a_document_after_the_close_is_left_as_it_is() -> None:
    assert move_to_open_period(DOC, dt.date(2026, 1, 19)) is DOC


def test_only_the_documents_the_close_covers_are_moved() -> None:
    later = dataclasses.replace(DOC, key="k2", txn_date=dt.date(2026, 2, 3), business_date=dt.date(2026, 2, 3))
    assert [d.key for d in documents_to_move([DOC, later], dt.date(2026, 1, 31))] == ["k1"]
