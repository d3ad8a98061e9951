"""A payout's own figures: the net is its parts to the cent, and nothing is settled twice."""
from __future__ import annotations

import pytest

from chalicelib.domain.errors import TransactionInvalid
from chalicelib.domain.payout_record import Payout
from tests.unit.payouts.builders import payout


def test_a_net_that_is_not_its_parts_is_refused_with_both_figures() -> None:
    with pytest.raises(TransactionInvalid) as refused:
        payout(gross="100.00", fees="2.90", net="97.20")
    assert "net: is 97.20 but" in str(refused.value) and "is 97.10" in str(refused.value)


def test_the_net_is_gross_less_withheld_plus_reversals_and_adjustments() -> None:
    p = payout(gross="500.00", fees="14.80", refunds="40.00", chargebacks="25.00", reversals="25.00",
               adjustments="-1.20", net="444.00")
    assert str(p.net) == "444.00" and str(p.settled_from_merchant) == "460.00"


def test_a_payout_naming_a_payment_twice_is_refused() -> None:
    with pytest.raises(TransactionInvalid, match="settles p1 twice"):
        payout(payments=["p1", "p2", "p1"])


@pytest.mark.parametrize("field", ["fees", "refunds", "chargebacks"])
def test_withheld_amounts_cannot_be_negative(field: str) -> None:
    with pytest.raises(TransactionInvalid, match=f"{field}: must not be negative"):
        payout(**{field: "-1.00"})  # type: ignore[arg-type]


def test_a_payout_survives_its_json_shape() -> None:
    p = payout(fees="3.10", refunds="5.00", adjustments="0.40", payments=["p1", "p2"], seq=7)
    assert Payout.from_dict(p.to_dict(), seq=7) == p


def test_an_amount_too_large_for_cents_is_refused_not_a_crash() -> None:
    from chalicelib.errors import InvalidRequest
    from chalicelib.ledger.payouts import parse_payouts
    body = ('{"payouts": [{"id": "a", "processor": "platform", "date": "2025-01-01", "bank_account": "b", '
            '"gross": "1e400", "net": "1.00"}]}')
    with pytest.raises(InvalidRequest) as refused:
        parse_payouts(body)
    assert refused.value.details[0]["errors"][0]["field"] == "gross"
    assert "too large" in refused.value.details[0]["errors"][0]["message"]
