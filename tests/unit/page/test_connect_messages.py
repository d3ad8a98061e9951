"""Callback refusals on the page: a fixed map of codes to messages, never the query's text."""
from __future__ import annotations

import json
import re
from typing import Any

from chalicelib.page.messages import CONNECT_ERRORS, GENERIC, connect_error, refusal_page

from .conftest import ZONE, cookie_from, sign_in

PAGE = "/v1/tenants/studio-1/quickbooks/page"
XSS = '<img src=x onerror="alert(1)">'
# Every code the callback can send the browser back with (docs/connect.md).
CALLBACK_CODES = ("authorization_cancelled", "authorization_denied", "authorization_incomplete", "not_eligible",
                  "profile_missing", "plan_not_supported", "realm_already_connected", "invalid_grant",
                  "intuit_error", "intuit_unavailable", "quickbooks_error")


def page_data(client: Any, query: str) -> dict[str, Any]:
    cookie = cookie_from(sign_in(client))
    html = client.http.get(PAGE + query, headers={"Cookie": cookie}).body.decode()
    block = re.search(r'<script type="application/json" id="page-data">(.*?)</script>', html, re.S)
    assert block is not None
    return json.loads(block.group(1))


def test_every_code_the_callback_sends_has_its_own_message() -> None:
    assert set(CALLBACK_CODES) <= set(CONNECT_ERRORS)


def test_cancelling_at_intuit_says_so_in_plain_english() -> None:
    assert connect_error("authorization_cancelled") == {
        "code": "authorization_cancelled", "message": CONNECT_ERRORS["authorization_cancelled"]}
    assert CONNECT_ERRORS["authorization_cancelled"].startswith("You cancelled the connection at Intuit")


def test_an_unknown_code_gets_the_generic_message_and_is_not_echoed() -> None:
    assert connect_error(XSS) == {"code": "unknown", "message": GENERIC}


def test_no_code_means_no_message() -> None:
    assert connect_error("") is None and connect_error(None) is None


def test_the_page_hands_its_script_the_message_for_the_callbacks_code(page_client: Any) -> None:
    data = page_data(page_client, "?step=connect&error=plan_not_supported")
    assert data["connect_error"] == {"code": "plan_not_supported", "message": CONNECT_ERRORS["plan_not_supported"]}
    assert data["step"] == "connect"


def test_arbitrary_text_in_the_error_query_never_reaches_the_page(page_client: Any) -> None:
    cookie = cookie_from(sign_in(page_client))
    html = page_client.http.get(PAGE + "?step=connect&error=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
                                headers={"Cookie": cookie}).body.decode()
    assert "onerror" not in html and "<img" not in html
    assert page_data(page_client, "?error=%3Cscript%3E")["connect_error"]["message"] == GENERIC


def test_the_page_hands_its_script_the_studios_time_zone(page_client: Any) -> None:
    assert page_data(page_client, "")["timezone"] == ZONE


def test_the_refusal_page_for_an_unknown_state_names_no_studio_and_escapes_its_values() -> None:
    html = refusal_page(reason="It was <b>used</b>.", css='/x.css"><script>',
                        launch_url="/v1/quickbooks/page?step=connect&x=1")
    assert "<script>" not in html and "&quot;&gt;&lt;script&gt;" in html
    assert "It was &lt;b&gt;used&lt;/b&gt;." in html
    assert 'href="/v1/quickbooks/page?step=connect&amp;x=1"' in html
    assert "tenants/" not in html
