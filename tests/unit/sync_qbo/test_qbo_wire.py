"""QBO JSON: exact amounts out, Decimal amounts in, safe query literals, plain fault words."""
from __future__ import annotations

from decimal import Decimal

import pytest

from chalicelib.quickbooks.wire import Fault, dumps, faults_in, loads, quote, request_id


def test_amounts_are_written_as_json_numbers_with_exactly_their_digits():
    assert dumps({"Amount": Decimal("0.10")}) == '{"Amount":0.10}'


def test_large_amounts_are_not_rounded_through_float():
    assert dumps([Decimal("12345678901234567.89")]) == "[12345678901234567.89]"


def test_negative_and_whole_amounts_keep_their_form():
    assert dumps({"a": Decimal("-5"), "b": Decimal("7.00")}) == '{"a":-5,"b":7.00}'


def test_text_that_looks_like_a_marker_stays_text():
    assert loads(dumps({"Description": "dec:1.00"})) == {"Description": "dec:1.00"}


def test_a_non_finite_amount_is_refused():
    with pytest.raises(ValueError):
        dumps({"Amount": Decimal("NaN")})


def test_amounts_read_back_are_decimal():
    assert loads('{"TotalAmt": 160.15}')["TotalAmt"] == Decimal("160.15")


def test_query_literals_escape_quotes_and_backslashes():
    assert quote("Kid's \\ Camp") == "'Kid\\'s \\\\ Camp'"


def test_request_ids_are_deterministic_and_fit_a_batch_call():
    assert request_id("batch", "a", "b") == request_id("batch", "a", "b")
    assert request_id("batch", "a", "b") != request_id("batch", "b", "a")
    assert len(request_id("batch", "a")) == 36


def test_faults_are_read_from_qbo_and_gateway_envelopes():
    qbo = {"Fault": {"Error": [{"Message": "Stale", "Detail": "d", "code": "5010"}]}}
    gateway = {"fault": {"error": [{"message": "m", "detail": "x", "code": "3200"}]}}
    assert faults_in(qbo)[0].code == "5010" and faults_in(gateway)[0].code == "3200"


def test_a_fault_in_plain_words_does_not_repeat_itself():
    assert Fault("5010", "Account Period Closed", "The account period has closed.").plain() == \
        "Account Period Closed: The account period has closed."
    assert Fault("6240", "Duplicate Name Exists Error", "Duplicate Name Exists Error: taken").plain() == \
        "Duplicate Name Exists Error: taken"
