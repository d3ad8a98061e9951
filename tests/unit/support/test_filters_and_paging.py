"""The list's filters and page tokens are checked before anything is read."""
from __future__ import annotations

import pytest

from chalicelib.domain.plans import QboPlan
from chalicelib.errors import InvalidRequest
from chalicelib.support import paging
from chalicelib.support.filters import parse_filters


@pytest.mark.parametrize("raw", ["plus", "Plus", "QuickBooks Online Plus", "PLUS"])
def test_a_plan_is_named_loosely(raw):
    assert parse_filters({"plan": raw}).plan is QboPlan.PLUS


def test_simple_start_is_a_plan_name():
    assert parse_filters({"plan": "simple_start"}).plan is QboPlan.SIMPLE_START


def test_several_statuses_are_comma_separated():
    assert parse_filters({"status": "failing, needs_reauth"}).statuses == {"failing", "needs_reauth"}


@pytest.mark.parametrize("params", [{"status": "broken"}, {"plan": "gold"}, {"timezone": "Mars/Olympus"}])
def test_an_unknown_filter_value_is_refused(params):
    with pytest.raises(InvalidRequest) as refused:
        parse_filters(params)
    assert refused.value.code == "invalid_filter"


def test_a_page_token_round_trips_the_key():
    key = {"tenant_id": {"S": "lakeside-swim"}}
    assert paging.decode(paging.encode(key), ("tenant_id",)) == key


@pytest.mark.parametrize("token", ["%%%", "bm90IGpzb24", paging.encode({"other": {"S": "x"}})])
def test_a_token_that_is_not_from_a_previous_page_is_refused(token):
    with pytest.raises(InvalidRequest):
        paging.decode(token, ("tenant_id",))


@pytest.mark.parametrize("raw", ["0", "101", "ten"])
def test_a_page_size_outside_its_range_is_refused(raw):
    with pytest.raises(InvalidRequest):
        paging.page_size(raw, 25, 100)
