"""The hosted page's Merchant Settlement section, in Chromium: after a sync it ties out to 0.00."""
from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.page.conftest import browser, shots, stack  # noqa: F401 - fixtures
from tests.e2e.page.test_admin_path import (TIMEOUT, assert_accessible, configures, connects_through_intuit,
                                            opens_not_connected, syncs_now_and_watches_the_task)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_the_page_shows_merchant_settlement_tying_out_after_a_sync(stack: dict[str, Any], browser: Any,  # noqa: F811
                                                                    shots: Any) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        opens_not_connected(page, stack, shots)
        connects_through_intuit(page, stack, shots)
        configures(page, shots)
        syncs_now_and_watches_the_task(page, shots)
        page.reload()
        section = page.get_by_role("region", name="Merchant Settlement")
        expect(section.locator("#clearing-summary")).to_have_text(
            "Merchant Settlement ties out: the difference is 0.00.", timeout=TIMEOUT)
        expect(section.get_by_role("table", name="Payments not yet paid out")).to_be_visible()
        expect(section.locator("#clearing-external")).to_contain_text("external-processor payment")
        assert_accessible(page)
        shots(page, "merchant-settlement")
    finally:
        context.close()
    assert errors == []
