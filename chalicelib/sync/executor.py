"""Carry out a written plan: references, then the pending documents in batches, each recorded.

Like Chalice's deploy executor, it does what the plan says and decides nothing. Documents go in
batches of up to 30 (QBO's batch endpoint; each document's key is its `requestid` when alone,
the batch's requestid derives from its keys), and each batch's QBO ids are recorded before the
next is sent. A batch's requestid only protects a replay of the *same* batch: a worker killed
after QBO committed (part of) a batch but before the ids were recorded would, on its retry, send
a different set under another requestid and QBO would create them again (the fault soak found
exactly this).
So the plan is stamped `posting_started` before its first post, and a plan loaded with that
stamp and documents still pending is first looked up by DocNumber (`QuickBooksPoster.recover`:
one metered query); what is found is recorded, only the rest is posted. A fresh plan makes no
look-up. The killed worker's requests cannot still be in flight then: the redelivery waits for
its 15-minute lease to expire. QBO refusing a duplicate DocNumber (6140, resolved by the poster
with a look-up) is the second line of defence.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from chalicelib.domain.journal import JournalDocument
from chalicelib.domain.money import format_amount
from chalicelib.sync.plans import PlanStore, SavedPlan
from chalicelib.sync.ports import PostedDocument, QuickBooksPoster, References, SyncError

CHUNK = 30  # QBO's batch limit


class IncompletePosting(RuntimeError):
    """The poster returned without an id for some document: the cursor must not move."""


def chunks(documents: Sequence[JournalDocument], size: int = CHUNK) -> Iterator[Sequence[JournalDocument]]:
    for start in range(0, len(documents), size):
        yield documents[start:start + size]


def execute(saved: SavedPlan, make_poster: Callable[[], QuickBooksPoster], plans: PlanStore, qbo_refs: Mapping[str, Any],
            save_refs: Callable[[Mapping[str, Any]], None], clock: Callable[[], dt.datetime]) -> dict[str, str]:
    """Post what is pending of `saved`; return every document key → QBO id of the plan."""
    plan, posted = saved.plan, dict(saved.posted)
    if saved.pending:  # a fully posted plan (resumed after its last post) needs no QuickBooks call
        poster = make_poster()
        if saved.posting_started:  # an earlier attempt may have posted some: find them first
            _record(plans, saved, poster.recover(saved.pending), clock, posted)
        pending = [d for d in saved.pending if d.key not in posted]
        if pending:
            refs = poster.ensure_references(plan, dict(qbo_refs))
            if dict(refs.cache) != dict(qbo_refs):
                save_refs(dict(refs.cache))  # ids found or created: trusted next time, not re-read
            if not saved.posting_started:
                plans.mark_posting(saved, clock())
            _post(poster, pending, refs, plans, saved, clock, posted)
    missing = [d.key for d in plan.documents if not posted.get(d.key)]
    if missing:
        raise IncompletePosting(f"{len(missing)} document(s) came back without a QuickBooks id")
    return posted


def _post(poster: QuickBooksPoster, pending: Sequence[JournalDocument], refs: References, plans: PlanStore,
          saved: SavedPlan, clock: Callable[[], dt.datetime], posted: dict[str, str]) -> None:
    for chunk in chunks(pending):
        try:
            results = poster.post(chunk, refs)
        except SyncError as error:  # what did get posted before the fault is recorded too
            _record(plans, saved, error.posted, clock, posted)
            raise
        _record(plans, saved, results, clock, posted)


def _record(plans: PlanStore, saved: SavedPlan, results: Sequence[PostedDocument],
            clock: Callable[[], dt.datetime], posted: dict[str, str]) -> None:
    if results:
        plans.record(saved.plan.tenant_id, saved.task_id, results, clock())
        posted.update({r.key: r.qbo_id for r in results})


def document_views(saved: SavedPlan, posted: Mapping[str, str]) -> list[dict[str, Any]]:
    """What the background task shows of each document."""
    return [{"doc_number": d.doc_number, "qbo_id": posted.get(d.key), "kind": d.kind.value, "entity": d.entity,
             "business_date": d.business_date.isoformat(), "txn_date": d.txn_date.isoformat(),
             "transactions": d.transaction_count, "amount": format_amount(d.total_debits),
             "task_id": saved.task_id}
            for d in saved.plan.documents]
