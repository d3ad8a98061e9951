"""Issue #16 item 4: no id the platform sends collides with another in any ledger key.

A property over hostile ids (separators, percent signs, prefixes of one another) for the pure key
functions, then the bug itself through the API: refunds of payment `P#2` must not count against `P`.
"""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.ledger.keys import claim_key, part, refund_mark_key, refund_prefix, unpart, void_mark_key, void_target
from chalicelib.ledger.snapshots import family_key
from tests.integration.ledger.conftest import payment

HOSTILE = st.lists(st.sampled_from(["#", "%", "%23", "%25", "2", "3", "P", "rf#", "id#", "vd#", "é", " "]),
                   min_size=1, max_size=8).map("".join) | st.text(min_size=1, max_size=20)


@given(HOSTILE, HOSTILE)
def test_a_key_component_is_injective_and_never_holds_the_separator(a: str, b: str) -> None:
    assert "#" not in part(a)
    assert unpart(part(a)) == a
    assert (part(a) == part(b)) == (a == b)


@given(HOSTILE, HOSTILE, HOSTILE, HOSTILE)
def test_refund_marks_of_two_payments_never_share_a_prefix(p: str, q: str, r: str, s: str) -> None:
    if p != q:
        assert not refund_mark_key(q, s).startswith(refund_prefix(p))
    assert refund_mark_key(p, r).startswith(refund_prefix(p))
    assert (refund_mark_key(p, r) == refund_mark_key(q, s)) == ((p, r) == (q, s))


@given(HOSTILE, HOSTILE)
def test_claim_void_and_family_keys_are_one_to_one(a: str, b: str) -> None:
    for key in (claim_key, void_mark_key, lambda i: family_key(1, i)):
        assert (key(a) == key(b)) == (a == b)
    assert void_target(void_mark_key(a)) == a
    assert len({claim_key(a), void_mark_key(a), refund_prefix(a), family_key(1, a)}) == 4


@settings(max_examples=25)
@given(HOSTILE)
def test_no_key_of_one_kind_equals_a_key_of_another(a: str) -> None:
    keys = [claim_key(a), void_mark_key(a), refund_mark_key(a, a), family_key(1, a)]
    assert len(set(keys)) == len(keys)


def _refund(refund_id: str, refunds: str, amount: str) -> dict:
    return {"id": refund_id, "type": "refund", "date": "2025-03-05", "amount": amount, "family_id": "f1",
            "location_id": "L1", "payment_type": "credit_card", "processor": "platform", "refunds": refunds}


def test_refunds_of_payment_p_hash_2_do_not_count_against_payment_p(ledger_api, tenant):
    assert ledger_api.post([payment("P", "50.00"), payment("P#2", "50.00")]).status_code == 200
    assert ledger_api.post([_refund("R1", "P#2", "50.00")]).status_code == 200
    reply = ledger_api.post([_refund("R2", "P", "50.00")])
    assert reply.status_code == 200, reply.body


def test_a_payment_is_still_refused_beyond_its_own_amount(ledger_api, tenant):
    assert ledger_api.post([payment("P%23", "50.00"), _refund("R1", "P%23", "30.00")]).status_code == 200
    reply = ledger_api.post([_refund("R2", "P%23", "30.00")])
    assert reply.status_code == 400
