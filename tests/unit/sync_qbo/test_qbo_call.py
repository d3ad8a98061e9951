"""Setup's python-quickbooks calls (`qbo_client` + `qbo_read`) go through the gateway: inside the
realm's throttle, with typed failures and Intuit's 429 retried (nothing here really waits: sleep
is recorded)."""
from __future__ import annotations

from collections import deque
from typing import Any

import pytest

from chalicelib.config import Config
from chalicelib.quickbooks.client import qbo_client, qbo_read
from chalicelib.quickbooks.errors import IntuitUnavailable, NeedsReauthorization, QuickBooksApiError
from chalicelib.quickbooks.throttle import RealmThrottle, RetryPolicy
from tests.unit.sync_qbo.answers import Answer

POLICY = RetryPolicy(attempts=3, base_delay=1.0, budget=30.0)


def throttled() -> Answer:
    return Answer(429, {"Fault": {"Error": [{"Message": "ThrottleExceeded", "code": "3001"}]}})


class Scripted:
    """Plays answers in order and remembers each request's path (a fake session, not a mock)."""

    def __init__(self, *answers: Answer) -> None:
        self.answers, self.paths = deque(answers), list[str]()

    def post(self, url: str, **_: object) -> Answer:
        self.paths.append(url.rsplit("/", 1)[-1])
        return self.answers.popleft()

    def get(self, url: str, **_: object) -> Answer:
        return self.post(url)


def chart(session: Scripted, slept: list[float]) -> Any:
    qb = qbo_client(Config(), "r-1", "token", retry=POLICY, session=session, sleep=slept.append,
                    throttle=lambda realm: RealmThrottle())
    return qbo_read(lambda: qb.query("select * from Account"), "read the chart")


def test_a_throttled_call_is_retried_until_quickbooks_answers() -> None:
    slept: list[float] = []
    company = Answer(200, {"QueryResponse": {"Account": [{"Id": "1"}]}})
    assert chart(Scripted(throttled(), throttled(), company), slept) == company.body
    assert len(slept) == 2


def test_throttling_that_outlasts_the_attempts_is_the_one_transient_error() -> None:
    slept: list[float] = []
    with pytest.raises(IntuitUnavailable, match=r"throttled \(429\)\) after 3 attempts"):
        chart(Scripted(throttled(), throttled(), throttled()), slept)
    assert len(slept) == 2


def test_a_validation_fault_is_not_retried_and_names_what_was_tried() -> None:
    slept: list[float] = []
    duplicate = Answer(400, {"Fault": {"Error": [{"Message": "Duplicate Name Exists Error", "code": "6240"}]}})
    with pytest.raises(QuickBooksApiError, match=r"refused to read the chart: Duplicate Name.*6240"):
        chart(Scripted(duplicate), slept)
    assert slept == []


def test_a_refused_token_asks_for_reauthorization() -> None:
    session = Scripted(Answer(401, {"Fault": {"Error": [{"Message": "AuthenticationFailed", "code": "3200"}]}}))
    with pytest.raises(NeedsReauthorization):
        chart(session, [])
    assert session.paths == ["query"]  # the caller's token is not refreshed here: one call
