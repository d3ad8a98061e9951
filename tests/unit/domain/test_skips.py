"""A skip's facts: stored as JSON and read back, and the sentences worded from them."""
from __future__ import annotations

import datetime as dt

from chalicelib.domain.schedule import LastRun, Schedule, Trigger, decide_run, skip_message
from chalicelib.domain.skips import SkipFacts, skip_cause
from chalicelib.support.findings import recorded, skip_reason

UTC = dt.UTC
CHICAGO = "America/Chicago"
FIRE = dt.datetime(2026, 1, 15, 5, 31, tzinfo=UTC)  # 11:31 PM CST on the 14th
MANUAL = dt.datetime(2026, 1, 14, 23, 5, tzinfo=UTC)  # 5:05 PM CST
TOO_SOON = SkipFacts("too_soon_after_run", FIRE + dt.timedelta(days=1), FIRE - MANUAL, MANUAL, "manual")


def test_facts_round_trip_through_their_stored_form() -> None:
    stored = TOO_SOON.to_dict()
    assert stored == {"code": "too_soon_after_run", "next_run_at": "2026-01-16T05:31:00+00:00",
                      "elapsed_seconds": 23160, "since": "2026-01-14T23:05:00+00:00", "after": "manual"}
    assert SkipFacts.from_dict(stored) == TOO_SOON
    busy = SkipFacts("another_sync_running", task_id="m-7")
    assert SkipFacts.from_dict(busy.to_dict()) == busy


def test_a_run_stored_before_facts_were_kept_has_none() -> None:
    assert SkipFacts.from_dict(None) is None and SkipFacts.from_dict({}) is None


def test_the_decision_carries_the_facts_its_message_is_worded_from() -> None:
    decision = decide_run(trigger=Trigger.DAILY, schedule=Schedule.DAILY, now=FIRE, tz=CHICAGO,
                          last_run=LastRun(MANUAL, Trigger.MANUAL), schedule_changed_at=None, scheduled_for=FIRE)
    assert decision.facts == TOO_SOON
    assert decision.message == skip_message(TOO_SOON, FIRE, CHICAGO) == (
        "Daily sync skipped: only 6 h 26 min since the manual sync at 5:05 PM CST; the minimum is 23 hours. "
        "Next run tomorrow at 11:31 PM CST.")


def test_the_task_reason_of_each_other_skip() -> None:
    say = lambda facts: skip_message(facts, FIRE, CHICAGO)  # noqa: E731
    assert say(SkipFacts("another_sync_running", task_id="m-7")) == "Sync skipped: another sync (task m-7) is running."
    assert say(SkipFacts("connection_needs_reauth")) == "Sync skipped: QuickBooks needs to be reconnected."
    assert say(SkipFacts("connection_disconnected")) == "Sync skipped: QuickBooks is not connected."
    assert say(SkipFacts("not_configured")) == "Sync skipped: choose a Go Live Date and a schedule first."
    assert say(SkipFacts("unknown_tenant")) == "Sync skipped: the studio is unknown."
    assert say(SkipFacts("schedule_is_manual")) == ("Daily sync skipped: the schedule is Manual, so syncs run only "
                                                    "when an admin selects Sync Now.")
    assert skip_cause(SkipFacts("something_new")) == "the run was refused (something_new)"


def test_support_words_a_too_soon_skip_beside_the_fire_it_skipped() -> None:
    assert skip_reason(TOO_SOON, FIRE, CHICAGO) == "only 6 h 26 min since the manual sync at 5:05 PM"
    changed = SkipFacts("too_soon_after_schedule_change", None, dt.timedelta(hours=26, minutes=3),
                        FIRE - dt.timedelta(hours=26, minutes=3))
    assert skip_reason(changed, FIRE, CHICAGO) == ("only 26 h 3 min since the schedule was changed on Tue Jan 13 at "
                                                   "9:28 PM (changing the schedule resets the 23-hour timer)")


def test_support_words_other_skips_as_clauses() -> None:
    assert skip_reason(SkipFacts("another_sync_running", task_id="m-7"), FIRE, CHICAGO) == (
        "another sync (task m-7) is running")
    assert skip_reason(SkipFacts("connection_not_connected"), FIRE, CHICAGO) == "QuickBooks is not connected"


def test_a_message_without_facts_is_quoted_whole() -> None:
    assert recorded("Daily sync skipped: only 6 h; the minimum is 23 hours. Next run tonight.") == (
        "the recorded reason is \u201cDaily sync skipped: only 6 h; the minimum is 23 hours. Next run tonight.\u201d")
    assert recorded(None) == recorded("  ") == "no reason was recorded"
