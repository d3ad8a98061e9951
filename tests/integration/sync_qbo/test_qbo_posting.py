"""Posting journal entries: batches of at most 30, ids from the write answers, never twice."""
from __future__ import annotations

from decimal import Decimal

from qbo_builders import daily_plan


def _post(qbo, realm, plan, **options):
    refs = qbo.poster(realm).ensure_references(plan, cached={})
    poster = qbo.poster(realm, **options)
    return poster, poster.post(plan.documents, refs)


def test_each_document_becomes_one_journal_entry_with_its_doc_number_date_and_memo(qbo, plus):
    plan = daily_plan(3)
    _, posted = _post(qbo, plus, plan)
    entries = {e["DocNumber"]: e for e in qbo.journal_entries(plus)}
    assert sorted(entries) == sorted(d.doc_number for d in plan.documents)
    for doc, result in zip(plan.documents, posted, strict=False):
        entry = entries[doc.doc_number]
        assert (result.key, result.qbo_id, result.found_existing) == (doc.key, entry["Id"], False)
        assert (entry["TxnDate"], entry["PrivateNote"]) == (doc.txn_date.isoformat(), doc.private_note)


def test_amounts_arrive_to_the_cent(qbo, plus):
    plan = daily_plan(1)
    _post(qbo, plus, plan)
    entry = qbo.journal_entries(plus)[0]
    sent = sorted((ln.posting_type.value, ln.amount) for ln in plan.documents[0].lines)
    got = sorted((ln["JournalEntryLineDetail"]["PostingType"], Decimal(str(ln["Amount"])))
                 for ln in entry["Line"])
    assert got == sent


def test_lines_carry_the_locations_class_on_plus(qbo, plus):
    plan = daily_plan(1, locations=("L1", "L2"), class_tracking=True)
    _post(qbo, plus, plan)
    classes = {ln["JournalEntryLineDetail"].get("ClassRef", {}).get("name")
               for ln in qbo.journal_entries(plus)[0]["Line"]}
    assert classes == {"Location L1", "Location L2", None}


def test_thirty_five_documents_go_in_two_batch_calls(qbo, plus):
    plan = daily_plan(35)
    poster, posted = _post(qbo, plus, plan)
    assert poster.counters.by_kind == {"batch": 2}
    assert len(posted) == 35 and len(qbo.journal_entries(plus)) == 35


def test_a_lone_document_is_one_single_create(qbo, plus):
    poster, _ = _post(qbo, plus, daily_plan(1))
    assert poster.counters.by_kind == {"create": 1}


def test_posting_reads_nothing_back(qbo, plus):
    plan = daily_plan(31)
    refs = qbo.poster(plus).ensure_references(plan, cached={})
    reads = qbo.reads(plus)
    qbo.poster(plus).post(plan.documents, refs)
    assert qbo.reads(plus) == reads


def test_replaying_a_batch_with_its_requestid_creates_nothing(qbo, plus):
    plan = daily_plan(4)
    _, first = _post(qbo, plus, plan)
    _, again = _post(qbo, plus, plan)
    assert [p.qbo_id for p in again] == [p.qbo_id for p in first]
    assert len(qbo.journal_entries(plus)) == 4


def test_replaying_a_single_create_with_the_document_key_creates_nothing(qbo, plus):
    plan = daily_plan(1)
    _, first = _post(qbo, plus, plan)
    _, again = _post(qbo, plus, plan)
    assert again[0].qbo_id == first[0].qbo_id
    assert len(qbo.journal_entries(plus)) == 1


def test_a_steady_state_nightly_run_makes_at_most_one_metered_read(qbo, plus):
    first_plan = daily_plan(1, class_tracking=True)
    first = qbo.poster(plus).ensure_references(first_plan, cached={})
    qbo.poster(plus).post(first_plan.documents, first)
    reads = qbo.reads(plus)
    tonight = daily_plan(1, start=first_plan.sync_date, run_id="run-2", cursor=first_plan.upto,
                         class_tracking=True)
    poster = qbo.poster(plus)
    refs = poster.ensure_references(tonight, cached=first.cache)
    poster.post(tonight.documents, refs)
    assert qbo.reads(plus) - reads <= 1
    assert poster.counters.metered_reads <= 1
    assert len(qbo.journal_entries(plus)) == 2
