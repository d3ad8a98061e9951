from __future__ import annotations

from decimal import Decimal

from chalicelib.domain.references import LedgerIndex, validate_references

from .builders import charge, payment, refund, void

P = payment("p1", 1, "2025-02-01", "100.00", "credit_card")
C = charge("c1", 2, "2025-02-01", "50.00")


def codes(batch, known) -> list[str]:  # type: ignore[no-untyped-def]
    return [e.code for e in validate_references(batch, known)]


def test_a_sound_batch_has_no_errors() -> None:
    batch = [refund("r1", 3, "2025-02-02", "40.00", "p1", "credit_card"), void("v1", 4, "2025-02-03", C)]
    assert validate_references(batch, {"p1": P, "c1": C}) == []


def test_refund_may_refer_to_a_payment_in_the_same_batch() -> None:
    assert codes([P, refund("r1", 3, "2025-02-02", "40.00", "p1", "credit_card")], {}) == []


def test_refund_of_an_unknown_payment_is_refused() -> None:
    assert codes([refund("r1", 3, "2025-02-02", "1.00", "nope")], {}) == ["unknown_payment"]


def test_refund_of_a_charge_is_refused() -> None:
    assert codes([refund("r1", 3, "2025-02-02", "1.00", "c1")], {"c1": C}) == ["unknown_payment"]


def test_refund_must_use_the_payment_type_of_its_payment() -> None:
    assert codes([refund("r1", 3, "2025-02-02", "1.00", "p1", "cash")], {"p1": P}) == ["payment_type_mismatch"]


def test_refunds_may_not_exceed_the_payment() -> None:
    batch = [refund("r1", 3, "2025-02-02", "60.00", "p1", "credit_card"),
             refund("r2", 4, "2025-02-02", "40.01", "p1", "credit_card")]
    errors = validate_references(batch, {"p1": P})
    assert [(e.index, e.code) for e in errors] == [(1, "refund_exceeds_payment")]
    assert "39.99" not in errors[0].message and "40.00 left" in errors[0].message


def test_refund_total_counts_stored_refunds_but_not_voided_ones() -> None:
    old = refund("r0", 3, "2025-02-02", "90.00", "p1", "credit_card")
    known = {"p1": P, "r0": old}
    assert codes([refund("r1", 5, "2025-02-03", "20.00", "p1", "credit_card")], known) == ["refund_exceeds_payment"]
    known["v0"] = void("v0", 4, "2025-02-02", old)
    assert codes([refund("r1", 5, "2025-02-03", "20.00", "p1", "credit_card")], known) == []


def test_refund_may_not_predate_its_payment() -> None:
    assert codes([refund("r1", 3, "2025-01-31", "1.00", "p1", "credit_card")], {"p1": P}) == ["refund_before_payment"]


def test_refund_of_a_voided_payment_is_refused() -> None:
    known = {"p1": P, "v1": void("v1", 3, "2025-02-01", P)}
    assert codes([refund("r1", 4, "2025-02-02", "1.00", "p1", "credit_card")], known) == ["payment_voided"]


def test_void_of_an_unknown_transaction_is_refused() -> None:
    assert codes([void("v1", 3, "2025-02-02", C)], {}) == ["unknown_transaction"]


def test_a_void_cannot_be_voided() -> None:
    v = void("v1", 3, "2025-02-02", C)
    assert codes([void("v2", 4, "2025-02-02", v)], {"c1": C, "v1": v}) == ["cannot_void_a_void"]


def test_a_transaction_cannot_be_voided_twice_in_one_batch() -> None:
    batch = [void("v1", 3, "2025-02-02", C), void("v2", 4, "2025-02-02", C)]
    assert codes(batch, {"c1": C}) == ["already_voided"]


def test_a_transaction_already_voided_in_the_store_cannot_be_voided_again() -> None:
    assert codes([void("v2", 4, "2025-02-02", C)], {"c1": C, "v1": void("v1", 3, "2025-02-02", C)}) == ["already_voided"]


def test_void_must_carry_the_family_and_amount_of_its_target() -> None:
    wrong = void("v1", 3, "2025-02-02", charge("c1", 2, "2025-02-01", "49.00"))
    assert codes([wrong], {"c1": C}) == ["void_mismatch"]


def test_void_may_not_predate_its_target() -> None:
    assert codes([void("v1", 3, "2025-01-31", C)], {"c1": C}) == ["void_before_transaction"]


def test_a_payment_with_live_refunds_cannot_be_voided() -> None:
    known = {"p1": P, "r1": refund("r1", 3, "2025-02-02", "10.00", "p1", "credit_card")}
    assert codes([void("v1", 4, "2025-02-03", P)], known) == ["payment_has_refunds"]


def test_an_id_may_appear_once_per_batch() -> None:
    assert codes([C, C], {}) == ["duplicate_id"]


def test_a_lookup_callable_works_like_a_mapping() -> None:
    index = LedgerIndex.build([P])
    batch = [refund("r1", 3, "2025-02-02", "100.01", "p1", "credit_card")]
    errors = validate_references(batch, index.get, voided_by=index.voided_by,
                                 refunded_total=index.refunded_total)
    assert [e.code for e in errors] == ["refund_exceeds_payment"]
    assert index.refunded_total("p1") == Decimal("0.00")
