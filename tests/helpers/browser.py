"""One Playwright and one Chromium per test session, whichever test folder asks first.

Playwright's sync API may run only once per thread, and a fixture imported into another folder
(tests/e2e/payouts uses the page's) is a fixture of its own to pytest; both share this launch.
"""
from __future__ import annotations

from typing import Any

_SHARED: dict[str, Any] = {}


def acquire(executable_path: str, args: list[str]) -> Any:
    from playwright.sync_api import sync_playwright

    if not _SHARED:
        started = sync_playwright().start()
        _SHARED.update(playwright=started, browser=started.chromium.launch(executable_path=executable_path,
                                                                            args=args), users=0)
    _SHARED["users"] += 1
    return _SHARED["browser"]


def release() -> None:
    _SHARED["users"] -= 1
    if _SHARED["users"] == 0:
        _SHARED["browser"].close()
        _SHARED["playwright"].stop()
        _SHARED.clear()
