"""What a new admin meets in the first hour on the hosted page (issue #17), in Debian's Chromium.

Each test connects the demo studio to the sandbox's Plus company and configures Manual, then
checks one behaviour: Sync Now cannot be pressed twice, a 409 reads as help and goes when the task
finishes, a sync with nothing to post says so before and after, an ended session says one plain
thing, and a task's documents read as journal entries. Every state is screenshotted and axe-checked.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from .helpers import admin_token, open_as_platform

pytestmark = [pytest.mark.browser, pytest.mark.slow]
TIMEOUT = 20_000
FINISHED = 150_000  # generous: a QuickBooks 429 asks for a 60 s pause before the retry


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, timezone_id="Asia/Tokyo")
    yield context
    context.close()


def connected(context: Any, stack: dict[str, Any]) -> Any:
    """A page on the demo studio, connected to Northside (Plus) and configured Manual."""
    page = context.new_page()
    open_as_platform(page, stack["url"], stack["tenant"], admin_token(stack["config"], stack["tenant"]))
    page.get_by_role("link", name="Connect to QuickBooks").click(timeout=TIMEOUT)
    page.get_by_label("Email").fill(stack["seeded"].email)
    page.get_by_label("Password").fill(stack["seeded"].password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Northside Dance Academy").check()
    page.get_by_role("button", name="Connect").click()
    dialog = page.get_by_role("dialog", name="Configure QuickBooks Integration")
    go_live = dialog.get_by_label("Go Live Date", exact=True)
    expect(go_live).to_be_focused(timeout=TIMEOUT)
    go_live.fill(go_live.get_attribute("min") or "")
    dialog.get_by_label("Manual", exact=True).check()
    dialog.get_by_role("button", name="Save and Continue").click()
    expect(dialog).to_be_hidden(timeout=TIMEOUT)
    expect(page.get_by_role("button", name="Sync Now")).to_be_enabled(timeout=TIMEOUT)
    return page


def first_sync(page: Any) -> Any:
    page.get_by_role("button", name="Sync Now").click()
    row = page.locator("#tasks-table tbody tr[data-task]").first
    expect(row.locator(".status")).to_have_text("Finished", timeout=FINISHED)
    return row


def test_sync_now_is_disabled_while_its_task_is_queued_and_keeps_the_green_banner(
        stack: dict[str, Any], context: Any, shots: Any) -> None:
    page = connected(context, stack)
    stack["worker"].paused.set()  # the task stays queued for as long as the test looks
    button = page.get_by_role("button", name="Sync Now")
    button.dblclick()
    expect(page.locator("#banner")).to_have_text("Manual sync to QuickBooks started", timeout=TIMEOUT)
    expect(button).to_be_disabled()
    expect(page.locator("#sync-now-note")).to_have_text("A sync is queued or running: see Background Tasks below.")
    expect(page.locator("#alert")).to_be_hidden()
    rows = page.locator("#tasks-table tbody tr[data-task]")
    expect(rows.first).to_be_visible(timeout=TIMEOUT)  # the list is re-read after the press
    assert rows.count() == 1
    shots(page, "01-queued-button-disabled")
    page.reload()
    expect(page.get_by_role("button", name="Sync Now")).to_be_disabled(timeout=TIMEOUT)  # after a reload too
    shots(page, "02-queued-after-reload")
    stack["worker"].paused.clear()
    expect(page.locator("#tasks-table tbody tr[data-task] .status").first).to_have_text("Finished", timeout=FINISHED)
    expect(page.get_by_role("button", name="Sync Now")).to_be_enabled(timeout=TIMEOUT)
    shots(page, "03-finished-button-enabled")


def test_a_press_while_a_sync_runs_elsewhere_reads_as_help_and_goes_when_it_finishes(
        stack: dict[str, Any], context: Any, shots: Any) -> None:
    page = connected(context, stack)
    other = context.new_page()  # a second tab, opened before the sync started
    other.goto(page.url)
    expect(other.get_by_role("button", name="Sync Now")).to_be_enabled(timeout=TIMEOUT)
    stack["worker"].paused.set()
    page.get_by_role("button", name="Sync Now").click()
    expect(page.locator("#banner")).to_have_text("Manual sync to QuickBooks started", timeout=TIMEOUT)
    other.get_by_role("button", name="Sync Now").click()
    alert = other.get_by_role("alert")
    expect(alert).to_have_text("A sync is already running: see Background Tasks.", timeout=TIMEOUT)
    expect(other.get_by_role("button", name="Sync Now")).to_be_disabled()
    shots(other, "01-already-running-as-help")
    stack["worker"].paused.clear()
    expect(other.locator("#tasks-table tbody tr[data-task] .status").first).to_have_text("Finished", timeout=FINISHED)
    expect(other.locator("#alert")).to_be_hidden(timeout=TIMEOUT)  # settled: the stale alert is gone
    shots(other, "02-alert-cleared-when-finished")


def test_a_sync_with_nothing_to_post_says_so_before_and_after(
        stack: dict[str, Any], context: Any, shots: Any) -> None:
    page = connected(context, stack)
    first_sync(page)
    expect(page.locator("#preview-summary")).to_contain_text("Nothing new to post", timeout=TIMEOUT)
    expect(page.locator("#sync-now-note")).to_have_text("Nothing new to post: Sync Now would post no documents.")
    shots(page, "01-nothing-to-post-before")
    page.get_by_role("button", name="Sync Now").click()
    row = page.locator("#tasks-table tbody tr[data-task]").first
    expect(row.locator(".status")).to_have_text("Nothing to post", timeout=FINISHED)
    expect(row.locator("td[data-label=Total]")).to_have_text("")
    row.get_by_role("button", name="Documents").click()
    expect(page.locator(".task-details .nothing").first).to_contain_text("no document was sent to QuickBooks")
    shots(page, "02-nothing-to-post-task")


def test_a_first_syncs_entry_reads_as_an_accountant_reads_a_journal_entry(
        stack: dict[str, Any], context: Any, shots: Any) -> None:
    page = connected(context, stack)
    row = first_sync(page)
    row.get_by_role("button", name="Documents").click()
    entry = page.locator(".task-details .entry").first
    expect(entry).to_be_visible(timeout=TIMEOUT)
    expect(entry).to_contain_text("First sync: one lump sum of every transaction from")
    expect(page.locator(".task-details .task-covers")).to_contain_text(re.compile(r"[A-Z][a-z]{2} \d{1,2}, \d{4} to "))
    lines = entry.locator("table.entry-lines")
    expect(lines.locator("thead th")).to_have_text(["Account", "Debit", "Credit", "Class", "Description"])
    expect(lines.locator("tbody")).to_contain_text("Merchant Settlement")
    expect(lines.locator("tbody")).to_contain_text("Main Street")  # the location's class (Plus)
    debit, credit = (lines.locator(f"tfoot td[data-label='Total {side}']").inner_text() for side in ("debit", "credit"))
    assert debit == credit and debit != "0.00"
    for group in ("payments", "credits", "revenue"):
        expect(page.locator(f"#totals-{group} tfoot")).to_contain_text("Total")
    expect(page.locator("#totals-payments")).to_contain_text("eCheck")
    expect(page.locator("#totals-payments")).to_contain_text("Custom (Venmo)")
    expect(page.get_by_role("link", name=re.compile("^Open in QuickBooks"))).to_have_count(1)
    shots(page, "01-entry-as-an-accountant-reads-it")


def test_an_ended_session_says_one_plain_thing_and_offers_the_way_back(
        stack: dict[str, Any], context: Any, shots: Any) -> None:
    page = connected(context, stack)
    context.clear_cookies()  # the two-hour session cookie has expired
    page.get_by_role("button", name="Sync Now").click()
    alert = page.get_by_role("alert")
    expect(alert).to_have_text("Your session has ended. Open Intuit QuickBooks again from SETTINGS > INTEGRATION "
                               "in your studio platform.", timeout=TIMEOUT)
    expect(page.get_by_role("button", name="Back to the studio platform")).to_be_visible()
    expect(page.get_by_role("button", name="Sync Now")).to_be_hidden()
    shots(page, "01-session-ended")
    page.reload()
    status = page.get_by_role("status")
    expect(status).to_have_text("Your session has ended. Open Intuit QuickBooks again from SETTINGS > INTEGRATION "
                                "in your studio platform.", timeout=TIMEOUT)
    expect(page.get_by_text("Opening QuickBooks settings")).to_have_count(0)
    expect(page.get_by_role("button", name="Back to the studio platform")).to_be_visible()
    shots(page, "02-session-ended-after-reload")
