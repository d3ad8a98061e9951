"""Ingesting payouts: idempotent by id, all-or-nothing, refused with the reason."""
from __future__ import annotations

from chalicelib.ledger.payout_store import DynamoPayouts
from tests.integration.payouts.conftest import payout_body, post_payouts


def reasons(response) -> list[str]:
    return [e["message"] for d in response.json_body["details"] for e in d["errors"]]


def test_a_payout_takes_the_next_ledger_seq_and_the_transaction_reader_passes_over_it(
        ledger_api, stored_payments, container) -> None:
    answer = post_payouts(ledger_api, [payout_body(payments=["p1", "p2"], fees="2.90", net="97.10")])
    assert answer.status_code == 200 and answer.json_body["payouts"] == [{"id": "po1", "status": "accepted", "seq": 8}]
    rows, upto = container.ledger.read_committed(stored_payments, 0)
    assert upto == 8 and [t.seq for t in rows] == list(range(1, 8))
    [p] = DynamoPayouts(container.ledger).read_range(stored_payments, 7, 8)
    assert (p.id, str(p.net), p.payments) == ("po1", "97.10", ("p1", "p2"))


def test_the_same_payout_again_is_a_counted_duplicate_and_another_body_a_409(ledger_api, stored_payments) -> None:
    post_payouts(ledger_api, [payout_body(payments=["p1"], gross="60.00")])
    again = post_payouts(ledger_api, [payout_body(payments=["p1"], gross="60.00")])
    assert again.status_code == 200 and again.json_body["duplicates"] == 1
    changed = post_payouts(ledger_api, [payout_body(payments=["p1"], gross="60.00", fees="1.00", net="59.00")])
    assert changed.status_code == 409 and changed.json_body["error"] == "id_conflict"


def test_a_net_that_is_not_its_parts_is_a_400_naming_both(ledger_api, stored_payments) -> None:
    answer = post_payouts(ledger_api, [payout_body(fees="3.00", net="98.00")])
    assert answer.status_code == 400 and "is 98.00 but" in reasons(answer)[0]


def test_settling_a_payment_twice_is_refused_and_nothing_of_the_batch_is_stored(
        ledger_api, stored_payments, container) -> None:
    post_payouts(ledger_api, [payout_body("po1", "60.00", payments=["p1"])])
    answer = post_payouts(ledger_api, [payout_body("po2", "40.00", payments=["p2"]),
                                       payout_body("po3", "60.00", payments=["p1"])])
    assert answer.status_code == 400 and reasons(answer) == ["p1 is already settled by payout po1"]
    assert DynamoPayouts(container.ledger).settled_by(stored_payments, ["p2"]) == {}


def test_two_payouts_of_one_batch_settling_the_same_payment_are_refused(ledger_api, stored_payments) -> None:
    answer = post_payouts(ledger_api, [payout_body("po1", "60.00", payments=["p1"]),
                                       payout_body("po2", "60.00", payments=["p1"])])
    assert answer.status_code == 400 and reasons(answer) == ["p1 is already settled by payout po1"]


def test_cash_unknown_voided_other_processor_and_non_payments_are_refused_with_the_reason(
        ledger_api, stored_payments) -> None:
    answer = post_payouts(ledger_api, [payout_body(gross="200.00", payments=["c1", "zz", "p3", "e1", "ch1"])])
    assert answer.status_code == 400
    assert reasons(answer) == [
        "c1 is a cash payment: the studio deposits those itself, no payout settles them",
        "zz is not a payment of this studio (no such transaction is stored for it)",
        "p3 was voided (by v3)",
        "e1 went through the external processor, not the platform one",
        "ch1 is a charge, not a payment"]


def test_another_tenants_payment_is_unknown_here(ledger_api, stored_payments) -> None:
    assert ledger_api.put_profile("other-studio").status_code == 201
    answer = post_payouts(ledger_api, [payout_body(payments=["p1"], gross="60.00")], tenant_id="other-studio")
    assert answer.status_code == 400 and "p1 is not a payment of this studio" in reasons(answer)[0]


def test_named_payments_cannot_exceed_the_gross(ledger_api, stored_payments) -> None:
    answer = post_payouts(ledger_api, [payout_body(gross="50.00", payments=["p1"])])
    assert answer.status_code == 400 and "more than its gross 50.00" in reasons(answer)[0]


def test_a_malformed_payout_is_a_400_never_a_500(ledger_api, stored_payments) -> None:
    for body in ([{"id": "x"}], [payout_body(gross=12.5)], [payout_body(date="2025-02-30")], "nope"):
        answer = ledger_api.call("POST", "/v1/tenants/tumble-town/payouts", {"payouts": body})
        assert answer.status_code == 400, body


def test_only_the_platform_may_post_payouts(ledger_api, stored_payments) -> None:
    answer = ledger_api.call("POST", "/v1/tenants/tumble-town/payouts", {"payouts": [payout_body()]},
                             role="admin", tenant_id="tumble-town")
    assert answer.status_code == 403
