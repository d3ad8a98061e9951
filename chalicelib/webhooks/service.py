"""Record that an accountant changed, voided or deleted a journal entry the connector posted.

Each change to a JournalEntry on a realm a tenant has claimed, whose id is one of that tenant's
postings, becomes one `AuditEvent` under the tenant's subject (`tenant#<id>`, beside connects and
resets, so support and the admin see it in the tenant's history). Anything else (other entities,
unknown realms, documents someone else created, and the Create notification of our own
posting) is counted and ignored. The audit sort key comes
from the notification itself, and the write is conditional: Intuit's retries record once.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pynamodb.exceptions import PutError

from chalicelib.quickbooks.audit import INTUIT, subject
from chalicelib.store.models import Models
from chalicelib.webhooks.events import EntityChange

ACTION = "qbo_document_changed"
WATCHED = "journalentry"


@dataclass
class Outcome:
    recorded: int = 0
    duplicates: int = 0
    ignored: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"recorded": self.recorded, "duplicates": self.duplicates, "ignored": self.ignored}


@dataclass(frozen=True)
class Posted:
    tenant_id: str
    doc_number: str
    task_id: str


class WebhookService:
    def __init__(self, models: Models) -> None:
        self._m = models
        self._postings: dict[tuple[str, str], Posted | None] = {}  # (tenant, qbo_id) -> posting

    def handle(self, changes: Iterable[EntityChange]) -> Outcome:
        outcome = Outcome()
        for change in changes:
            posted = self._posted(change)
            if posted is None:
                outcome.ignored += 1
            elif self._record(change, posted):
                outcome.recorded += 1
            else:
                outcome.duplicates += 1
        return outcome

    def _tenant_for(self, realm_id: str) -> str | None:
        if not (realm_id.isdecimal() and len(realm_id) <= 32):  # Intuit's company ids; nothing else is a key
            return None
        try:
            return str(self._m.RealmClaim.get(realm_id, consistent_read=True).tenant_id)
        except self._m.RealmClaim.DoesNotExist:
            return None

    def _posted(self, change: EntityChange) -> Posted | None:
        if change.entity.lower() != WATCHED or change.operation == "Create":
            return None  # a Create of our own posting is our write, not an accountant's change
        tenant_id = self._tenant_for(change.realm_id)
        if tenant_id is None:
            return None
        key = (tenant_id, change.entity_id)
        if key not in self._postings:  # the sparse qbo_id index: flat in the tenant's postings
            P, found = self._m.Posting, None
            for hit in P.qbo_index.query(change.entity_id, P.tenant_id == tenant_id, limit=1):
                try:
                    row = P.get(tenant_id, hit.doc_key, attributes_to_get=["doc_number", "task_id"])
                except P.DoesNotExist:
                    break
                found = Posted(tenant_id, row.doc_number, row.task_id)
            self._postings[key] = found
        return self._postings[key]

    def _record(self, change: EntityChange, posted: Posted) -> bool:
        """Write the audit event once; False when this very notification was recorded before."""
        event = self._m.AuditEvent(
            subject=subject(posted.tenant_id), sk=change.key, actor=INTUIT[0], role=INTUIT[1],
            action=ACTION, at=change.last_updated,
            detail={"entity": "JournalEntry", "entity_id": change.entity_id,
                    "operation": change.operation, "doc_number": posted.doc_number,
                    "task_id": posted.task_id, "realm_id": change.realm_id,
                    "last_updated": change.last_updated.isoformat()})
        try:
            event.save(condition=self._m.AuditEvent.sk.does_not_exist())
        except PutError as error:
            if "ConditionalCheckFailed" in str(getattr(error, "cause_response_code", "")) \
                    or "ConditionalCheckFailed" in str(error):
                return False
            raise
        return True
