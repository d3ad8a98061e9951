"""A studio admin's whole path through the hosted page, in Debian's Chromium on the local stack.

Connect through the sandbox's Intuit sign-in, configure, Sync Now, watch the task finish, open its
documents, switch to Daily, reset (offered the day after what Classbooks' entries cover), disconnect. Each step asserts
what the admin sees and saves a screenshot under test-artifacts/page/.
"""
from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from .helpers import admin_token, assert_accessible, open_as_platform

pytestmark = [pytest.mark.browser, pytest.mark.slow]
TIMEOUT = 20_000
LOCAL_TIME = re.compile(r"^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s[AP]M C[SD]T$")  # Chicago


def opens_not_connected(page: Any, stack: dict[str, Any], shots: Any) -> None:
    open_as_platform(page, stack["url"], stack["tenant"], admin_token(stack["config"], stack["tenant"]))
    expect(page.get_by_role("heading", name="Intuit QuickBooks", level=1)).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_role("link", name="Connect to QuickBooks")).to_be_visible()
    assert "token" not in page.url
    nav = page.get_by_role("navigation", name="Breadcrumb")
    expect(nav).to_contain_text("SETTINGS")
    expect(nav).to_contain_text("INTEGRATION")
    cookie = next(c for c in page.context.cookies() if c["name"] == "__Host-classbooks-session")
    assert (cookie["httpOnly"], cookie["secure"], cookie["sameSite"]) == (True, True, "Strict")
    assert_accessible(page)
    shots(page, "01-not-connected")


def connects_through_intuit(page: Any, stack: dict[str, Any], shots: Any) -> None:
    page.get_by_role("link", name="Connect to QuickBooks").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible(timeout=TIMEOUT)
    assert page.url.startswith(stack["sandbox"])
    page.get_by_label("Email").fill(stack["seeded"].email)
    page.get_by_label("Password").fill(stack["seeded"].password)
    shots(page, "02-intuit-sign-in", axe=False)  # the sandbox's stand-in for Intuit's page
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Northside Dance Academy").check()
    page.get_by_role("button", name="Connect").click()
    dialog = page.get_by_role("dialog", name="Configure QuickBooks Integration")
    expect(dialog).to_be_visible(timeout=TIMEOUT)
    assert page.url.endswith("/quickbooks/page")  # the step left the address once taken


def configures(page: Any, shots: Any) -> str:
    dialog = page.get_by_role("dialog", name="Configure QuickBooks Integration")
    go_live = dialog.get_by_label("Go Live Date", exact=True)
    expect(go_live).to_be_focused()
    earliest, latest = go_live.get_attribute("min"), go_live.get_attribute("max")
    assert earliest and latest and earliest.endswith("-07-01")  # Northside's fiscal year starts in July
    expect(dialog.locator("#go-live-hint")).to_contain_text("fiscal year starts in July")
    dialog.get_by_role("button", name="Save and Continue").click()
    expect(dialog.locator("#go-live-error")).to_have_text("Choose a Go Live Date.")
    expect(go_live).to_have_attribute("aria-invalid", "true")
    expect(dialog.locator("#cfg-schedule-error")).to_have_text("Choose Daily or Manual.")
    shots(page, "03-configure-errors-beside-fields")
    go_live.fill(earliest)
    dialog.get_by_label("Manual", exact=True).check()
    expect(dialog.locator("#go-live-error")).to_be_hidden()  # filled in: no stale "Choose…" left
    expect(go_live).not_to_have_attribute("aria-invalid", "true")
    expect(dialog.locator("#cfg-schedule-error")).to_be_hidden()
    assert_accessible(page)
    shots(page, "04-configure")
    dialog.get_by_role("button", name="Save and Continue").click()
    expect(dialog).to_be_hidden(timeout=TIMEOUT)
    return earliest


def shows_the_connection(page: Any, go_live: str, shots: Any) -> None:
    expect(page.locator("#company-name")).to_have_text("Northside Dance Academy", timeout=TIMEOUT)
    expect(page.locator("#company-plan")).to_contain_text("Plus")
    expect(page.locator("#class-tracking")).to_contain_text("On")
    expect(page.locator("#go-live-date")).to_contain_text(go_live[:4])
    expect(page.get_by_role("button", name="Reset integration")).to_be_visible()
    expect(page.locator("#schedule-manual")).to_be_checked()
    expect(page.get_by_role("button", name="Sync Now")).to_be_visible()
    expect(page.locator("#preview-summary")).to_contain_text("would post", timeout=TIMEOUT)
    expect(page.get_by_role("heading", name="Background Tasks")).to_be_visible()
    assert_accessible(page)
    shots(page, "05-connected-manual")


def syncs_now_and_watches_the_task(page: Any, shots: Any) -> None:
    page.get_by_role("button", name="Sync Now").click()
    expect(page.locator("#banner")).to_have_text("Manual sync to QuickBooks started", timeout=TIMEOUT)
    row = page.locator("#tasks-table tbody tr[data-task]").first
    expect(row).to_be_visible(timeout=TIMEOUT)
    shots(page, "06-sync-started")
    # generous: should QuickBooks answer 429, Intuit asks for a 60 s pause before the retry
    expect(row.locator(".status")).to_have_text("Finished", timeout=150_000)
    expect(page.locator("#tasks-live")).to_have_text("Background task finished.")
    expect(row.locator("td time")).to_have_text(LOCAL_TIME)  # the studio's zone, not the browser's Tokyo
    shots(page, "07-task-finished")


def opens_the_tasks_documents(page: Any, stack: dict[str, Any], shots: Any) -> None:
    button = page.locator("#tasks-table").get_by_role("button", name="Documents").first
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    links = page.get_by_role("link", name=re.compile("in QuickBooks"))
    expect(links.first).to_be_visible(timeout=TIMEOUT)
    expect(page.locator(".task-details .grouped-totals")).to_contain_text("Payments by type")
    href = links.first.get_attribute("href")
    realm = stack["seeded"].plus_realm
    assert href.startswith(f"{stack['sandbox']}/_sandbox/companies/{realm}/documents?entity=JournalEntry#id-")
    shots(page, "08-task-documents")
    with page.context.expect_page() as opened:
        links.first.click()
    qbo = opened.value
    qbo.wait_for_load_state()
    assert f'"Id": "{href.rsplit("#id-", 1)[1]}"' in qbo.content() or href.rsplit("#id-", 1)[1] in qbo.content()
    qbo.close()


def switches_to_daily(page: Any, shots: Any) -> None:
    page.locator("#schedule-daily").check()
    page.get_by_role("button", name="Save schedule").click()
    expect(page.locator("#banner")).to_have_text("Synchronization Schedule saved: Daily.", timeout=TIMEOUT)
    expect(page.locator("#next-sync-date time")).to_have_attribute("datetime", re.compile(r"^\d{4}-\d{2}-\d{2}T"))
    expect(page.locator("#next-sync-date time")).to_have_text(LOCAL_TIME)
    expect(page.get_by_role("button", name="Sync Now")).to_be_hidden()
    shots(page, "09-daily-next-sync-date")


def resets_and_is_offered_the_day_after_what_stands(page: Any, go_live: str, shots: Any) -> None:
    page.get_by_role("button", name="Reset integration").click()
    confirm = page.get_by_role("dialog", name="Reset integration?")
    expect(confirm).to_be_visible()
    expect(confirm.get_by_role("button", name="Cancel")).to_be_focused()
    shots(page, "10-reset-confirm")
    confirm.get_by_role("button", name="Reset integration").click()
    dialog = page.get_by_role("dialog", name="Configure QuickBooks Integration")
    expect(dialog).to_be_visible(timeout=TIMEOUT)
    field = dialog.get_by_label("Go Live Date", exact=True)
    suggested = field.input_value()
    assert suggested > go_live  # the day after the last business date Classbooks' entries cover
    expect(dialog.locator("#go-live-hint")).to_contain_text("would post that revenue twice")
    field.fill(go_live)  # the old date would book the first sync's revenue a second time
    dialog.get_by_label("Manual", exact=True).check()
    dialog.get_by_role("button", name="Save and Continue").click()
    expect(dialog.locator("#go-live-error")).to_contain_text("Choose a date from", timeout=TIMEOUT)
    shots(page, "11-overlap-refused")
    dialog.get_by_role("button", name="Undo what Classbooks posted").click()
    undo = page.get_by_role("dialog", name="Undo what Classbooks posted?")
    expect(undo).to_contain_text("deleted from QuickBooks")
    shots(page, "12-undo-confirm")
    undo.get_by_role("button", name="Undo entries").click()
    expect(page.locator("#banner")).to_contain_text("Undo finished: 1 deleted", timeout=TIMEOUT)
    dialog = page.get_by_role("dialog", name="Configure QuickBooks Integration")
    expect(dialog).to_be_visible(timeout=TIMEOUT)
    field = dialog.get_by_label("Go Live Date", exact=True)
    field.fill(go_live)  # nothing of Classbooks stands any more: the first Go Live Date is allowed again
    dialog.get_by_label("Manual", exact=True).check()
    dialog.get_by_role("button", name="Save and Continue").click()
    expect(dialog).to_be_hidden(timeout=TIMEOUT)
    expect(page.get_by_role("button", name="Sync Now")).to_be_visible(timeout=TIMEOUT)


def fits_a_phone(page: Any, shots: Any) -> None:
    page.set_viewport_size({"width": 375, "height": 812})
    expect(page.get_by_role("button", name="Sync Now")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shots(page, "12-phone-width")
    page.set_viewport_size({"width": 1280, "height": 900})


def disconnects(page: Any, shots: Any) -> None:
    page.get_by_role("button", name="Disconnect").click()
    confirm = page.get_by_role("dialog", name="Disconnect QuickBooks?")
    expect(confirm).to_be_visible()
    confirm.get_by_role("button", name="Disconnect").click()
    expect(page.locator("#banner")).to_have_text("QuickBooks is disconnected.", timeout=TIMEOUT)
    expect(page.get_by_role("link", name="Connect to QuickBooks")).to_be_visible()
    shots(page, "13-disconnected")


def test_an_admin_connects_configures_syncs_resets_and_disconnects(
        stack: dict[str, Any], browser: Any, shots: Any
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, timezone_id="Asia/Tokyo")
    page = context.new_page()
    page_errors: list[str] = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    try:
        opens_not_connected(page, stack, shots)
        connects_through_intuit(page, stack, shots)
        go_live = configures(page, shots)
        shows_the_connection(page, go_live, shots)
        syncs_now_and_watches_the_task(page, shots)
        opens_the_tasks_documents(page, stack, shots)
        switches_to_daily(page, shots)
        resets_and_is_offered_the_day_after_what_stands(page, go_live, shots)
        fits_a_phone(page, shots)
        disconnects(page, shots)
    except Exception:
        shots(page, "failure", axe=False)
        tasks_url = f"{stack['url']}/v1/tenants/{stack['tenant']}/quickbooks/tasks"
        tasks = page.evaluate("url => fetch(url).then(r => r.text())", tasks_url)
        print(f"background tasks at failure: {tasks}")
        print("sync worker errors:", *stack["worker"].run.errors, sep="\n")
        raise
    finally:
        context.close()
    assert page_errors == []
