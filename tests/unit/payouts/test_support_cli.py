"""`classbooks support clearing TENANT`: the clearing report laid out for support."""
from __future__ import annotations

import argparse
import io

from chalicelib.cli import support

REPORT = {"qbo_balance": "80.00", "expected_balance": "80.00", "difference": "0.00", "ties_out": True,
          "refunds_and_returns_not_yet_withheld": "0.00", "payouts_posted": [{}],
          "payouts_waiting_for_the_next_sync": [],
          "unpaid_payments": [{"processor": "platform", "date": "2025-03-03", "amount": "50.00"}],
          "external_never_covered": [{"id": "e1", "date": "2025-03-03", "amount": "30.00"}]}


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    support.register(parser.add_subparsers())
    return parser.parse_args(["support", *argv])


def test_support_sees_the_difference_the_unpaid_payments_and_the_external_ones() -> None:
    seen, out = [], io.StringIO()

    def fetch(path: str, params: dict[str, str]) -> tuple[int, dict]:
        seen.append(path)
        return 200, REPORT
    assert support.run(parse("clearing", "tumble town", "--token", "t"), fetch, out) == 0
    text = out.getvalue()
    assert seen == ["/v1/tenants/tumble%20town/reports/merchant-settlement"]
    assert "Difference                            0.00 (ties out)" in text
    assert "platform   2025-03-03  50.00" in text and "no payout will cover: e1" in text


def test_a_refusal_is_exit_status_1() -> None:
    refusing = lambda p, q: (404, {"message": "no"})  # noqa: E731
    assert support.run(parse("clearing", "t1", "--token", "t"), refusing, io.StringIO()) == 1
