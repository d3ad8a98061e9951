"""The seed article's scenarios, through the HTTP API, the queue, the QBO adapter and the sandbox."""
from __future__ import annotations

from tests.e2e.sync.flows import sync_now
from tests.e2e.sync.oracle import expected_balances
from tests.integration.sync.support import connected_studio, store
from tests.unit.domain.builders import GO_LIVE, charge, credit, payment, refund, void

OPENING = [charge("o1", 0, "2024-12-20", "50.00", family="f9"), payment("o2", 0, "2024-12-21", "80.00", family="f9")]
FIRST = [charge("c1", 0, "2025-01-05", "120.00", family="f1"),
         payment("p1", 0, "2025-01-06", "70.00", "credit_card", family="f1", processor="platform"),
         payment("p2", 0, "2025-01-07", "30.00", "echeck", family="f1", processor="external"),
         charge("c2", 0, "2025-02-01", "90.00", family="f2", location="L2", category="birthday_party"),
         payment("p3", 0, "2025-02-02", "20.00", "cash", family="f2", location="L2"),
         payment("p4", 0, "2025-02-03", "15.00", "check", family="f2", location="L2"),
         payment("p5", 0, "2025-02-04", "25.00", "custom", family="f2", location="L2", custom="Venmo"),
         credit("k1", 0, "2025-02-05", "10.00", "coupon", family="f2", location="L2"),
         credit("k2", 0, "2025-02-05", "5.00", "gift_card", family="f1")]


def test_first_sync_is_one_lump_sum_per_payment_type_then_one_document_per_day(api, e2e, sandbox) -> None:
    realm = sandbox.seeded.plus_realm
    connected_studio(e2e, realm_id=realm)
    store(e2e, "t1", OPENING + FIRST)
    first = sync_now(api, e2e)
    [lump] = sandbox.journal_entries(realm)
    assert first["status"] == "succeeded" and lump["TxnDate"] == "2025-03-10"
    assert first["totals"]["payments_by_type"] == {"cash": "20.00", "check": "15.00", "credit_card": "70.00",
                                                   "custom:Venmo": "25.00", "echeck": "30.00"}
    later = [charge("c3", 0, "2025-03-09", "40.00", family="f3"), payment("p6", 0, "2025-03-10", "40.00", family="f3")]
    store(e2e, "t1", later)
    e2e.clock.advance(hours=1)
    second = sync_now(api, e2e)
    assert [d["txn_date"] for d in second["documents"]] == ["2025-03-09", "2025-03-10"]
    assert sandbox.balances(realm) == expected_balances(FIRST + later, GO_LIVE, OPENING)


def test_payments_and_credits_land_in_the_seeds_accounts(api, e2e, sandbox) -> None:
    realm = sandbox.seeded.plus_realm
    connected_studio(e2e, realm_id=realm)
    store(e2e, "t1", FIRST)
    sync_now(api, e2e)
    books = sandbox.balances(realm)
    assert books["Merchant Settlement Account"] == "100.00"  # card 70 + eCheck 30
    assert books["Undeposited Funds"] == "60.00"  # cash 20 + check 15 + custom 25
    assert books["Discounts and Credits"] == "10.00"  # coupon 10
    assert books["Classbooks Gift Card Liability (Tumble Town)"] == "5.00"  # a gift card redeemed: the liability drawn down


def test_plus_lines_carry_the_locations_class_and_essentials_lines_none(api, e2e, sandbox) -> None:
    connected_studio(e2e, "t1", realm_id=sandbox.seeded.plus_realm)
    connected_studio(e2e, "t2", realm_id=sandbox.seeded.essentials_realm, plan="Essentials", class_tracking=False)
    store(e2e, "t1", FIRST)
    store(e2e, "t2", FIRST)
    sync_now(api, e2e, "t1")
    sync_now(api, e2e, "t2")
    plus_classes = _classes(sandbox.journal_entries(sandbox.seeded.plus_realm))
    assert {"Downtown", "Uptown"} <= plus_classes
    assert _classes(sandbox.journal_entries(sandbox.seeded.essentials_realm)) == set()


def test_late_voids_and_refunds_post_as_new_documents(api, e2e, sandbox) -> None:
    realm = sandbox.seeded.plus_realm
    connected_studio(e2e, realm_id=realm)
    store(e2e, "t1", FIRST)
    sync_now(api, e2e)
    before = sandbox.journal_entries(realm)
    late = [void("v1", 0, "2025-03-09", FIRST[0]),
            refund("r1", 0, "2025-03-10", "20.00", "p1", "credit_card", family="f1")]
    store(e2e, "t1", late)
    e2e.clock.advance(hours=1)
    task = sync_now(api, e2e)
    after = sandbox.journal_entries(realm)
    assert [d["txn_date"] for d in task["documents"]] == ["2025-03-09", "2025-03-10"]
    assert after[:len(before)] == before and len(after) == len(before) + 2
    assert sandbox.balances(realm) == expected_balances(FIRST + late, GO_LIVE, [])


def test_dates_in_closed_books_post_on_the_first_open_date_with_a_memo(api, e2e, sandbox) -> None:
    realm = sandbox.seeded.plus_realm
    sandbox.control.company(realm, book_close_date="2025-01-31")
    connected_studio(e2e, realm_id=realm, book_close_date="2025-01-31")
    store(e2e, "t1", FIRST)
    sync_now(api, e2e)
    store(e2e, "t1", [charge("late", 0, "2025-01-20", "12.00", family="f4")])
    e2e.clock.advance(hours=1)
    task = sync_now(api, e2e)
    [doc] = task["documents"]
    assert (doc["business_date"], doc["txn_date"]) == ("2025-01-20", "2025-02-01")
    memo = next(je for je in sandbox.journal_entries(realm) if je["TxnDate"] == "2025-02-01")["PrivateNote"]
    assert "closed period" in memo


def _classes(entries: list[dict]) -> set[str]:
    return {ln["JournalEntryLineDetail"]["ClassRef"]["name"] for je in entries for ln in je["Line"]
            if ln.get("JournalEntryLineDetail", {}).get("ClassRef")}


def test_books_closed_after_connecting_do_not_stop_the_sync(api, e2e, sandbox) -> None:
    realm = sandbox.seeded.plus_realm
    connected_studio(e2e, realm_id=realm)  # books open when the studio connected
    store(e2e, "t1", FIRST)
    assert sync_now(api, e2e)["status"] == "succeeded"
    sandbox.control.company(realm, book_close_date="2025-01-31")  # the accountant closes January
    store(e2e, "t1", [charge("late", 0, "2025-01-28", "12.00", family="f4"),
                      payment("p9", 0, "2025-03-10", "12.00", "cash", family="f4")])
    e2e.clock.advance(hours=1)
    task = sync_now(api, e2e)
    assert task["status"] == "succeeded"
    assert sorted((d["business_date"], d["txn_date"]) for d in task["documents"]) == [
        ("2025-01-28", "2025-02-01"), ("2025-03-10", "2025-03-10")]
    memos = [je["PrivateNote"] for je in sandbox.journal_entries(realm) if je["TxnDate"] == "2025-02-01"]
    assert len(memos) == 1
    assert "because 2025-01-28 is in the closed period (books closed through 2025-01-31)" in memos[0]
    assert e2e.models.Tenant.get("t1").book_close_date == "2025-01-31"
    assert sandbox.balances(realm) == expected_balances([*FIRST, charge("late", 0, "2025-01-28", "12.00", family="f4"),
                                                                 payment("p9", 0, "2025-03-10", "12.00", "cash",
                                                                         family="f4")], GO_LIVE, [])
