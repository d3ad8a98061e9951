"""Carry out a written plan: references, then each pending document, recorded as it is posted.

Like Chalice's deploy executor, it does what the plan says and decides nothing. Each document is
sent on its own, with its key as QBO's `requestid`, and its QBO id is recorded before the next is
sent. Why not batches of 30: a worker killed after QBO committed a batch but before the ids were
recorded leaves no trace of which documents went in; its retry re-sends the rest under another
batch requestid and QBO creates them again (the fault soak found exactly this). One document per
call makes the retry a `requestid` replay. A run posts one document per business date, so the
cost is a handful of (unmetered) writes.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Callable, Iterator, Mapping, Sequence

from chalicelib.domain.journal import JournalDocument
from chalicelib.domain.money import format_amount
from chalicelib.sync.plans import PlanStore, SavedPlan
from chalicelib.sync.ports import PostedDocument, QuickBooksPoster, SyncError

CHUNK = 1  # one document per call: see the module doc


class IncompletePosting(RuntimeError):
    """The poster returned without an id for some document: the cursor must not move."""


def chunks(documents: Sequence[JournalDocument], size: int = CHUNK) -> Iterator[Sequence[JournalDocument]]:
    for start in range(0, len(documents), size):
        yield documents[start:start + size]


def execute(saved: SavedPlan, make_poster: Callable[[], QuickBooksPoster], plans: PlanStore, qbo_refs: Mapping[str, Any],
            save_refs: Callable[[Mapping[str, Any]], None], clock: Callable[[], dt.datetime]) -> dict[str, str]:
    """Post what is pending of `saved`; return every document key → QBO id of the plan."""
    plan, posted = saved.plan, dict(saved.posted)
    pending = saved.pending
    if pending:  # a fully posted plan (resumed after its last post) needs no QuickBooks call
        poster = make_poster()
        refs = poster.ensure_references(plan, dict(qbo_refs))
        if dict(refs.cache) != dict(qbo_refs):
            save_refs(dict(refs.cache))  # ids found or created: trusted next time, not re-read
        for chunk in chunks(pending):
            try:
                results = poster.post(chunk, refs)
            except SyncError as error:  # what did get posted before the fault is recorded too
                _record(plans, saved, error.posted, clock, posted)
                raise
            _record(plans, saved, results, clock, posted)
    missing = [d.key for d in plan.documents if not posted.get(d.key)]
    if missing:
        raise IncompletePosting(f"{len(missing)} document(s) came back without a QuickBooks id")
    return posted


def _record(plans: PlanStore, saved: SavedPlan, results: Sequence[PostedDocument],
            clock: Callable[[], dt.datetime], posted: dict[str, str]) -> None:
    if results:
        plans.record(saved.plan.tenant_id, saved.task_id, results, clock())
        posted.update({r.key: r.qbo_id for r in results})


def document_views(saved: SavedPlan, posted: Mapping[str, str]) -> list[dict[str, Any]]:
    """What the background task shows of each document."""
    return [{"doc_number": d.doc_number, "qbo_id": posted.get(d.key), "kind": d.kind.value,
             "business_date": d.business_date.isoformat(), "txn_date": d.txn_date.isoformat(),
             "transactions": d.transaction_count, "amount": format_amount(d.total_debits),
             "task_id": saved.task_id}
            for d in saved.plan.documents]
