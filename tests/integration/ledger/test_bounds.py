"""Issue #16 items 7-9: business dates, amounts, instants, zones and ids are bounded; every
refusal is a 400 with a JSON body and stores nothing."""
from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest

from tests.integration.ledger.conftest import PROFILE, TENANT, charge


def _refused(reply, field: str) -> dict:
    assert reply.status_code == 400, reply.body
    body = json.loads(reply.body)
    assert any(field in json.dumps(d) for d in body["details"]), body
    return body


def _nothing_stored(container) -> bool:
    return container.ledger.history(TENANT, None) == []


@pytest.mark.parametrize("day", ["0001-01-01", "1999-12-31", "9999-12-31", "2100-01-01"])
def test_a_business_date_outside_the_fixed_range_is_refused(ledger_api, tenant, container, day):
    _refused(ledger_api.post([charge("C1", date=day)]), "date")
    assert _nothing_stored(container)


def test_a_business_date_more_than_31_days_after_the_studios_today_is_refused(ledger_api, tenant, container):
    today = dt.datetime.now(ZoneInfo(PROFILE["timezone"])).date()
    too_late = (today + dt.timedelta(days=32)).isoformat()
    body = _refused(ledger_api.post([charge("C0"), charge("C1", date=too_late)]), "date_out_of_range")
    assert [d["index"] for d in body["details"]] == [1]
    assert _nothing_stored(container)


def test_a_business_date_31_days_ahead_is_accepted(ledger_api, tenant):
    today = dt.datetime.now(ZoneInfo(PROFILE["timezone"])).date()
    assert ledger_api.post([charge("C1", date=(today + dt.timedelta(days=31)).isoformat())]).status_code == 200


@pytest.mark.parametrize("amount", ["1e308", "9" * 40, "1E+2", "12.5e1", " 1e5 "])
def test_an_amount_that_is_not_a_plain_bounded_decimal_is_refused(ledger_api, tenant, container, amount):
    _refused(ledger_api.post([charge("C1", amount=amount)]), "amount")
    assert _nothing_stored(container)


@pytest.mark.parametrize("instant", ["9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+01:00",
                                     "1970-01-01T00:00:00Z", "2999-01-01T00:00:00Z"])
@pytest.mark.parametrize("field", ["created_at", "last_import_at"])
def test_an_extreme_profile_instant_is_refused(ledger_api, field, instant):
    _refused(ledger_api.put_profile(profile={**PROFILE, field: instant}), field)


@pytest.mark.parametrize("zone", ["localtime", "posixrules", "Factory", "posix/America/Chicago", "right/UTC"])
def test_a_zone_that_is_a_file_but_not_an_iana_zone_is_refused(ledger_api, container, zone):
    _refused(ledger_api.put_profile(profile={**PROFILE, "timezone": zone}), "timezone")
    with pytest.raises(container.models.Tenant.DoesNotExist):
        container.models.Tenant.get(TENANT)


@pytest.mark.parametrize("bad", ["a\x00b", "a\nb", "a\x7fb", "pay\u202eme", "x\u2066y", "a\x85b"])
@pytest.mark.parametrize("field", ["id", "family_id", "location_id"])
def test_control_and_direction_characters_in_ids_are_refused(ledger_api, tenant, container, field, bad):
    _refused(ledger_api.post([{**charge("C1"), field: bad}]), field)
    assert _nothing_stored(container)


def test_an_id_in_a_right_to_left_script_is_accepted(ledger_api, tenant):
    assert ledger_api.post([charge("دفعة-1")]).status_code == 200
