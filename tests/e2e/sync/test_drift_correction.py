"""Drift, then its correction, against the sandbox: an accountant deletes Classbooks' entry in
QuickBooks, the next sync's read-back finds drift, the admin posts the correcting entry (a new
document against an offset account they chose), and the sync after that reads the books back ok."""
from __future__ import annotations

from tests.e2e.sync.flows import sync_now
from tests.e2e.sync.test_reset_undo import call
from tests.integration.sync.support import connected_studio, store
from tests.unit.domain.builders import charge, payment

CLEARING = "Classbooks Receivables (Tumble Town)"
FIRST = [charge("c1", 0, "2025-01-05", "120.00", family="f1"), payment("p1", 0, "2025-01-06", "70.00", "cash")]
OFFSET = {"offset_account": "Uncategorized Expense"}


def night(api, e2e, rows) -> dict:
    store(e2e, "t1", rows)
    e2e.clock.advance(hours=1)
    task = sync_now(api, e2e)
    assert task["status"] == "succeeded"
    return task


def drifted(api, e2e, sandbox) -> tuple[str, dict]:
    realm = sandbox.seeded.plus_realm
    connected_studio(e2e, realm_id=realm)
    e2e.models.Tenant("t1").update(actions=[e2e.models.Tenant.fiscal_year_start_month.set(1)])
    first = night(api, e2e, FIRST)
    assert first["readback"]["status"] == "ok"
    [je] = sandbox.journal_entries(realm)
    sandbox.poster(realm, None).delete([("by-hand", je["Id"])])  # the accountant deletes the entry
    task = night(api, e2e, [charge("c2", 0, "2025-03-10", "30.00", family="f2")])
    assert task["readback"]["status"] == "drift"
    return realm, task


def test_the_correction_puts_quickbooks_back_and_the_next_read_back_is_ok(api, e2e, sandbox) -> None:
    realm, task = drifted(api, e2e, sandbox)
    [finding] = task["readback"]["accounts"]
    assert finding["account"] == CLEARING and finding["difference"] == "-50.00"  # 120 charged - 70 paid
    status, offer = call(api, e2e, "get", f"tasks/{task['task_id']}/correction")
    assert status == 200 and "Uncategorized Expense" in offer["choices"] and "Checking" not in offer["choices"]
    assert offer["suggested"] is None  # the company has no Reconciliation Discrepancies account
    status, posted = call(api, e2e, "post", f"tasks/{task['task_id']}/correction", OFFSET)
    assert status == 200, posted
    assert posted["amount"] == "50.00" and posted["qbo_id"] in posted["link"]
    entry = next(e for e in sandbox.journal_entries(realm) if e["DocNumber"] == posted["doc_number"])
    assert task["task_id"] in entry["PrivateNote"] and CLEARING in entry["PrivateNote"]
    assert entry["TxnDate"] == "2025-03-10"  # today in Chicago, the books being open
    assert sandbox.balances(realm)[CLEARING] == "80.00"  # 120 - 70 + 30: what Classbooks posted
    after = night(api, e2e, [charge("c3", 0, "2025-03-10", "5.00", family="f2")])
    assert after["readback"]["status"] == "ok" and after["readback"]["accounts"] == []
    assert sync_now_view(api, e2e, task["task_id"])["correction"]["doc_number"] == posted["doc_number"]


def sync_now_view(api, e2e, task_id: str) -> dict:
    from tests.e2e.sync.flows import task_view
    return task_view(api, e2e, task_id)


def test_a_repeated_request_posts_nothing_twice(api, e2e, sandbox) -> None:
    realm, task = drifted(api, e2e, sandbox)
    path = f"tasks/{task['task_id']}/correction"
    first = call(api, e2e, "post", path, OFFSET)[1]
    count = len(sandbox.journal_entries(realm))
    status, again = call(api, e2e, "post", path, OFFSET)
    assert status == 200 and again["doc_number"] == first["doc_number"] and again["qbo_id"] == first["qbo_id"]
    assert len(sandbox.journal_entries(realm)) == count


def test_closed_books_date_the_correction_on_the_first_open_date(api, e2e, sandbox) -> None:
    realm, task = drifted(api, e2e, sandbox)
    sandbox.control.company(realm, book_close_date="2025-03-31")
    status, posted = call(api, e2e, "post", f"tasks/{task['task_id']}/correction", OFFSET)
    assert status == 200 and posted["txn_date"] == "2025-04-01"


def test_an_offset_that_is_missing_or_of_the_wrong_kind_is_refused_with_the_reason(api, e2e, sandbox) -> None:
    realm, task = drifted(api, e2e, sandbox)
    path = f"tasks/{task['task_id']}/correction"
    count = len(sandbox.journal_entries(realm))
    for body, code, words in [({}, "offset_account_required", "offset"),
                              ({"offset_account": "Nowhere"}, "invalid_offset_account", "no active account"),
                              ({"offset_account": "Checking"}, "invalid_offset_account", "Bank"),
                              ({"offset_account": CLEARING}, "invalid_offset_account", "Other Current Asset")]:
        status, refused = call(api, e2e, "post", path, body)
        assert status == 400 and refused["error"] == code and words in refused["message"], refused
    assert len(sandbox.journal_entries(realm)) == count


def test_books_fixed_by_hand_meanwhile_are_not_corrected_again(api, e2e, sandbox) -> None:
    realm, task = drifted(api, e2e, sandbox)
    call(api, e2e, "post", f"tasks/{task['task_id']}/correction", OFFSET)
    later = night(api, e2e, [charge("c4", 0, "2025-03-10", "5.00", family="f2")])
    status, refused = call(api, e2e, "post", f"tasks/{later['task_id']}/correction", OFFSET)
    assert status == 409 and refused["error"] == "no_drift"
    sandbox_entries = len(sandbox.journal_entries(realm))
    status, _ = call(api, e2e, "post", f"tasks/{task['task_id']}/correction", OFFSET)  # answered, not re-posted
    assert status == 200 and len(sandbox.journal_entries(realm)) == sandbox_entries


def test_only_an_admin_may_post_a_correction(api, e2e, sandbox) -> None:
    _, task = drifted(api, e2e, sandbox)
    for role in ("staff", "support"):
        status, _ = call(api, e2e, "post", f"tasks/{task['task_id']}/correction", OFFSET, role=role)
        assert status == 403
