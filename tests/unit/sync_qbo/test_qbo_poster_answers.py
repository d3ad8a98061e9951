"""Answers the sandbox cannot give (6140 duplicate DocNumber, a stubborn 401), from a scripted QBO."""
from __future__ import annotations

import datetime as dt
import json
from collections import deque
from decimal import Decimal

import pytest

from chalicelib.domain.accounts import AccountKey, AccountRole
from chalicelib.domain.journal import DocumentKind, JournalDocument, JournalLine, PostingType
from chalicelib.quickbooks.errors import InvalidGrant, NeedsReauthorization
from chalicelib.sync.ports import QuickBooksRefused, References
from chalicelib.sync.qbo import Credentials, QboGateway, QboPoster, RealmThrottle
from tests.unit.sync_qbo.answers import Answer

DUPLICATE = {"Fault": {"Error": [{"Message": "Duplicate Document Number Error",
                                  "Detail": "Duplicate Document Number Error : You must specify a "
                                            "different number. This number has already been used.",
                                  "code": "6140"}], "type": "ValidationFault"}}


class ScriptedQbo:
    """Plays answers per endpoint in order and remembers every request (a fake, not a mock)."""

    def __init__(self, **script: list[Answer]) -> None:
        self.script = {path: deque(answers) for path, answers in script.items()}
        self.requests: list[tuple[str, dict[str, str], str]] = []

    def post(self, url: str, data: bytes, params: dict[str, str], headers: dict[str, str],
             timeout: object) -> Answer:
        path = url.rsplit("/", 1)[-1]
        self.requests.append((path, params, data.decode()))
        return self.script[path].popleft()


class Tokens:
    def __init__(self, fail_refresh: Exception | None = None) -> None:
        self.refreshes, self.fail_refresh = 0, fail_refresh

    def __call__(self, *, force_refresh: bool = False) -> Credentials:
        if force_refresh:
            self.refreshes += 1
            if self.fail_refresh:
                raise self.fail_refresh
        return Credentials(f"token-{self.refreshes}", "realm-1")


def _doc(n: int) -> JournalDocument:
    account = AccountKey(AccountRole.RECEIVABLES_CLEARING)
    lines = (JournalLine(PostingType.DEBIT, Decimal("1.00"), account, None, "d"),
             JournalLine(PostingType.CREDIT, Decimal("1.00"), account, None, "c"))
    return JournalDocument(f"cb-key-{n}", f"CB-DOC{n}", DocumentKind.DAILY, dt.date(2026, 3, n),
                           dt.date(2026, 3, n), "note", lines)


REFS = References({"receivables_clearing": "7"})


def _poster(qbo: ScriptedQbo, tokens: Tokens | None = None) -> QboPoster:
    client = QboGateway(tokens or Tokens(), api_base="https://qbo.test/v3/company/", session=qbo,  # type: ignore[arg-type]
                        throttle=lambda realm: RealmThrottle(), sleep=lambda s: None)
    return QboPoster(client)


def _found(*pairs: tuple[str, str]) -> Answer:
    return Answer(200, {"QueryResponse": {"JournalEntry": [{"Id": i, "DocNumber": n} for i, n in pairs]}})


def test_a_duplicate_doc_number_on_a_single_create_is_resolved_by_a_look_up():
    qbo = ScriptedQbo(journalentry=[Answer(400, DUPLICATE)], query=[_found(("41", "CB-DOC1"))])
    posted = _poster(qbo).post([_doc(1)], REFS)
    assert [(p.qbo_id, p.found_existing) for p in posted] == [("41", True)]
    assert "DocNumber IN ('CB-DOC1')" in qbo.requests[1][2]


def test_a_duplicate_doc_number_inside_a_batch_is_looked_up_with_the_others_posted():
    batch = {"BatchItemResponse": [{"bId": "0", "JournalEntry": {"Id": "50", "DocNumber": "CB-DOC1"}},
                                   {"bId": "1", **DUPLICATE}]}
    qbo = ScriptedQbo(batch=[Answer(200, batch)], query=[_found(("33", "CB-DOC2"))])
    posted = _poster(qbo).post([_doc(1), _doc(2)], REFS)
    assert [(p.qbo_id, p.found_existing) for p in posted] == [("50", False), ("33", True)]


def test_a_duplicate_doc_number_that_cannot_be_found_is_refused():
    qbo = ScriptedQbo(journalentry=[Answer(400, DUPLICATE)], query=[Answer(200, {"QueryResponse": {}})])
    with pytest.raises(QuickBooksRefused, match="Duplicate Document Number"):
        _poster(qbo).post([_doc(1)], REFS)


def test_batch_items_use_index_bids_and_a_requestid_of_at_most_36_characters():
    batch = {"BatchItemResponse": [{"bId": "1", "JournalEntry": {"Id": "2"}},
                                   {"bId": "0", "JournalEntry": {"Id": "1"}}]}
    qbo = ScriptedQbo(batch=[Answer(200, batch)])
    posted = _poster(qbo).post([_doc(1), _doc(2)], REFS)
    _, params, body = qbo.requests[0]
    assert [i["bId"] for i in json.loads(body)["BatchItemRequest"]] == ["0", "1"]
    assert len(params["requestid"]) <= 36
    assert [p.qbo_id for p in posted] == ["1", "2"]


def test_a_lone_document_is_sent_with_its_key_as_requestid():
    qbo = ScriptedQbo(journalentry=[Answer(200, {"JournalEntry": {"Id": "9", "DocNumber": "CB-DOC1"}})])
    _poster(qbo).post([_doc(1)], REFS)
    assert qbo.requests[0][1]["requestid"] == "cb-key-1"


def test_a_401_after_a_refresh_asks_for_reauthorisation():
    unauthorised = Answer(401, {"fault": {"error": [{"code": "3200"}]}})
    tokens = Tokens()
    with pytest.raises(NeedsReauthorization):
        _poster(ScriptedQbo(journalentry=[unauthorised, unauthorised]), tokens).post([_doc(1)], REFS)
    assert tokens.refreshes == 1


def test_the_connect_sides_invalid_grant_becomes_reauthorisation_needed():
    unauthorised = Answer(401, {"fault": {"error": [{"code": "3200"}]}})
    tokens = Tokens(fail_refresh=InvalidGrant("refresh token revoked"))
    with pytest.raises(NeedsReauthorization, match="renewed"):
        _poster(ScriptedQbo(journalentry=[unauthorised]), tokens).post([_doc(1)], REFS)


def test_a_document_without_a_resolved_account_is_refused_before_any_write():
    qbo = ScriptedQbo()
    with pytest.raises(QuickBooksRefused, match="references were not resolved"):
        _poster(qbo).post([_doc(1)], References({}))
    assert qbo.requests == []


def test_recover_finds_earlier_posted_documents_with_one_doc_number_query():
    qbo = ScriptedQbo(query=[_found(("12", "CB-DOC2"), ("9", "CB-DOC2"))])
    found = _poster(qbo).recover([_doc(1), _doc(2), _doc(3)])
    assert [(p.key, p.qbo_id) for p in found] == [("cb-key-2", "9")]
    assert [path for path, _, _ in qbo.requests] == ["query"]
