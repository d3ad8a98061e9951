"""Why a run failed for good, as facts (a code and the next step) the page and support word alike.

A failed run leaves its plan open; the next run resumes it first. So every permanent failure
says what to fix and promises what the next run does: post the same documents (each at most
once), re-planning nothing that was posted.
"""
from __future__ import annotations

from dataclasses import dataclass

RESUME = "then press Sync Now (or wait for tonight's sync): it posts the same documents, none of them twice."


@dataclass(frozen=True)
class Failure:
    code: str  # needs_reauth | quickbooks_refused | period_closed | planning_error | gave_up
    message: str
    next_step: str

    @property
    def text(self) -> str:
        return f"{self.message} What to do: {self.next_step}"


def needs_reauth(detail: str) -> Failure:
    return Failure("needs_reauth", f"QuickBooks needs to be reconnected: the connection was refused ({detail}). "
                   "Syncs stop until an admin reconnects.",
                   "an admin opens QuickBooks Integration and presses Connect to QuickBooks; syncs continue "
                   "from where they stopped.")


def refused(detail: str) -> Failure:
    return Failure("quickbooks_refused", f"QuickBooks refused a document: {detail}",
                   f"fix in QuickBooks what its message names (an account or class made inactive, a "
                   f"required setting), {RESUME}")


def period_closed(detail: str) -> Failure:
    return Failure("period_closed", f"QuickBooks refused a document: {detail}",
                   f"in QuickBooks, Settings > Advanced > Close the books: remove the closing password "
                   f"or correct the closing date, {RESUME}")


def not_planned(detail: str) -> Failure:
    return Failure("planning_error", f"The sync could not be planned: {detail}",
                   "correct the studio's data on the platform as the message says (for example give "
                   "every location a name), then press Sync Now.")


def gave_up(reason: str) -> Failure:
    return Failure("gave_up", f"The sync gave up after repeated failures: {reason}",
                   "if QuickBooks was down, nothing is needed: the next sync resumes the same documents, "
                   "none of them twice. If it keeps failing, contact support with this task's id.")
