"""Plans written down before the first QuickBooks write, and read back to resume them.

Each document is a `postings` row (status planned → posted with its QBO id); the plan's header
(ledger range, sync date, accounts, opening figures, document keys in order) is the task's
`plan` attribute in `runs`. The header is written after the rows, so a header always names rows
that exist; rows left by an attempt that died before its header are never read (nothing was
posted for them: no QBO write happens before the header and the tenant's open-plan mark).

Before its first post the executor stamps the header with `posting_started` (one UpdateItem per
plan, not per document): a plan loaded with that mark and documents still pending may have had
a write committed by QBO whose ids were never recorded, so it is looked up before it is resumed.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from pynamodb.exceptions import UpdateError

from chalicelib.domain.journal import JournalDocument, PostingPlan
from chalicelib.domain.serialize import plan_from_dict, plan_to_dict
from chalicelib.sync.ports import PostedDocument

BATCH_GET = 100
POSTING_STARTED = "posting_started"  # in the header: when the first post of the plan was attempted


@dataclass(frozen=True)
class SavedPlan:
    """A written plan and what of it is already posted (document key → QBO id)."""

    task_id: str
    plan: PostingPlan
    posted: Mapping[str, str] = field(default_factory=dict)
    posting_started: bool = False  # a QBO write of this plan may have been attempted

    @property
    def pending(self) -> list[Any]:
        return [d for d in self.plan.documents if d.key not in self.posted]


class PlanStore(Protocol):
    def write(self, task_id: str, plan: PostingPlan, realm_id: str | None = None) -> None:
        """Write the plan's rows then its header; `realm_id` is the company it will post to."""

    def load(self, tenant_id: str, task_id: str) -> SavedPlan | None: ...

    def record(self, tenant_id: str, task_id: str, posted: Sequence[PostedDocument], now: dt.datetime) -> None:
        """Mark each posted document with its QBO id (as soon as it is known)."""

    def mark_posting(self, saved: SavedPlan, now: dt.datetime) -> None:
        """Note, before the plan's first post, that QuickBooks may from now on hold some of it."""

    def redate(self, saved: SavedPlan, documents: Sequence[JournalDocument]) -> SavedPlan:
        """Replace unposted documents (same keys) with re-dated ones; a posted one is never touched."""


def split(plan: PostingPlan) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The plan as (header, document dicts); `join` is the inverse."""
    data = plan_to_dict(plan)
    documents = data.pop("documents")
    data["keys"] = [d["key"] for d in documents]
    return data, documents


def join(header: Mapping[str, Any], documents: Mapping[str, Mapping[str, Any]]) -> PostingPlan:
    data = {k: v for k, v in header.items() if k not in ("keys", POSTING_STARTED)}
    data["documents"] = [documents[key] for key in header["keys"]]
    return plan_from_dict(data)


def document_dict(document: JournalDocument) -> dict[str, Any]:
    """One document as a postings row stores it (the plan's own serialization)."""
    shell = PostingPlan("", "", document.txn_date, 0, 0, False, (document,), (), ())
    return split(shell)[1][0]


def document_from_dict(data: Mapping[str, Any]) -> JournalDocument:
    """The inverse of `document_dict`."""
    shell = {"tenant_id": "", "run_id": "", "sync_date": data["txn_date"], "cursor": 0, "upto": 0,
             "first_sync": False, "documents": [dict(data)], "accounts": []}
    return plan_from_dict(shell).documents[0]


def with_documents(saved: SavedPlan, documents: Sequence[JournalDocument]) -> SavedPlan:
    """`saved` with `documents` in place of those of the same key."""
    by_key = {d.key: d for d in documents}
    plan = dataclasses.replace(saved.plan, documents=tuple(by_key.get(d.key, d) for d in saved.plan.documents))
    return dataclasses.replace(saved, plan=plan)


class DynamoPlanStore:
    def __init__(self, models: Any) -> None:
        self.Posting = models.Posting
        self.Run = models.Run

    def write(self, task_id: str, plan: PostingPlan, realm_id: str | None = None) -> None:
        header, documents = split(plan)
        with self.Posting.batch_write() as batch:
            for doc in documents:
                batch.save(self.Posting(plan.tenant_id, doc["key"], task_id=task_id,
                                        doc_number=doc["doc_number"], txn_date=doc["txn_date"],
                                        document=doc, status="planned", realm_id=realm_id))
        self.Run(plan.tenant_id, task_id).update(
            actions=[self.Run.plan.set(header), self.Run.range_from.set(plan.cursor),
                     self.Run.range_to.set(plan.upto), self.Run.first_sync.set(plan.first_sync),
                     self.Run.business_date.set(plan.sync_date.isoformat())],
            condition=self.Run.task_id.exists())

    def load(self, tenant_id: str, task_id: str) -> SavedPlan | None:
        try:
            run = self.Run.get(tenant_id, task_id, consistent_read=True)
        except self.Run.DoesNotExist:
            return None
        if not run.plan:
            return None
        keys = list(run.plan["keys"])
        rows = {}
        for start in range(0, len(keys), BATCH_GET):
            chunk = [(tenant_id, k) for k in keys[start:start + BATCH_GET]]
            rows.update({r.doc_key: r for r in self.Posting.batch_get(chunk, consistent_read=True)})
        plan = join(run.plan, {k: r.document for k, r in rows.items()})
        posted = {k: r.qbo_id for k, r in rows.items() if r.qbo_id}
        return SavedPlan(task_id, plan, posted, posting_started=bool(run.plan.get(POSTING_STARTED)))

    def mark_posting(self, saved: SavedPlan, now: dt.datetime) -> None:
        header = {**split(saved.plan)[0], POSTING_STARTED: now.isoformat()}  # the header is JSON: set whole
        self.Run(saved.plan.tenant_id, saved.task_id).update(actions=[self.Run.plan.set(header)],
                                                             condition=self.Run.task_id.exists())

    def redate(self, saved: SavedPlan, documents: Sequence[JournalDocument]) -> SavedPlan:
        P = self.Posting
        for doc in documents:
            if doc.key in saved.posted:
                raise ValueError(f"document {doc.key} is posted: it is never edited")
            P(saved.plan.tenant_id, doc.key).update(
                actions=[P.document.set(document_dict(doc)), P.txn_date.set(doc.txn_date.isoformat())],
                condition=P.doc_key.exists() & P.qbo_id.does_not_exist())
        return with_documents(saved, documents)

    def record(self, tenant_id: str, task_id: str, posted: Sequence[PostedDocument], now: dt.datetime) -> None:
        P = self.Posting
        for doc in posted:
            try:
                P(tenant_id, doc.key).update(
                    actions=[P.status.set("posted"), P.qbo_id.set(doc.qbo_id), P.posted_at.set(now)],
                    condition=P.doc_key.exists())
            except UpdateError as exc:  # pragma: no cover - a posted document we never planned
                raise RuntimeError(f"posted document {doc.key} has no plan row") from exc
