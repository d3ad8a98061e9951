"""Books drift on the page: an accountant deletes Classbooks' entry in QuickBooks, the next Sync
Now's task shows the accounts that differ, and the admin posts a correcting entry against the
offset account they pick; the page shows its document number and a link."""
from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from chalicelib import bootstrap
from chalicelib.sync.qbo import QboGateway, QboPoster
from tests.integration.sync.support import store
from tests.integration.sync_qbo.conftest import SandboxTokens
from tests.sandbox.helpers import Control, connect
from tests.unit.domain.builders import charge

from .helpers import admin_token, assert_accessible, open_as_platform
from .test_admin_path import configures, connects_through_intuit, syncs_now_and_watches_the_task

pytestmark = [pytest.mark.browser, pytest.mark.slow]
TIMEOUT = 20_000


def deletes_classbooks_entry(stack: dict[str, Any]) -> None:
    realm = stack["seeded"].plus_realm
    entries = Control(stack["sandbox"]).documents(realm, "JournalEntry")
    client = QboGateway(SandboxTokens(connect(stack["seeded"], realm), realm),
                        api_base=stack["seeded"].base_url + "/v3/company/")
    QboPoster(client).delete([(f"by-hand-{e['Id']}", e["Id"]) for e in entries])


def test_an_admin_posts_a_correcting_entry_for_drift(stack: dict[str, Any], browser: Any, shots: Any) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        open_as_platform(page, stack["url"], stack["tenant"], admin_token(stack["config"], stack["tenant"]))
        expect(page.get_by_role("link", name="Connect to QuickBooks")).to_be_visible(timeout=TIMEOUT)
        connects_through_intuit(page, stack, shots)
        configures(page, shots)
        syncs_now_and_watches_the_task(page, shots)
        deletes_classbooks_entry(stack)
        today = dt.datetime.now(ZoneInfo("America/Chicago")).date().isoformat()
        store(bootstrap.container(), stack["tenant"], [charge("drift-c1", 0, today, "30.00", family="drift-f1")])
        page.get_by_role("button", name="Sync Now").click()
        expect(page.locator("#tasks-table tbody tr[data-task]")).to_have_count(2, timeout=TIMEOUT)
        row = page.locator("#tasks-table tbody tr[data-task]").first
        expect(row.locator(".status")).to_have_text("Finished", timeout=150_000)
        page.locator("#tasks-table").get_by_role("button", name="Documents").first.click()
        section = page.locator("section.drift").first
        expect(section.get_by_role("heading", name="Books drift found")).to_be_visible(timeout=TIMEOUT)
        section.get_by_role("button", name="Post a correcting entry").click()
        offset = section.get_by_label("Offset account")
        expect(offset).to_be_visible(timeout=TIMEOUT)
        assert_accessible(page)
        shots(page, "drift-offset-choice")
        section.get_by_role("button", name="Post the correcting entry").click()
        expect(section.get_by_role("status")).to_have_text("Choose the offset account first.")
        offset.select_option("Uncategorized Expense")
        section.get_by_role("button", name="Post the correcting entry").click()
        expect(section.locator(".correction-posted")).to_contain_text("Correcting entry CB-", timeout=TIMEOUT)
        expect(section.get_by_role("link", name="Open in QuickBooks: journal entry CB-")).to_be_visible()
        assert_accessible(page)
        shots(page, "drift-corrected")
    finally:
        context.close()
    assert errors == []
