"""FIN-12 renders the same figures as JSON and CSV."""
from __future__ import annotations

import datetime as dt

from chalicelib.domain.balances import unapplied_credits_report
from chalicelib.ledger.reports import to_csv, to_json
from tests.unit.domain.builders import charge, credit, payment


def test_json_and_csv_carry_the_same_figures() -> None:
    report = unapplied_credits_report(
        [charge("c", 1, "2025-01-01", "10.00", family="a"), payment("p", 2, "2025-01-02", "25.00", family="a"),
         credit("k", 3, "2025-01-02", "5.00", family="b")], dt.date(2025, 1, 2))
    body = to_json("t", report)
    assert [(f["family_id"], f["credit"]) for f in body["families"]] == [("a", "15.00"), ("b", "5.00")]
    assert body["total"] == "20.00"
    assert to_csv(report).splitlines() == ["family_id,balance,credit", "a,-15.00,15.00", "b,-5.00,5.00",
                                           "TOTAL,-20.00,20.00"]
