"""The diagnosis answers each of the seed's troubleshooting questions, in the tenant's time zone.

The clock is fixed per test; the studio is in Chicago unless a test says otherwise.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from chalicelib.domain.skips import SkipFacts
from chalicelib.support.diagnosis import daily_sync, diagnose
from tests.unit.support.builders import at, daily_run, manual_run, snapshot, tenant

MORNING = at("2026-01-15 09:00")  # the morning after the skipped night


def _finding(found, topic):
    matches = [f for f in found if f.topic == topic]
    assert len(matches) == 1, found
    return matches[0]


def test_a_daily_sync_skipped_soon_after_a_manual_sync_says_how_long_since_and_when_next():
    t = tenant(schedule_changed_at=at("2026-01-13 10:00"))
    s = snapshot(t, manual_run("2026-01-14 17:05"), daily_run("2026-01-14 23:31", "skipped", reason="too soon"))
    assert daily_sync(s, MORNING).message == ("Daily sync skipped at 11:31 PM CST: only 6 h 26 min since the "
                                              "manual sync at 5:05 PM; next run tonight at 11:31 PM CST")


def test_a_daily_sync_skipped_after_a_schedule_switch_says_the_switch_resets_the_timer():
    t = tenant(schedule_changed_at=at("2026-01-14 21:21"))
    s = snapshot(t, daily_run("2026-01-13 23:31"), daily_run("2026-01-14 23:31", "skipped"))
    message = daily_sync(s, MORNING).message
    assert message == ("Daily sync skipped at 11:31 PM CST: only 2 h 10 min since the schedule was changed at "
                       "9:21 PM (changing the schedule resets the 23-hour timer); next run tonight at 11:31 PM CST")


def test_a_skip_in_summer_is_said_in_daylight_time():
    summer = at("2026-07-15 09:00")
    s = snapshot(tenant(), manual_run("2026-07-14 20:00"), daily_run("2026-07-14 23:31", "skipped"))
    assert daily_sync(s, summer).message == ("Daily sync skipped at 11:31 PM CDT: only 3 h 31 min since the "
                                             "manual sync at 8:00 PM; next run tonight at 11:31 PM CDT")


def test_a_skip_for_another_reason_repeats_the_recorded_reason():
    s = snapshot(tenant(), daily_run("2026-01-13 23:31"), daily_run(
        "2026-01-14 23:31", "skipped", reason="Sync skipped: another sync (task t-9) is running.",
        skip=SkipFacts("another_sync_running", at("2026-01-15 23:31"), task_id="t-9")))
    assert daily_sync(s, MORNING).message == ("Daily sync skipped at 11:31 PM CST: another sync (task t-9) is "
                                              "running; next run tonight at 11:31 PM CST")


def test_a_manual_schedule_explains_that_no_daily_sync_runs():
    finding = daily_sync(snapshot(tenant(schedule="manual"), manual_run("2026-01-14 17:05")), MORNING)
    assert (finding.code, finding.message) == (
        "schedule_manual",
        "Daily sync does not run: the schedule is Manual, so syncs run only when an admin selects Sync Now.")


def test_needs_reauthorisation_says_an_admin_must_reconnect():
    finding = daily_sync(snapshot(tenant(connection_status="needs_reauth")), MORNING)
    assert finding.code == "needs_reauth" and finding.severity == "error"
    assert "needs re-authorisation" in finding.message and "An admin reconnects" in finding.message


def test_not_connected_says_where_to_connect():
    finding = daily_sync(snapshot(tenant(connection_status="not_connected", go_live_date=None)), MORNING)
    assert finding.message.startswith("Daily sync cannot run: QuickBooks is not connected.")


def test_disconnected_says_syncs_stopped():
    finding = daily_sync(snapshot(tenant(connection_status="disconnected")), MORNING)
    assert finding.message.startswith("Daily sync stopped: QuickBooks was disconnected.")


def test_not_configured_names_what_is_missing():
    finding = daily_sync(snapshot(tenant(go_live_date=None, schedule=None, first_sync_done=False)), MORNING)
    assert "it needs a Go Live Date and a schedule" in finding.message


def test_a_failed_run_gives_quickbooks_message_in_plain_words():
    failed = daily_run("2026-01-14 23:31", "failed", error="QuickBooks refused a document: The account "
                       "period has closed (book close date 2025-12-31).")
    finding = daily_sync(snapshot(tenant(), failed), MORNING)
    assert finding.message == ("Daily sync failed yesterday at 11:34 PM CST: QuickBooks refused a document: The "
                               "account period has closed (book close date 2025-12-31); next run tonight at "
                               "11:31 PM CST")


def test_the_last_error_is_reported_even_on_a_manual_schedule():
    failed = manual_run("2026-01-15 08:00", "failed", error="QuickBooks refused a document: Duplicate Name.")
    found = diagnose(snapshot(tenant(schedule="manual"), failed), MORNING)
    assert _finding(found, "last_error").message == ("Manual sync failed at 8:02 AM CST: QuickBooks refused a "
                                                     "document: Duplicate Name")


def test_a_working_daily_sync_says_when_it_ran_and_runs_next():
    finding = daily_sync(snapshot(tenant(), daily_run("2026-01-14 23:31")), MORNING)
    assert (finding.code, finding.message) == ("ok", ("Daily sync is on: the last sync (daily) succeeded "
                                                      "yesterday at 11:34 PM CST; next run tonight at 11:31 PM CST"))


def test_a_skip_before_last_night_is_dated():
    s = snapshot(tenant(), manual_run("2026-01-12 17:05"), daily_run("2026-01-12 23:31", "skipped"))
    assert daily_sync(s, MORNING).message.startswith("Daily sync skipped on Mon Jan 12 at 11:31 PM CST: only 6 h")


def test_the_go_live_date_cannot_be_changed_without_a_reset_and_reconnect():
    found = diagnose(snapshot(tenant()), MORNING)
    message = _finding(found, "go_live").message
    assert message.startswith("The Go Live Date is 2026-01-01 and cannot be edited after integrating")
    assert "resets the integration, reconnects QuickBooks" in message


def test_payments_are_routed_to_the_tenants_account_names():
    t = tenant(qbo_refs={"account:merchant settlement account": "81", "account:discounts and credits": "82"})
    payments = _finding(diagnose(snapshot(t), MORNING), "payments")
    assert payments.message == (
        "Card and eCheck payments (through the platform or an external processor) post to \u201cMerchant "
        "Settlement Account\u201d; cash, check and custom payments to \u201cUndeposited Funds\u201d (Payments to "
        "Deposit); house, coupon and other credits to \u201cDiscounts and Credits\u201d; gift cards to "
        "\u201cClassbooks Gift Card Liability (Lakeside Swim)\u201d (unless the account mapping says otherwise).")
    rows = {d["type"]: (d["account"], d["in_quickbooks"]) for d in payments.details}
    assert rows["echeck"] == ("Merchant Settlement Account", True)
    assert rows["custom"] == ("Undeposited Funds", False)
    assert rows["gift_card"] == ("Classbooks Gift Card Liability (Lakeside Swim)", False)
    assert rows["coupon"] == ("Discounts and Credits", True)


def test_an_account_younger_than_90_days_is_not_eligible_and_says_when_it_will_be():
    t = tenant(connection_status="not_connected", created_at=at("2025-12-01 10:00"))
    finding = _finding(diagnose(snapshot(t), MORNING), "eligibility")
    assert finding.code == "not_eligible"
    assert "the account is 45 days old; QuickBooks integration opens after 90 days of use (on 2026-03-01)" \
        in finding.message


def test_an_onboarding_account_is_not_eligible():
    finding = _finding(diagnose(snapshot(tenant(onboarding=True)), MORNING), "eligibility")
    assert finding.code == "not_eligible" and "still onboarding" in finding.message


def test_a_support_override_is_shown_with_who_when_why_and_the_rules_set_aside():
    override = {"by": "support-7", "reason": "migrating from a sister studio", "at": "2026-01-10T15:00:00+00:00"}
    t = tenant(onboarding=True, eligibility_override=override)
    finding = _finding(diagnose(snapshot(t), MORNING), "eligibility")
    assert finding.code == "eligibility_overridden"
    assert finding.message == ("Eligible by support override: support-7 on 2026-01-10, reason \u201cmigrating "
                               "from a sister studio\u201d. Set aside: the account is still onboarding; integrate "
                               "once onboarding is finished.")


def test_a_plan_below_essentials_is_not_supported():
    found = diagnose(snapshot(tenant(plan="QuickBooks Online Simple Start", class_tracking=False)), MORNING)
    plan = _finding(found, "plan")
    assert plan.code == "plan_not_supported" and "Essentials or higher is required" in plan.message
    assert not [f for f in found if f.topic == "class_tracking"]


def test_class_tracking_is_unavailable_on_essentials_because_it_has_no_classes():
    found = diagnose(snapshot(tenant(plan="QuickBooks Online Essentials", class_tracking=False)), MORNING)
    assert _finding(found, "class_tracking").message == (
        "Revenue by location is unavailable because QuickBooks Online Essentials has no classes (QuickBooks "
        "Online Plus or higher is required).")


def test_class_tracking_is_unavailable_on_plus_when_it_is_turned_off_in_quickbooks():
    found = diagnose(snapshot(tenant(class_tracking=False)), MORNING)
    assert "class tracking is turned off in QuickBooks" in _finding(found, "class_tracking").message


def test_the_daily_sync_answer_comes_first():
    s = snapshot(replace(tenant(), schedule="manual"))
    assert diagnose(s, MORNING)[0].topic == "daily_sync"


def test_a_night_with_no_task_at_all_is_reported_as_not_delivered():
    s = snapshot(tenant(), daily_run("2026-01-13 23:31"))
    assert daily_sync(s, MORNING).message == (
        "No daily sync was recorded for last night's fire at 11:31 PM CST: the scheduler did not deliver it; the "
        "last sync (daily) succeeded on Tue Jan 13 at 11:34 PM CST; next run tonight at 11:31 PM CST")


def test_a_night_before_the_switch_to_daily_is_not_expected_to_have_run():
    t = tenant(schedule_changed_at=at("2026-01-15 08:00"))
    finding = daily_sync(snapshot(t, manual_run("2026-01-13 10:00")), MORNING)
    assert finding.code == "ok"


def test_a_queued_sync_is_reported_as_in_progress():
    queued = replace(daily_run("2026-01-14 23:31"), status="queued", finished_at=None,
                     error="QuickBooks did not answer (503); the sync will retry.")
    finding = daily_sync(snapshot(tenant(), daily_run("2026-01-13 23:31"), queued), MORNING)
    assert finding.code == "in_progress" and "is queued" in finding.message


def test_a_recorded_reason_keeps_its_proper_nouns():
    s = snapshot(tenant(), daily_run("2026-01-13 23:31"), daily_run(
        "2026-01-14 23:31", "skipped", reason="Sync skipped: QuickBooks is not connected.",
        skip=SkipFacts("connection_not_connected")))
    assert daily_sync(s, MORNING).message.startswith("Daily sync skipped at 11:31 PM CST: QuickBooks is not connected;")


def test_a_skip_is_worded_from_its_stored_facts_without_re_deciding_it():
    """The run it was too soon after is no longer among the last runs: the facts still say it."""
    facts = SkipFacts("too_soon_after_run", at("2026-01-15 23:31"), dt.timedelta(hours=6, minutes=26, seconds=40),
                      at("2026-01-14 17:05"), "manual")
    s = snapshot(tenant(), daily_run("2026-01-14 23:31", "skipped", reason="(worded from the facts)", skip=facts))
    assert daily_sync(s, MORNING).message == ("Daily sync skipped at 11:31 PM CST: only 6 h 26 min since the "
                                              "manual sync at 5:05 PM; next run tonight at 11:31 PM CST")


def test_a_skip_after_a_schedule_change_is_worded_from_its_facts():
    facts = SkipFacts("too_soon_after_schedule_change", at("2026-01-15 23:31"), dt.timedelta(hours=2, minutes=10),
                      at("2026-01-14 21:21"))
    s = snapshot(tenant(), daily_run("2026-01-14 23:31", "skipped", skip=facts))
    assert daily_sync(s, MORNING).message == (
        "Daily sync skipped at 11:31 PM CST: only 2 h 10 min since the schedule was changed at 9:21 PM "
        "(changing the schedule resets the 23-hour timer); next run tonight at 11:31 PM CST")


def test_an_old_skip_with_only_its_message_quotes_the_message_whole():
    s = snapshot(tenant(), daily_run("2026-01-13 23:31"), daily_run(
        "2026-01-14 23:31", "skipped", reason="Sync skipped: another sync (task t-9) is running."))
    assert daily_sync(s, MORNING).message == (
        "Daily sync skipped at 11:31 PM CST: the recorded reason is \u201cSync skipped: another sync (task t-9) is "
        "running.\u201d; next run tonight at 11:31 PM CST")


def test_an_old_skip_without_a_reason_says_none_was_recorded():
    s = snapshot(tenant(), daily_run("2026-01-13 23:31"), daily_run("2026-01-14 23:31", "skipped"))
    assert daily_sync(s, MORNING).message == ("Daily sync skipped at 11:31 PM CST: no reason was recorded; "
                                              "next run tonight at 11:31 PM CST")
