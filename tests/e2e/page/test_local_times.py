"""Times on the page read in the studio's time zone, whatever the browser's own zone is.

`ui.js` formats every instant the page shows (Background Tasks, Next Sync Date) with
`Classbooks.dateTime`; the browser here runs in Tokyo, the studio in Chicago.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from chalicelib.page.render import STATIC

pytestmark = [pytest.mark.browser]


def _formatter(browser: Any, zone: str | None) -> Iterator[Any]:
    context = browser.new_context(timezone_id="Asia/Tokyo")
    page = context.new_page()
    data = json.dumps({"role": "admin", "timezone": zone})
    page.set_content(f'<script type="application/json" id="page-data">{data}</script>')
    page.add_script_tag(content=(STATIC / "ui.js").read_text(encoding="utf-8"))
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def chicago(browser: Any) -> Iterator[Any]:
    yield from _formatter(browser, "America/Chicago")


@pytest.fixture
def unknown_zone(browser: Any) -> Iterator[Any]:
    yield from _formatter(browser, "Mars/Olympus_Mons")


def _say(page: Any, iso: str) -> str:
    return page.evaluate("iso => Classbooks.dateTime(iso)", iso).replace("\u202f", " ")


def test_a_task_time_reads_in_the_studios_zone_not_the_browsers(chicago: Any) -> None:
    assert _say(chicago, "2026-11-25T09:13:00Z") == "Nov 25, 2026, 3:13 AM CST"


def test_daylight_saving_time_is_named_as_such(chicago: Any) -> None:
    assert _say(chicago, "2026-07-04T16:30:00Z") == "Jul 4, 2026, 11:30 AM CDT"


def test_times_are_marked_up_with_the_instant_they_stand_for(chicago: Any) -> None:
    html = chicago.evaluate("iso => Classbooks.time(iso).outerHTML", "2026-11-25T09:13:00Z").replace("\u202f", " ")
    assert html == '<time datetime="2026-11-25T09:13:00Z">Nov 25, 2026, 3:13 AM CST</time>'


def test_an_unknown_zone_falls_back_to_the_browsers_instead_of_breaking_the_page(unknown_zone: Any) -> None:
    assert _say(unknown_zone, "2026-11-25T09:13:00Z") == "Nov 25, 2026, 6:13 PM GMT+9"


def test_a_server_messages_iso_date_reads_as_the_page_writes_dates(chicago: Any) -> None:
    said = chicago.evaluate("m => Classbooks.humanize(m)", "The Go Live Date must be on or after 2025-11-01.")
    assert said == "The Go Live Date must be on or after Nov 1, 2025."


def test_a_server_messages_instant_reads_in_the_studios_zone(chicago: Any) -> None:
    said = chicago.evaluate("m => Classbooks.humanize(m)", "Next run at 2026-11-26T05:31:00Z.").replace("\u202f", " ")
    assert said == "Next run at Nov 25, 2026, 11:31 PM CST."
