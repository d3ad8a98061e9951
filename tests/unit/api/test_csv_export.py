"""Issue #16 item 10: a CSV export never carries a live formula, whatever the platform's ids hold."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from chalicelib.domain.balances import unapplied_credits_report
from chalicelib.ledger.csvsafe import safe_cell
from chalicelib.ledger.reports import to_csv
from tests.unit.domain.builders import credit

HOSTILE = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("family", HOSTILE)
def test_a_family_id_that_starts_a_formula_is_exported_as_text(family: str) -> None:
    report = unapplied_credits_report([credit("k", 1, "2025-01-02", "5.00", family=family)], dt.date(2025, 1, 2))
    rows = list(csv.reader(io.StringIO(to_csv(report))))
    assert rows[1][0] == "'" + family


def test_negative_figures_stay_numbers() -> None:
    assert [safe_cell(v) for v in ("-12.50", "-3", "12.50")] == ["-12.50", "-3", "12.50"]


def test_ordinary_text_is_left_alone() -> None:
    assert [safe_cell(v) for v in ("family-1", "Smith = Jones", "")] == ["family-1", "Smith = Jones", ""]
