"""In-memory `DynamoStandingDocuments` (chalicelib/sync/standing_store.py) over `FakePlans`' rows.

The postings a run records are the plan store's rows with a QBO id; corrections and reversals
are rows of their own here. Same filter as the adapter: a row stands while it is posted, not
undone, a JournalEntry, and planned for the company asked about (or for none recorded).
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from chalicelib.domain.journal import JournalDocument
from chalicelib.domain.standing import StandingDocument
from chalicelib.sync.plans import document_dict, document_from_dict
from tests.fakes.sync import FakePlans


class FakeStandingDocuments:
    def __init__(self, plans: FakePlans) -> None:
        self.plans = plans
        self.undone: dict[tuple[str, str], tuple[str, dt.datetime, str | None]] = {}
        self.extra: dict[tuple[str, str], dict[str, Any]] = {}  # corrections and reversals

    def _rows(self, tenant_id: str) -> list[dict[str, Any]]:
        p = self.plans
        rows = [{"key": k, "document": p.rows[(t, k)], "status": "posted", "qbo_id": q,
                 "task_id": p.tasks_of.get((t, k), ""), "realm_id": p.realms.get((t, k))}
                for (t, k), q in p.qbo_ids.items() if t == tenant_id]
        rows += [dict(r, key=k) for (t, k), r in self.extra.items() if t == tenant_id]
        return sorted(rows, key=lambda r: r["key"])  # the table's sort key

    def standing(self, tenant_id: str, realm_id: str | None) -> list[StandingDocument]:
        return [StandingDocument(document_from_dict(r["document"]), str(r["qbo_id"]), r["task_id"])
                for r in self._rows(tenant_id)
                if r["status"] == "posted" and (tenant_id, r["key"]) not in self.undone and r["qbo_id"]
                and (r["realm_id"] is None or r["realm_id"] == realm_id)
                and (r["document"] or {}).get("entity", "JournalEntry") == "JournalEntry"]

    def mark_undone(self, tenant_id: str, key: str, how: str, now: dt.datetime, by: str | None = None) -> None:
        if not any(r["key"] == key for r in self._rows(tenant_id)):
            raise KeyError(key)  # the adapter's condition: the row exists
        self.undone[(tenant_id, key)] = (how, now, by)

    def find(self, tenant_id: str, key: str) -> dict[str, Any] | None:
        return next((r for r in self._rows(tenant_id) if r["key"] == key), None)

    def _extra(self, status: str, tenant_id: str, task_id: str, realm_id: str | None, document: JournalDocument,
               qbo_id: str) -> None:
        self.extra[(tenant_id, document.key)] = {"document": document_dict(document), "status": status,
                                                 "qbo_id": qbo_id, "task_id": task_id, "realm_id": realm_id}

    def record_correction(self, tenant_id: str, task_id: str, realm_id: str | None, document: JournalDocument,
                          qbo_id: str, now: dt.datetime) -> None:
        self._extra("posted", tenant_id, task_id, realm_id, document, qbo_id)

    def record_reversal(self, tenant_id: str, task_id: str, realm_id: str | None, document: JournalDocument,
                        qbo_id: str, now: dt.datetime) -> None:
        self._extra("reversal", tenant_id, task_id, realm_id, document, qbo_id)
