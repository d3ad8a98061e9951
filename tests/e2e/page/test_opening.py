"""How the page is opened: a link with the JWT in its fragment, which the page forgets at once."""
from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from devstack.demo import page_url

pytestmark = [pytest.mark.browser]


def test_a_link_with_the_token_in_its_fragment_opens_the_page_and_leaves_no_token_behind(
        stack: dict[str, Any], browser: Any, shots: Any) -> None:
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(page_url(stack["url"], stack["config"], stack["tenant"]))
        expect(page.get_by_role("link", name="Connect to QuickBooks")).to_be_visible(timeout=20_000)
        assert "token" not in page.url
        assert "token" not in page.evaluate("location.hash")
        shots(page, "opened-from-link")
    finally:
        context.close()


def test_without_a_session_the_page_asks_to_be_opened_from_the_platform(stack: dict[str, Any], browser: Any) -> None:
    context = browser.new_context()
    page = context.new_page()
    try:
        response = page.goto(f"{stack['url']}/v1/tenants/{stack['tenant']}/quickbooks/page")
        assert response is not None and response.status == 401
        expect(page.get_by_role("status")).to_contain_text("SETTINGS > INTEGRATION", timeout=20_000)
        expect(page.get_by_role("link", name="Connect to QuickBooks")).to_have_count(0)
    finally:
        context.close()
