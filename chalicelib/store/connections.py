"""The connection use cases' other tables on DynamoDB (`chalicelib/services/ports.py`)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from pynamodb.exceptions import DeleteError, DoesNotExist, PutError, UpdateError

from chalicelib.domain.schedule import LastRun, Trigger
from chalicelib.services.ports import OAuthState
from chalicelib.store.models import Models

_FAILED = "ConditionalCheckFailedException"


class DynamoOAuthStates:
    def __init__(self, models: Models) -> None:
        self.S = models.OAuthState

    def issue(self, record: OAuthState) -> None:
        self.S(state=record.state, tenant_id=record.tenant_id, user_id=record.user_id,
               created_at=record.created_at, expires_at=record.expires_at,
               browser_hash=record.browser_hash).save(condition=self.S.state.does_not_exist())

    def get(self, state: str) -> OAuthState | None:
        try:
            m = self.S.get(state, consistent_read=True)
        except DoesNotExist:
            return None
        return OAuthState(m.state, m.tenant_id, m.user_id, m.created_at, m.expires_at, m.browser_hash, m.used_at)

    def spend(self, state: str, now: dt.datetime) -> bool:
        try:
            self.S(state=state).update(actions=[self.S.used_at.set(now)],
                                       condition=self.S.state.exists() & self.S.used_at.does_not_exist())
        except UpdateError as error:
            if error.cause_response_code != _FAILED:
                raise  # DynamoDB did not answer: not the same as "already spent"
            return False
        return True


class DynamoRealmClaims:
    def __init__(self, models: Models) -> None:
        self.C = models.RealmClaim

    def claim(self, realm_id: str, tenant_id: str, now: dt.datetime) -> bool:
        try:
            self.C(realm_id=realm_id, tenant_id=tenant_id, claimed_at=now).save(
                condition=self.C.realm_id.does_not_exist() | (self.C.tenant_id == tenant_id))
        except PutError as error:
            if error.cause_response_code != _FAILED:
                raise
            return False
        return True

    def release(self, realm_id: str, tenant_id: str) -> None:
        try:
            self.C(realm_id=realm_id).delete(condition=self.C.tenant_id == tenant_id)
        except DeleteError:
            pass

    def owner(self, realm_id: str) -> str | None:
        try:
            return str(self.C.get(realm_id, consistent_read=True).tenant_id)
        except DoesNotExist:
            return None


class DynamoPostedDocuments:
    def __init__(self, models: Models) -> None:
        self.P = models.Posting

    def posted(self, tenant_id: str) -> list[dict[str, Any]]:
        return [{"doc_number": p.doc_number, "txn_date": p.txn_date, "qbo_id": p.qbo_id,
                 "entity": (p.document or {}).get("entity", "JournalEntry"), "task_id": p.task_id,
                 "posted_at": p.posted_at.isoformat() if p.posted_at else None}
                for p in self.P.query(tenant_id, filter_condition=self.P.status == "posted")]


class DynamoLastRuns:
    def __init__(self, models: Models) -> None:
        self.R = models.Run

    def last_run(self, tenant_id: str, task_id: str) -> LastRun | None:
        try:
            run = self.R.get(tenant_id, task_id)
        except DoesNotExist:
            return None
        started = run.started_at or run.created_at
        return LastRun(started_at=started, trigger=Trigger(run.trigger), scheduled_for=run.scheduled_for)
