"""Reset without double booking: what Classbooks posted is listed, a Go Live Date that would post it
again is refused with the amount, and Undo deletes (open period) or reverses (closed period) it."""
from __future__ import annotations

import json

from tests.e2e.sync.flows import sync_now
from tests.integration.sync.support import bearer, connected_studio, store
from tests.unit.domain.builders import charge, payment

FIRST = [charge("c1", 0, "2025-01-05", "120.00", family="f1"), payment("p1", 0, "2025-01-06", "70.00", "cash"),
         charge("c2", 0, "2025-02-01", "90.00", family="f2")]


def call(api, c, method: str, path: str, body: dict | None = None, role: str = "admin"):
    headers = {**bearer(c, role), "Content-Type": "application/json"}
    answer = getattr(api.http, method)(f"/v1/tenants/t1/quickbooks/{path}", headers=headers,
                                       body=json.dumps(body) if body is not None else None)
    return answer.status_code, json.loads(answer.body)


def synced_then_reset(api, e2e, sandbox) -> str:
    realm = sandbox.seeded.plus_realm
    connected_studio(e2e, realm_id=realm)
    e2e.models.Tenant("t1").update(actions=[e2e.models.Tenant.fiscal_year_start_month.set(1)])
    store(e2e, "t1", FIRST)
    assert sync_now(api, e2e)["status"] == "succeeded"
    status, _ = call(api, e2e, "post", "reset")
    assert status == 200
    return realm


def test_after_a_reset_the_posted_documents_are_listed_with_amount_dates_and_link(api, e2e, sandbox) -> None:
    realm = synced_then_reset(api, e2e, sandbox)
    status, posted = call(api, e2e, "get", "posted")
    [je] = sandbox.journal_entries(realm)
    assert status == 200 and posted["count"] == 1 and posted["revenue"] == "210.00"
    [doc] = posted["documents"]
    assert (doc["doc_number"], doc["qbo_id"], doc["txn_date"], doc["undo"]) == (je["DocNumber"], je["Id"],
                                                                               "2025-03-10", "delete")
    assert je["Id"] in doc["link"] and posted["earliest_go_live_date"] == "2025-03-11"


def test_a_go_live_date_that_would_post_classbooks_documents_twice_is_refused_with_the_amount(api, e2e,
                                                                                             sandbox) -> None:
    synced_then_reset(api, e2e, sandbox)
    status, body = call(api, e2e, "put", "settings", {"go_live_date": "2025-02-01", "schedule": "manual",
                                                       "confirm_overlap": True})
    assert status == 409 and body["error"] == "go_live_overlaps_classbooks"
    assert "210.00" in body["message"] and "2025-03-11" in body["message"]


def test_the_settings_suggest_the_day_after_the_last_business_date_still_standing(api, e2e, sandbox) -> None:
    synced_then_reset(api, e2e, sandbox)
    status, settings = call(api, e2e, "get", "settings")
    assert status == 200 and settings.get("suggested_go_live") == "2025-03-11"


def test_undo_deletes_documents_dated_in_an_open_period(api, e2e, sandbox) -> None:
    realm = synced_then_reset(api, e2e, sandbox)
    status, result = call(api, e2e, "post", "undo")
    assert status == 200 and len(result["deleted"]) == 1 and result["reversed"] == []
    assert sandbox.journal_entries(realm) == [] and sandbox.balances(realm) == {}
    assert call(api, e2e, "get", "posted")[1]["count"] == 0


def test_undo_reverses_on_the_first_open_date_what_the_books_have_closed(api, e2e, sandbox) -> None:
    realm = synced_then_reset(api, e2e, sandbox)
    sandbox.control.company(realm, book_close_date="2025-03-31")
    status, result = call(api, e2e, "post", "undo")
    assert status == 200 and result["deleted"] == [] and len(result["reversed"]) == 1
    entries = sandbox.journal_entries(realm)
    assert sorted(e["TxnDate"] for e in entries) == ["2025-03-10", "2025-04-01"]
    assert sandbox.balances(realm) == {}  # the reversal brings every Classbooks account back to zero
    assert "Reverses" in next(e for e in entries if e["TxnDate"] == "2025-04-01")["PrivateNote"]


def test_undo_twice_posts_nothing_more(api, e2e, sandbox) -> None:
    realm = synced_then_reset(api, e2e, sandbox)
    sandbox.control.company(realm, book_close_date="2025-03-31")
    call(api, e2e, "post", "undo")
    status, again = call(api, e2e, "post", "undo")
    assert status == 200 and again["reversed"] == [] and len(sandbox.journal_entries(realm)) == 2


def test_undo_is_refused_until_the_integration_is_reset(api, e2e, sandbox) -> None:
    connected_studio(e2e, realm_id=sandbox.seeded.plus_realm)
    status, body = call(api, e2e, "post", "undo")
    assert status == 409 and body["error"] == "undo_needs_reset"


def test_only_an_admin_may_undo(api, e2e, sandbox) -> None:
    synced_then_reset(api, e2e, sandbox)
    status, _ = call(api, e2e, "post", "undo", role="staff")
    assert status == 403
