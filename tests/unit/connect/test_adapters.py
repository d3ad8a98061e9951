"""Pure parts of the Intuit and Scheduler adapters: error hygiene, names, URLs, messages."""
from __future__ import annotations

import datetime as dt
import json
import re
import traceback

import pytest
import requests
from intuitlib.exceptions import AuthClientError

from chalicelib.aws.schedules import queue_message, schedule_name, schedule_request
from chalicelib.config import Config
from chalicelib.quickbooks.client import api_url_v3, month_number
from chalicelib.quickbooks.errors import IntuitError, IntuitUnavailable, InvalidGrant
from chalicelib.quickbooks.oauth import TokenSet, translate
from chalicelib.services.tokens import Credentials

SECRET = "RT1-very-secret-refresh-token"


def _intuit_failure(status: int, body: dict) -> AuthClientError:
    response = requests.Response()
    response.status_code, response._content = status, json.dumps(body).encode()
    return AuthClientError(response)


def _raise(error: Exception):
    def call():
        raise error
    return call


def test_invalid_grant_from_intuit_becomes_a_typed_error_without_the_body():
    with pytest.raises(InvalidGrant) as raised:
        translate(_raise(_intuit_failure(400, {"error": "invalid_grant", "refresh_token": SECRET})), "refresh")
    shown = str(raised.value) + json.dumps(raised.value.body()) + "".join(traceback.format_exception(raised.value))
    assert SECRET not in shown


def test_other_intuit_refusals_carry_only_intuits_error_code():
    with pytest.raises(IntuitError) as raised:
        translate(_raise(_intuit_failure(401, {"error": "invalid_client", "echo": SECRET})), "refresh")
    assert raised.value.details == [{"intuit_error": "invalid_client"}]
    assert SECRET not in "".join(traceback.format_exception(raised.value))


def test_intuit_server_errors_and_network_failures_are_unavailable():
    with pytest.raises(IntuitUnavailable):
        translate(_raise(_intuit_failure(503, {})), "refresh")
    with pytest.raises(IntuitUnavailable):
        translate(_raise(requests.ConnectionError(f"https://x/?token={SECRET}")), "refresh")


def test_token_holders_never_show_their_tokens():
    tokens = TokenSet(SECRET, SECRET, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    assert SECRET not in repr(tokens) and SECRET not in repr(Credentials("123", SECRET))


def test_schedule_names_are_valid_for_scheduler_and_unique_per_tenant():
    names = {schedule_name(t) for t in ("a", "studio 1", "studio_1", "x" * 200, "x" * 201)}
    assert len(names) == 5
    assert all(re.fullmatch(r"[0-9A-Za-z_.-]{1,64}", n) for n in names)


def test_the_schedule_targets_the_sync_queue_with_a_dead_letter_queue_and_retries():
    config = Config(sync_queue_arn="arn:q", sync_dlq_arn="arn:dlq", scheduler_role_arn="arn:role",
                    scheduler_group="g")
    request = schedule_request(config, "t1", "Europe/London")
    assert (request["ScheduleExpression"], request["ScheduleExpressionTimezone"]) == (
        "cron(31 23 * * ? *)", "Europe/London")
    assert request["Target"]["DeadLetterConfig"] == {"Arn": "arn:dlq"}
    assert request["Target"]["RetryPolicy"]["MaximumRetryAttempts"] > 0
    assert json.loads(queue_message("t1"))["trigger"] == "daily"


def test_python_quickbooks_base_url_comes_from_the_configured_api_base():
    assert api_url_v3(Config(qbo_api_base="http://127.0.0.1:9/v3/company/")) == "http://127.0.0.1:9/v3"
    assert api_url_v3(Config()) == "https://quickbooks.api.intuit.com/v3"


def test_fiscal_year_start_month_is_read_from_its_name():
    assert (month_number("July"), month_number("january"), month_number("3")) == (7, 1, 3)
