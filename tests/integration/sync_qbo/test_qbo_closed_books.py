"""Closed books at QBO: the poster tells a closed-period refusal apart and reads the closing date."""
from __future__ import annotations

import datetime as dt

import pytest
from qbo_builders import daily_plan

from chalicelib.sync.ports import PeriodClosed, QuickBooksRefused, References


def _ready(qbo, realm, days):
    plan = daily_plan(days)
    return plan, qbo.poster(realm).ensure_references(plan, cached={})


def test_a_closed_period_refusal_names_the_refused_documents_and_reports_the_rest_posted(qbo, plus):
    plan, refs = _ready(qbo, plus, 3)
    qbo.control.company(plus, book_close_date=plan.documents[0].txn_date.isoformat())
    with pytest.raises(PeriodClosed) as refused:
        qbo.poster(plus).post(plan.documents, refs)
    assert refused.value.refused == (plan.documents[0].key,)
    assert sorted(p.key for p in refused.value.posted) == sorted(d.key for d in plan.documents[1:])


def test_the_closing_date_is_read_from_the_company_preferences_with_one_metered_read(qbo, plus):
    qbo.control.company(plus, book_close_date="2026-02-28")
    poster = qbo.poster(plus)
    before = qbo.reads(plus)
    assert poster.book_close_date() == dt.date(2026, 2, 28)
    assert qbo.reads(plus) == before + 1


def test_a_company_with_open_books_has_no_closing_date(qbo, plus):
    assert qbo.poster(plus).book_close_date() is None


def test_another_validation_fault_is_not_taken_for_a_closed_period(qbo, plus):
    plan, refs = _ready(qbo, plus, 1)
    gone = References(dict.fromkeys(refs.accounts, "99999"), refs.classes, refs.cache)  # no such accounts
    with pytest.raises(QuickBooksRefused) as refused:
        qbo.poster(plus).post(plan.documents, gone)
    assert not isinstance(refused.value, PeriodClosed)
