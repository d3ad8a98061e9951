"""Classbooks' documents standing in the connected company, read from the `postings` table.

Read at reset, undo and Go Live time only (never at night): one Query of the tenant's postings.
A row planned for another company (its `realm_id`) does not stand in this one; rows written
before the field existed are taken as the current company's.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from pynamodb.expressions.update import Action

from chalicelib.domain.journal import JournalDocument
from chalicelib.domain.standing import StandingDocument
from chalicelib.sync.plans import document_dict, document_from_dict

POSTED, REVERSAL = "posted", "reversal"


class DynamoStandingDocuments:
    def __init__(self, models: Any) -> None:
        self.Posting = models.Posting

    def standing(self, tenant_id: str, realm_id: str | None) -> list[StandingDocument]:
        posting = self.Posting
        standing = (posting.status == POSTED) & posting.undone.does_not_exist()
        rows = posting.query(tenant_id, filter_condition=standing)
        return [StandingDocument(document_from_dict(r.document), str(r.qbo_id), r.task_id) for r in rows
                if r.qbo_id and (r.realm_id is None or r.realm_id == realm_id)
                and (r.document or {}).get("entity", "JournalEntry") == "JournalEntry"]

    def mark_undone(self, tenant_id: str, key: str, how: str, now: dt.datetime, by: str | None = None) -> None:
        posting = self.Posting
        actions: list[Action] = [posting.undone.set(how), posting.undone_at.set(now)]
        if by:
            actions.append(posting.undone_by.set(by))
        posting(tenant_id, key).update(actions=actions, condition=posting.doc_key.exists())

    def find(self, tenant_id: str, key: str) -> Any | None:
        """One postings row by its document key (None: there is none)."""
        try:
            return self.Posting.get(tenant_id, key, consistent_read=True)
        except self.Posting.DoesNotExist:
            return None

    def record_correction(self, tenant_id: str, task_id: str, realm_id: str | None, document: JournalDocument,
                          qbo_id: str, now: dt.datetime) -> None:
        """A drift correction as a posted row: it stands like any Classbooks document (undo removes
        it after a reset) and its key marks the task corrected."""
        self.Posting(tenant_id, document.key, task_id=task_id, doc_number=document.doc_number,
                     txn_date=document.txn_date.isoformat(), document=document_dict(document),
                     status=POSTED, qbo_id=qbo_id, posted_at=now, realm_id=realm_id).save()

    def record_reversal(self, tenant_id: str, task_id: str, realm_id: str | None, document: JournalDocument,
                        qbo_id: str, now: dt.datetime) -> None:
        """The reversal as a postings row of its own (status `reversal`: it never stands)."""
        self.Posting(tenant_id, document.key, task_id=task_id, doc_number=document.doc_number,
                     txn_date=document.txn_date.isoformat(), document=document_dict(document),
                     status=REVERSAL, qbo_id=qbo_id, posted_at=now, realm_id=realm_id).save()
