"""The hosted page's Account mapping section: an admin maps accounts, QuickBooks' chart refuses a
wrong type by its field, and the saved mapping is there after a reload."""
from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from .helpers import CONTRAST_JS, UNLABELLED_JS, admin_token, open_as_platform
from .test_admin_path import configures, connects_through_intuit

pytestmark = [pytest.mark.browser, pytest.mark.slow]
TIMEOUT = 20_000


def test_an_admin_maps_accounts_on_the_page(stack: dict[str, Any], browser: Any, shots: Any) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        open_as_platform(page, stack["url"], stack["tenant"], admin_token(stack["config"], stack["tenant"]))
        expect(page.get_by_role("link", name="Connect to QuickBooks")).to_be_visible(timeout=TIMEOUT)
        expect(page.get_by_role("heading", name="Account mapping")).to_be_hidden()
        connects_through_intuit(page, stack, shots)
        configures(page, shots)
        section = page.locator("#mapping")
        expect(section.get_by_role("heading", name="Account mapping")).to_be_visible(timeout=TIMEOUT)
        expect(section.get_by_label("House credits")).to_have_attribute("placeholder", "Discounts and Credits")
        assert page.evaluate(UNLABELLED_JS) == [] and page.evaluate(CONTRAST_JS) == []

        gift = section.get_by_label("Gift cards (an Other Current Liability account)")
        gift.fill("Services")  # an Income account in the sandbox company
        section.get_by_role("button", name="Save account mapping").click()
        expect(section.locator("#mapping-error")).to_contain_text("Other Current Liability", timeout=TIMEOUT)
        expect(gift).to_have_attribute("aria-invalid", "true")
        shots(page, "mapping-refused")

        gift.fill("")
        section.get_by_label("Coupon credits").fill("Coupons Given")
        section.get_by_label("Cash refunds").fill("Checking")
        section.get_by_label("Revenue categories (one per line: category = income account)").fill(
            "tuition = Revenue : Classes")  # a sub-account, created with its parent by the next sync
        section.get_by_label("First sync entries").select_option("monthly")
        section.get_by_role("button", name="Save account mapping").click()
        expect(page.locator("#banner")).to_contain_text("Account mapping saved", timeout=TIMEOUT)
        expect(section.locator("#mapping-error")).to_be_hidden()
        shots(page, "mapping-saved")

        page.reload()
        expect(page.locator("#map-credit-coupon")).to_have_value("Coupons Given", timeout=TIMEOUT)
        expect(page.locator("#map-refund-cash")).to_have_value("Checking")
        expect(page.locator("#map-entries")).to_have_value("monthly")
        expect(page.locator("#map-revenue")).to_have_value("tuition = Revenue:Classes")
    finally:
        context.close()
    assert errors == []
