"""The clearing figures: where the money Merchant Settlement must hold is."""
from __future__ import annotations

from chalicelib.domain.clearing import clearing
from tests.unit.domain.builders import GO_LIVE, d, payment, refund, void
from tests.unit.payouts.builders import payout

ROWS = [payment("p1", 1, "2025-03-01", "100.00", "credit_card"),
        payment("p2", 2, "2025-03-01", "40.00", "echeck"),
        payment("e1", 3, "2025-03-02", "30.00", "credit_card", processor="external"),
        payment("c1", 4, "2025-03-02", "25.00", "cash")]


def test_payments_no_payout_named_are_unpaid_by_processor_and_date() -> None:
    figures = clearing(ROWS, [payout("po1", "100.00", payments=["p1"], seq=5)], GO_LIVE)
    assert figures.unpaid == {("external", d("2025-03-02")): 30, ("platform", d("2025-03-01")): 40}
    assert str(figures.expected_balance) == "70.00"


def test_cash_never_counts_toward_merchant_settlement() -> None:
    assert str(clearing(ROWS, [], GO_LIVE).expected_balance) == "170.00"


def test_payout_gross_that_names_no_payment_is_unattributed() -> None:
    figures = clearing(ROWS, [payout("po1", "60.00", payments=[], seq=5)], GO_LIVE)
    assert {k: str(v) for k, v in figures.unattributed.items()} == {"platform": "60.00"}
    assert str(figures.expected_balance) == "110.00"


def test_a_refund_not_yet_withheld_is_pending_and_withholding_it_clears_it() -> None:
    rows = ROWS + [refund("r1", 5, "2025-03-03", "15.00", "p1", "credit_card")]
    before = clearing(rows, [payout("po1", "100.00", payments=["p1"], seq=6)], GO_LIVE)
    after = clearing(rows, [payout("po1", "100.00", refunds="15.00", payments=["p1"], seq=6)], GO_LIVE)
    assert (str(before.returns_pending), str(after.returns_pending)) == ("15.00", "0.00")
    assert (str(before.expected_balance), str(after.expected_balance)) == ("55.00", "70.00")


def test_an_echeck_voided_after_its_payout_is_a_return_until_a_payout_withholds_it() -> None:
    rows = ROWS + [void("v2", 5, "2025-03-04", ROWS[1])]
    figures = clearing(rows, [payout("po1", "40.00", payments=["p2"], seq=4)], GO_LIVE)
    assert str(figures.expected_balance) == "90.00" and str(figures.returns_pending) == "40.00"


def test_external_payments_no_payout_named_are_listed_as_never_covered() -> None:
    assert [t.id for t in clearing(ROWS, [], GO_LIVE).external_uncovered] == ["e1"]


def test_rows_and_payouts_before_go_live_are_not_counted() -> None:
    rows = [payment("p0", 1, "2024-12-30", "50.00", "credit_card")]
    figures = clearing(rows, [payout("po0", "50.00", date="2024-12-31", payments=["p0"], seq=2)], GO_LIVE)
    assert str(figures.expected_balance) == "0.00" and figures.payouts == ()
