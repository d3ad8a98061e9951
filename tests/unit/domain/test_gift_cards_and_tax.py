"""Outstanding gift cards and tax collected, computed from the ledger alone."""
from __future__ import annotations

from chalicelib.domain.gift_cards import gift_cards_outstanding, gift_cards_report
from chalicelib.domain.tax import Period, tax_report

from .builders import charge, credit, d, gift_card_sale, money, void


def test_outstanding_gift_cards_are_sold_less_redeemed() -> None:
    rows = [gift_card_sale("g1", 1, "2025-02-01", "50.00", family="a"),
            credit("k1", 2, "2025-02-03", "20.00", "gift_card", family="b")]
    report = gift_cards_report(rows, d("2025-02-28"))
    assert (report.sold, report.redeemed, report.outstanding) == (money("50.00"), money("20.00"), money("30.00"))
    assert [(f.family_id, f.sold, f.redeemed) for f in report.families] == [
        ("a", money("50.00"), money("0.00")), ("b", money("0.00"), money("20.00"))]


def test_gift_cards_count_only_rows_dated_on_or_before_the_date() -> None:
    rows = [gift_card_sale("g1", 1, "2025-02-01", "50.00"), credit("k1", 2, "2025-02-03", "20.00", "gift_card")]
    assert gift_cards_report(rows, d("2025-02-02")).outstanding == money("50.00")


def test_a_voided_gift_card_sale_is_no_longer_outstanding_from_the_void_date() -> None:
    g1 = gift_card_sale("g1", 1, "2025-02-01", "50.00")
    rows = [g1, void("v1", 2, "2025-02-05", g1)]
    assert gift_cards_outstanding(rows, d("2025-02-04")) == money("50.00")
    assert gift_cards_outstanding(rows, d("2025-02-05")) == money("0.00")
    assert gift_cards_report(rows, d("2025-02-05")).families == ()


def test_other_credits_and_charges_are_not_gift_cards() -> None:
    rows = [charge("c1", 1, "2025-02-01", "50.00"), credit("k1", 2, "2025-02-01", "5.00", "house")]
    assert gift_cards_outstanding(rows) == money("0.00")


def test_tax_collected_is_grouped_by_month_and_tax_name() -> None:
    rows = [charge("c1", 1, "2025-01-15", "108.00", tax={"Sales Tax": "8.00"}),
            charge("c2", 2, "2025-02-01", "54.00", tax={"Sales Tax": "4.00"}),
            charge("c3", 3, "2025-02-02", "110.00", tax={"Sales Tax": "6.00", "City Tax": "4.00"})]
    report = tax_report(rows, d("2025-01-01"), d("2025-02-28"))
    assert [(r.period, r.name, r.taxable_sales, r.tax) for r in report.rows] == [
        ("2025-01", "Sales Tax", money("100.00"), money("8.00")),
        ("2025-02", "City Tax", money("100.00"), money("4.00")),
        ("2025-02", "Sales Tax", money("150.00"), money("10.00"))]
    assert report.total == money("22.00")


def test_a_void_takes_its_tax_off_in_the_period_of_the_void() -> None:
    c1 = charge("c1", 1, "2025-01-15", "108.00", tax={"Sales Tax": "8.00"})
    report = tax_report([c1, void("v1", 2, "2025-02-03", c1)], d("2025-01-01"), d("2025-02-28"))
    assert [(r.period, r.tax) for r in report.rows] == [("2025-01", money("8.00")), ("2025-02", money("-8.00"))]


def test_tax_periods_may_be_days_quarters_or_years() -> None:
    rows = [charge("c1", 1, "2025-05-15", "108.00", tax={"Sales Tax": "8.00"})]
    labels = [tax_report(rows, d("2025-01-01"), d("2025-12-31"), p).rows[0].period
              for p in (Period.DAY, Period.QUARTER, Period.YEAR)]
    assert labels == ["2025-05-15", "2025-Q2", "2025"]


def test_rows_outside_the_range_are_left_out() -> None:
    rows = [charge("c1", 1, "2024-12-31", "108.00", tax={"Sales Tax": "8.00"})]
    assert tax_report(rows, d("2025-01-01"), d("2025-01-31")).rows == ()
