"""Throttles per realm: per minute, per second, concurrent; 429 with Intuit's 3001 body."""
from __future__ import annotations

import threading

import pytest
from quickbooks.exceptions import ValidationException
from quickbooks.objects.account import Account

from .helpers import qbo


def _raw_get(qb):
    return qb.session.request("GET", f"{qb.api_url}/company/{qb.company_id}/preferences",
                              headers={"Authorization": "Bearer " + qb.session.access_token,
                                       "Accept": "application/json"}, params={"minorversion": 75})


def test_request_over_the_per_minute_limit_gets_429_throttle_exceeded(seeded, control, plus_qb):
    control.limits(seeded.plus_realm, requests_per_minute=3)
    for _ in range(3):
        assert _raw_get(plus_qb).status_code == 200
    response = _raw_get(plus_qb)
    error = response.json()["Fault"]["Error"][0]
    assert response.status_code == 429
    assert error == {"Message": "message=ThrottleExceeded; errorCode=003001; statusCode=429",
                     "Detail": "The request limit was reached.  Try again later",
                     "code": "3001"}
    assert response.json()["Fault"]["type"] == "SERVICE"


def test_python_quickbooks_sees_the_throttle_as_code_3001(seeded, control, plus_qb):
    control.limits(seeded.plus_realm, requests_per_minute=1)
    Account.all(qb=plus_qb)
    with pytest.raises(ValidationException) as err:
        Account.all(qb=plus_qb)
    assert err.value.error_code == 3001


def test_minute_window_reopens_after_the_clock_moves_a_minute(seeded, control, plus_qb):
    control.limits(seeded.plus_realm, requests_per_minute=2)
    _raw_get(plus_qb), _raw_get(plus_qb)
    assert _raw_get(plus_qb).status_code == 429
    control.advance(60)
    assert _raw_get(plus_qb).status_code == 200


def test_eleventh_request_in_one_second_is_throttled(seeded, control, plus_qb):
    control.call("POST", "/clock", {"freeze": True})
    assert [_raw_get(plus_qb).status_code for _ in range(11)] == [200] * 10 + [429]
    control.advance(1)
    assert _raw_get(plus_qb).status_code == 200


def test_limits_are_per_company(seeded, control, plus_qb, essentials_qb):
    control.limits(seeded.plus_realm, requests_per_minute=1)
    _raw_get(plus_qb)
    assert _raw_get(plus_qb).status_code == 429
    assert _raw_get(essentials_qb).status_code == 200


def test_requests_over_the_concurrency_limit_get_429(seeded, control, plus_auth):
    control.limits(seeded.plus_realm, concurrent=2)
    control.fault(kind="hang", seconds=0.4, count=5, realm_id=seeded.plus_realm)
    statuses: list[int] = []

    def call() -> None:
        statuses.append(_raw_get(qbo(seeded, plus_auth, seeded.plus_realm)).status_code)
    threads = [threading.Thread(target=call) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [200, 200, 429, 429, 429]
    assert control.counters(seeded.plus_realm)["max_in_flight"] == 2


def test_xml_throttle_body_can_be_chosen_to_mimic_older_intuit_responses(seeded, control,
                                                                         plus_qb):
    control.limits(seeded.plus_realm, requests_per_minute=0, throttle_format="xml")
    response = _raw_get(plus_qb)
    assert response.status_code == 429 and '<Error code="3001">' in response.text
