"""One clock: a container installed with a fixed clock is the time the page, the API's session
check and the ingest bounds all see (the wall clock would answer differently in each case)."""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

from chalicelib import bootstrap
from chalicelib.page.session import SESSION_SECONDS, decode
from devstack.clock import ManualClock

from .conftest import CONFIG, cookie_from, jwt, sign_in

PAGE = "/v1/tenants/studio-1/quickbooks/page"
STATUS = "/v1/tenants/studio-1/quickbooks/status"
LATER = dt.datetime(2031, 6, 1, 12, 0, tzinfo=dt.UTC)  # years after the wall clock
EARLIER = dt.datetime(2020, 6, 1, 12, 0, tzinfo=dt.UTC)  # years before it


def fixed(page_client: Any, start: dt.datetime) -> ManualClock:
    """The installed container (the `page_client` fixture's) on a clock standing at `start`."""
    clock = ManualClock(start)
    bootstrap.container().clock = clock  # type: ignore[method-assign]
    return clock


def test_the_session_signed_in_expires_by_the_containers_clock(page_client: Any) -> None:
    clock = fixed(page_client, LATER)
    cookie = cookie_from(sign_in(page_client))
    session = decode(cookie.split("=", 1)[1], CONFIG.jwt_secret, int(LATER.timestamp()))
    assert session.expires_at == int(LATER.timestamp()) + SESSION_SECONDS  # issued on the container's clock

    assert page_client.http.get(PAGE, headers={"Cookie": cookie}).status_code == 200
    clock.advance(dt.timedelta(seconds=SESSION_SECONDS + 1))  # the wall clock: years short of expiry
    expired = page_client.http.get(PAGE, headers={"Cookie": cookie})
    assert expired.status_code == 401 and "session has ended" in expired.body.decode()
    api = page_client.http.get(STATUS, headers={"Cookie": cookie})  # the JSON API's session check
    assert api.status_code == 401 and "session has ended" in json.loads(api.body)["message"]


def test_a_profile_created_after_the_containers_now_is_refused(page_client: Any) -> None:
    fixed(page_client, EARLIER)
    body = json.dumps({"name": "S", "timezone": "America/Chicago", "created_at": "2026-01-01T00:00:00Z"})
    reply = page_client.http.put("/v1/tenants/studio-1", body=body, headers={
        "Authorization": f"Bearer {jwt('platform', None)}", "Content-Type": "application/json"})
    assert reply.status_code == 400
    assert json.loads(reply.body)["details"] == [{"field": "created_at",
                                                 "message": "must be between 2000-01-01 and now"}]
