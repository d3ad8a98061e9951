"""`qbo_call`: setup's python-quickbooks calls inside the realm's throttle, with typed failures and
Intuit's 429 (fault 3001) retried (nothing here really waits: sleep is recorded)."""
from __future__ import annotations

from collections.abc import Callable

import pytest
from quickbooks import exceptions as qb_exceptions

from chalicelib.quickbooks.client import qbo_call
from chalicelib.quickbooks.errors import NeedsReauthorization, QuickBooksApiError
from chalicelib.quickbooks.throttle import RetryPolicy

POLICY = RetryPolicy(attempts=3, base_delay=1.0, budget=30.0)


def throttled() -> qb_exceptions.QuickbooksException:
    return qb_exceptions.ValidationException("message=ThrottleExceeded; errorCode=003001; statusCode=429", 3001)


def answers(*outcomes: object) -> Callable[[], object]:
    queue = list(outcomes)

    def call() -> object:
        outcome = queue.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome
    return call


def test_a_throttled_call_is_retried_until_quickbooks_answers() -> None:
    slept: list[float] = []
    assert qbo_call(answers(throttled(), throttled(), "company"), "read", "r-1", POLICY, slept.append) == "company"
    assert len(slept) == 2


def test_throttling_that_outlasts_the_attempts_is_a_quickbooks_error_naming_what_was_tried() -> None:
    slept: list[float] = []
    with pytest.raises(QuickBooksApiError, match=r"refused to read the chart.*3001"):
        qbo_call(answers(throttled(), throttled(), throttled()), "read the chart", "r-1", POLICY, slept.append)
    assert len(slept) == 2


def test_a_validation_fault_is_not_retried() -> None:
    slept: list[float] = []
    with pytest.raises(QuickBooksApiError, match="Duplicate Name"):
        qbo_call(answers(qb_exceptions.ValidationException("Duplicate Name Exists Error", 6240)), "create",
                 "r-1", POLICY, slept.append)
    assert slept == []


def test_a_refused_token_asks_for_reauthorization() -> None:
    with pytest.raises(NeedsReauthorization):
        qbo_call(answers(qb_exceptions.AuthorizationException("AuthenticationFailed", 401)), "read", "r-1",
                 POLICY, lambda _: None)
