from __future__ import annotations

from decimal import Decimal

from chalicelib.domain.balances import BalanceTotals, RunningBalances, family_balances, unapplied_credits_report

from .builders import charge, credit, d, payment, refund, void


def test_balance_is_charges_less_payments_and_credits_plus_refunds() -> None:
    p = payment("p", 2, "2025-01-02", "30.00")
    rows = [charge("c", 1, "2025-01-01", "100.00"), p, credit("k", 3, "2025-01-03", "20.00"),
            refund("r", 4, "2025-01-04", "5.00", "p")]
    assert family_balances(rows) == {"f1": Decimal("55.00")}


def test_a_void_removes_the_transaction_it_voids() -> None:
    c = charge("c", 1, "2025-01-01", "100.00")
    assert family_balances([c, void("v", 2, "2025-01-05", c)]) == {"f1": Decimal("0.00")}


def test_a_void_takes_effect_on_its_own_date() -> None:
    c = charge("c", 1, "2025-01-01", "100.00")
    rows = [c, void("v", 2, "2025-01-05", c)]
    assert family_balances(rows, d("2025-01-04")) == {"f1": Decimal("100.00")}
    assert family_balances(rows, d("2025-01-05")) == {"f1": Decimal("0.00")}


def test_receivables_sum_positive_and_unapplied_credits_sum_negative_balances() -> None:
    rows = [charge("c", 1, "2025-01-01", "80.00", family="a"),
            payment("p", 2, "2025-01-01", "30.00", family="b"),
            charge("c2", 3, "2025-01-01", "10.00", family="c")]
    totals = BalanceTotals.of(family_balances(rows))
    assert totals == BalanceTotals(Decimal("90.00"), Decimal("30.00"))


def test_fin12_lists_families_with_a_credit_balance_as_of_a_date() -> None:
    rows = [payment("p1", 1, "2025-01-01", "50.00", family="b"),
            payment("p2", 2, "2025-01-01", "20.00", family="a"),
            charge("c1", 3, "2025-01-01", "5.00", family="z"),
            payment("p3", 4, "2025-01-09", "70.00", family="c")]
    report = unapplied_credits_report(rows, d("2025-01-08"))
    assert [(r.family_id, r.balance, r.credit) for r in report.families] == [
        ("a", Decimal("-20.00"), Decimal("20.00")), ("b", Decimal("-50.00"), Decimal("50.00"))]
    assert report.total == Decimal("70.00")


def test_fin12_ignores_transactions_dated_after_the_date() -> None:
    report = unapplied_credits_report([payment("p", 1, "2025-02-01", "9.00")], d("2025-01-31"))
    assert report.families == () and report.total == Decimal("0.00")


def test_running_balances_report_the_change_of_receivables_and_credits() -> None:
    book = RunningBalances({"f1": Decimal("30.00")})
    assert book.apply("f1", Decimal("-50.00")) == (Decimal("-30.00"), Decimal("20.00"))
    assert book.totals() == BalanceTotals(Decimal("0.00"), Decimal("20.00"))
