"""An admin who cancels at Intuit's sign-in comes back to the page and reads why, keyboard only.

The callback sends the browser to `…/page?step=connect&error=authorization_cancelled`; the page
shows its fixed message beside Connect to QuickBooks, focuses that button, and drops the code
from the address. Checked at phone width as well.
"""
from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from .helpers import CONTRAST_JS, UNLABELLED_JS, admin_token, open_as_platform

pytestmark = [pytest.mark.browser, pytest.mark.slow]
TIMEOUT = 20_000


def tab_to(page: Any, name: str, limit: int = 25) -> None:
    """Press Tab until the focused element's accessible text is `name` (keyboard only)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("() => (document.activeElement.textContent || '').trim()") == name:
            return
    raise AssertionError(f"Tab never reached {name!r}")


def test_cancelling_at_intuit_brings_the_admin_back_to_the_page_with_a_plain_message(
        stack: dict[str, Any], browser: Any, shots: Any) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    page_errors: list[str] = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    try:
        open_as_platform(page, stack["url"], stack["tenant"], admin_token(stack["config"], stack["tenant"]))
        expect(page.get_by_role("link", name="Connect to QuickBooks")).to_be_visible(timeout=TIMEOUT)
        tab_to(page, "Connect to QuickBooks")
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name="Sign in")).to_be_visible(timeout=TIMEOUT)
        tab_to(page, "Cancel")
        page.keyboard.press("Enter")

        message = page.locator("#connect-error")
        expect(message).to_have_text(
            "You cancelled the connection at Intuit, so QuickBooks is not connected. "
            "Select Connect to QuickBooks when you are ready.", timeout=TIMEOUT)
        connect = page.get_by_role("link", name="Connect to QuickBooks")
        expect(connect).to_be_focused()
        expect(connect).to_have_accessible_description(
            "You cancelled the connection at Intuit, so QuickBooks is not connected. Select Connect to "
            "QuickBooks when you are ready. Opens Intuit's sign-in; you come back here to finish.")
        assert page.url.endswith(f"/v1/tenants/{stack['tenant']}/quickbooks/page")  # no code left behind
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        assert page.evaluate(UNLABELLED_JS) == [] and page.evaluate(CONTRAST_JS) == []
        shots(page, "01-cancelled-at-intuit-phone")

        page.keyboard.press("Enter")  # the focused button starts again
        expect(page.get_by_role("heading", name="Sign in")).to_be_visible(timeout=TIMEOUT)
    except Exception:
        shots(page, "failure", axe=False)
        raise
    finally:
        context.close()
    assert page_errors == []
