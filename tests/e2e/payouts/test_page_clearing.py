"""The hosted page's Merchant Settlement section, in Chromium: after a sync it ties out to 0.00."""
from __future__ import annotations

import time
from typing import Any

import pytest
import requests
from playwright.sync_api import expect

from chalicelib.api.auth import issue_token
from tests.e2e.page.conftest import browser, shots, stack  # noqa: F401 - fixtures
from tests.e2e.page.test_admin_path import (
    TIMEOUT,
    assert_accessible,
    configures,
    connects_through_intuit,
    opens_not_connected,
    syncs_now_and_watches_the_task,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_the_page_shows_merchant_settlement_tying_out_after_a_sync(stack: dict[str, Any], browser: Any,
                                                                    shots: Any) -> None:
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
        a_payout_posts_and_its_task_links_the_deposit(page, stack, shots)
    except Exception:
        shots(page, "failure")
        print("sync worker errors:", *stack["worker"].run.errors, sep="\n")
        raise
    finally:
        context.close()
    assert errors == []


def _api(stack: dict[str, Any], method: str, path: str, role: str, body: Any) -> requests.Response:
    token = issue_token(stack["config"], sub=f"e2e-{role}", role=role, tenant_id=stack["tenant"], now=int(time.time()))
    return requests.request(method, f"{stack['url']}/v1/tenants/{stack['tenant']}{path}", json=body, timeout=30,
                            headers={"Authorization": f"Bearer {token}"})


def a_payout_posts_and_its_task_links_the_deposit(page: Any, stack: dict[str, Any], shots: Any) -> None:
    mapped = _api(stack, "PUT", "/quickbooks/payouts/settings", "admin", {"bank_accounts": {"ba-1": "Checking"}})
    assert mapped.status_code == 200, mapped.text
    payout = {"id": "po-page", "processor": "platform", "date": "2026-12-01", "bank_account": "ba-1",
              "gross": "100.00", "fees": "2.90", "net": "97.10"}
    assert _api(stack, "POST", "/payouts", "platform", {"payouts": [payout]}).status_code == 200
    page.reload()
    page.get_by_role("button", name="Sync Now").click()
    rows = page.locator("#tasks-table tbody tr[data-task]")
    expect(rows).to_have_count(2, timeout=TIMEOUT)
    row = rows.first
    expect(row.locator(".status")).to_have_text("Finished", timeout=150_000)
    row.get_by_role("button", name="Documents").click()
    expect(page.get_by_role("link", name="Open in QuickBooks: deposit")).to_be_visible(timeout=TIMEOUT)
    href = page.get_by_role("link", name="Open in QuickBooks: deposit").first.get_attribute("href") or ""
    assert "entity=Deposit#id-" in href
    page.reload()
    expect(page.locator("#clearing-summary")).to_have_text("Merchant Settlement ties out: the difference is 0.00.",
                                                           timeout=TIMEOUT)
    shots(page, "payout-deposit")
