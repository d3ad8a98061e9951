"""The Deposit QBO receives: its total is the payout's net, its lines what was withheld."""
from __future__ import annotations

from decimal import Decimal

from chalicelib.domain.payouts import plan_payouts
from chalicelib.sync.ports import References
from chalicelib.sync.qbo.deposit import deposit
from tests.unit.domain.builders import settings
from tests.unit.payouts.builders import ACCOUNTS, payout


def refs_for(doc) -> References:
    return References({str(ln.account): f"id-{ln.account}" for ln in doc.lines})


def test_the_deposit_goes_to_the_mapped_bank_and_its_lines_add_up_to_the_net() -> None:
    [doc] = plan_payouts(settings(), ACCOUNTS, [payout(gross="250.00", fees="7.55", refunds="20.00",
                                                      chargebacks="15.00", adjustments="0.55")], "r")
    body = deposit(doc, refs_for(doc))
    assert body["DepositToAccountRef"] == {"value": "id-payout_bank:Business Checking"}
    assert sum((ln["Amount"] for ln in body["Line"]), Decimal("0")) == Decimal("208.00")
    assert {ln["Description"]: str(ln["Amount"]) for ln in body["Line"]} == {
        "Platform processor payments settled": "250.00", "Refunds withheld by the processor": "-20.00",
        "Processing fees": "-7.55", "Processor adjustments": "0.55", "Chargebacks withheld": "-15.00"}
    assert body["DocNumber"] == doc.doc_number and body["TxnDate"] == "2025-03-12"
