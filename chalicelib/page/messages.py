"""What the page says when Intuit's callback sends an admin back without a connection.

The callback redirects to `…/quickbooks/page?step=connect&error=<code>`. Anyone can craft that
URL, so the page never shows the query's text: a code is looked up in this fixed map, and any
other value gets the generic message. The codes are the callback's error codes (docs/connect.md).
When the state names no studio, the callback has no page to go to and answers `refusal_page`.
"""
from __future__ import annotations

from chalicelib.page.render import render

AGAIN = "Select Connect to QuickBooks to try again."
CONNECT_ERRORS: dict[str, str] = {
    "authorization_cancelled": "You cancelled the connection at Intuit, so QuickBooks is not connected. "
                               "Select Connect to QuickBooks when you are ready.",
    "authorization_denied": "Intuit did not authorise the connection, so QuickBooks is not connected. " + AGAIN,
    "authorization_incomplete": "Intuit's sign-in did not finish, so QuickBooks is not connected. " + AGAIN,
    "plan_not_supported": "That QuickBooks Online company's plan is not supported: Essentials or higher is "
                          "required (Plus or higher to track revenue by location). Upgrade the subscription "
                          "in QuickBooks, then connect again.",
    "realm_already_connected": "That QuickBooks company is already connected to another studio. Disconnect it "
                               "there first, or choose a different company.",
    "not_eligible": "This studio cannot connect QuickBooks yet: it needs at least 90 days of use and must have "
                    "finished onboarding. Contact support if you need an exception.",
    "profile_missing": "Your studio platform has not sent this studio's details yet. Try again later, or "
                       "contact support.",
    "invalid_grant": "Intuit's sign-in expired before it finished. " + AGAIN,
    "intuit_unavailable": "Intuit could not be reached, so QuickBooks is not connected. Try again in a few minutes.",
    "intuit_error": "Intuit refused the connection. " + AGAIN + " If it keeps happening, contact support.",
    "quickbooks_error": "QuickBooks could not read the company's details. " + AGAIN,
}
GENERIC = "QuickBooks was not connected. " + AGAIN
STATE_REFUSED = ("This QuickBooks sign-in can't be finished: it has expired, was already used, or was not "
                 "started from your studio's settings.")


def connect_error(code: str | None) -> dict[str, str] | None:
    """The page's message for a callback code; an unknown code is never echoed, only reported as such."""
    if not code:
        return None
    known = code in CONNECT_ERRORS
    return {"code": code if known else "unknown", "message": CONNECT_ERRORS[code] if known else GENERIC}


def refusal_page(*, reason: str, css: str, launch_url: str) -> str:
    """The callback's answer when the state names no studio: a plain message, no studio data.

    `reason` is the connect service's own sentence (expired, already used, unknown), escaped like
    every value. The link goes to Intuit's launch landing (`/v1/quickbooks/page`), which finds the
    studio from the admin's session cookie, so this page never needs to know whose sign-in it was.
    """
    return render("refused.html", message=STATE_REFUSED, reason=reason, css=css, launch_url=launch_url)
