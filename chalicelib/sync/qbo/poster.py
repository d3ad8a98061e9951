"""`QuickBooksPoster` over QBO: batches of ≤ 30 journal entries, each posted at most once.

A lone document is a single create with its key as `requestid`; several go through the batch
endpoint with a requestid derived from their keys and bIds that are indexes (QBO allows only
10 characters per bId when the batch has a requestid). Ids come from the write's answer, never
from a read. Besides `recover` (the executor's look-up before it resumes a plan whose posting
had started), only an ambiguous failure (timeout, dropped connection, 5xx) or a duplicate
DocNumber (6140) costs a read: one `DocNumber IN (...)` query, because `requestid` alone has
been reported to let duplicates through (QuickBooks-V3-DotNET-SDK #352).
"""
from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from chalicelib.domain.accounts import AccountSpec
from chalicelib.domain.drift import signed_balance
from chalicelib.domain.journal import DEPOSIT, JournalDocument, PostingPlan
from chalicelib.domain.plans import QboPlan
from chalicelib.quickbooks.errors import IntuitUnavailable
from chalicelib.quickbooks.gateway import CallCounters, QboGateway, Request
from chalicelib.quickbooks.wire import Fault, QboFault, dumps, faults_in, quote, request_id
from chalicelib.sync.ports import PeriodClosed, PostedDocument, QuickBooksRefused, References, SyncError
from chalicelib.sync.qbo.deposit import deposit
from chalicelib.sync.qbo.journal import journal_entry
from chalicelib.sync.qbo.references import ReferenceResolver, account_cache_key

MAX_BATCH = 30
DUPLICATE_DOC_NUMBER = "6140"  # Intuit's blog also lists 6210 for it: match the message too


CLOSED_PERIOD_CODES = ("5010", "6210")  # QBO reports "Account Period Closed" under 5010 (also seen: 6210)


def _period_closed(faults: list[Fault]) -> bool:
    return bool(faults) and all(f.code in CLOSED_PERIOD_CODES and "period closed" in f"{f.message} {f.detail}".lower()
                                for f in faults)


def _duplicate(faults: list[Fault]) -> bool:
    return any(f.code == DUPLICATE_DOC_NUMBER or "duplicate document number" in f.message.lower()
               for f in faults)


class QboPoster:
    """The adapter behind `chalicelib.sync.ports.QuickBooksPoster`."""

    def __init__(self, client: QboGateway, *, plan_tier: QboPlan | None = None,
                 batch_size: int = MAX_BATCH) -> None:
        if not 1 <= batch_size <= MAX_BATCH:
            raise ValueError(f"batch_size must be 1..{MAX_BATCH}")
        self._client, self._tier, self._size = client, plan_tier, batch_size

    @property
    def counters(self) -> CallCounters:
        return self._client.counters

    def ensure_references(self, plan: PostingPlan, cached: Mapping[str, str]) -> References:
        return ReferenceResolver(self._client, self._tier).ensure(plan, cached)

    def post(self, documents: Sequence[JournalDocument], references: References) -> list[PostedDocument]:
        payloads = {d.key: _payload(d, references) for d in documents}  # refuse before writing
        posted: list[PostedDocument] = []
        for start in range(0, len(documents), self._size):
            try:
                posted += self._post_chunk(documents[start:start + self._size], payloads)
            except SyncError as error:
                error.posted = tuple(posted) + tuple(error.posted)
                raise
        return posted

    def chart(self) -> list[dict[str, Any]]:
        """The company's active accounts (one metered query): where a correction's offset is chosen."""
        from chalicelib.sync.qbo.directory import Directory
        return Directory(self._client).accounts()

    def recover(self, documents: Sequence[JournalDocument]) -> list[PostedDocument]:
        found = self._look_up(documents)
        return [found[d.key] for d in documents if d.key in found]

    def delete(self, entries: Sequence[tuple[str, str]]) -> dict[str, str]:
        """Delete journal entries, given as (key, QBO id): key → "deleted", "gone" (not in QBO any
        more) or QBO's words for a refusal. One metered read finds their SyncTokens first."""
        outcome: dict[str, str] = {}
        tokens: dict[str, str] = {}
        ids = [qbo_id for _, qbo_id in entries]
        for start in range(0, len(ids), 1000):
            chunk_ids = ", ".join(quote(i) for i in ids[start:start + 1000])
            rows = self._client.query(f"select Id, SyncToken from JournalEntry where Id IN ({chunk_ids}) "
                                      "MAXRESULTS 1000").get("JournalEntry") or []
            tokens.update({str(r["Id"]): str(r.get("SyncToken", "0")) for r in rows})
        present = [(k, i) for k, i in entries if i in tokens]
        outcome.update({k: "gone" for k, i in entries if i not in tokens})
        for start in range(0, len(present), self._size):
            chunk = present[start:start + self._size]
            items = [{"bId": str(n), "operation": "delete", "JournalEntry": {"Id": i, "SyncToken": tokens[i]}}
                     for n, (_, i) in enumerate(chunk)]
            request = Request("batch", "batch", dumps({"BatchItemRequest": items}), write=True,
                              params={"requestid": request_id("delete", *(k for k, _ in chunk))}, batch=True)
            answer = self._client.send(functools.partial(_same, request)) or {}
            for item in answer.get("BatchItemResponse") or []:
                index = str(item.get("bId", ""))
                if not index.isdigit() or int(index) >= len(chunk):
                    continue
                key = chunk[int(index)][0]
                faults = faults_in(item)
                if not faults:
                    outcome[key] = "deleted"
                elif any(f.code == "610" for f in faults):
                    outcome[key] = "gone"
                else:
                    outcome[key] = "; ".join(f.plain() for f in faults)
        return outcome

    def account_balances(self, accounts: Sequence[AccountSpec], cached: Mapping[str, str],
                         as_of: dt.date) -> dict[str, Decimal]:
        """Each account's balance as of `as_of` (debit positive) from one BalanceSheet report
        (one metered read); an account the report leaves out is 0.00, one not cached is skipped."""
        ids = {s.name: cached.get(account_cache_key(s)) for s in accounts}
        request = Request("report", "reports/BalanceSheet", "", write=False,
                          params={"end_date": as_of.isoformat(), "accounting_method": "Accrual"}, method="GET")
        found: dict[str, Decimal] = {}
        _collect_rows(self._client.send(lambda: request) or {}, found)
        return {s.name: signed_balance(found.get(str(ids[s.name]), Decimal("0.00")), s.account_type)
                for s in accounts if ids[s.name]}

    def book_close_date(self) -> dt.date | None:
        rows = self._client.query("select * from Preferences").get("Preferences") or [{}]
        close = ((rows[0].get("AccountingInfoPrefs") or {}).get("BookCloseDate") or "").strip()
        return dt.date.fromisoformat(close[:10]) if close else None

    def _post_chunk(self, chunk: Sequence[JournalDocument], payloads: dict[str, Any]) -> list[PostedDocument]:
        done: dict[str, PostedDocument] = {}
        sent: list[JournalDocument] = []

        def make() -> Request | None:
            sent[:] = [d for d in chunk if d.key not in done]
            if not sent:
                return None
            if len(sent) == 1:
                return Request("create", sent[0].entity.lower(), dumps(payloads[sent[0].key]), write=True,
                               params={"requestid": sent[0].key})
            items = [{"bId": str(i), "operation": "create", d.entity: payloads[d.key]}
                     for i, d in enumerate(sent)]
            return Request("batch", "batch", dumps({"BatchItemRequest": items}), write=True,
                           params={"requestid": request_id("batch", *(d.key for d in sent))},
                           batch=True)

        def reconcile() -> None:
            done.update(self._look_up([d for d in chunk if d.key not in done]))
        try:
            answer = self._client.send(make, reconcile)
            outcomes = {} if answer is None else self._outcomes(sent, answer)
        except QboFault as fault:  # the whole call refused: each document sent shares the fault
            outcomes = {d.key: fault.faults for d in sent}
        self._settle(sent, outcomes, done, chunk)
        return [done[d.key] for d in chunk if d.key in done]

    def _outcomes(self, sent: list[JournalDocument], answer: dict[str, Any]) -> dict[str, Any]:
        """Each sent document's answer: the created JournalEntry (or Deposit), or its faults."""
        if len(sent) == 1 and "BatchItemResponse" not in answer:
            return {sent[0].key: answer.get(sent[0].entity)}
        out: dict[str, Any] = {}
        for item in answer.get("BatchItemResponse") or []:
            index = str(item.get("bId", ""))
            if index.isdigit() and int(index) < len(sent):
                entity = sent[int(index)].entity
                out[sent[int(index)].key] = item[entity] if entity in item else faults_in(item)
        return out

    def _settle(self, sent: list[JournalDocument], outcomes: dict[str, Any],
                done: dict[str, PostedDocument], chunk: Sequence[JournalDocument]) -> None:
        to_find, refusals = [], []
        for doc in sent:
            outcome = outcomes.get(doc.key)
            if isinstance(outcome, dict) and outcome.get("Id"):
                done[doc.key] = PostedDocument(doc.key, str(outcome["Id"]),
                                               str(outcome.get("DocNumber") or doc.doc_number))
            elif isinstance(outcome, list) and not _duplicate(outcome):
                refusals.append((doc, outcome))
            else:
                to_find.append(doc)  # a duplicate DocNumber, or no usable answer for it at all
        if to_find:
            done.update(self._look_up(to_find))
        missing = [d for d in to_find if d.key not in done]
        refusals += [(d, outcomes[d.key]) for d in missing if isinstance(outcomes.get(d.key), list)]
        lost = [d for d in missing if not isinstance(outcomes.get(d.key), list)]
        if refusals:
            raise _refused(refusals, done, chunk)
        if lost:
            error = IntuitUnavailable(
                f"QuickBooks gave no usable answer for {', '.join(d.doc_number for d in lost)} and "
                "they are not in QuickBooks; the sync will be retried later")
            error.posted = tuple(done[d.key] for d in chunk if d.key in done)
            raise error

    def _look_up(self, docs: Sequence[JournalDocument]) -> dict[str, PostedDocument]:
        """Find documents by DocNumber (one metered read per entity); the lowest Id wins if there are two."""
        found: dict[str, PostedDocument] = {}
        for entity in sorted({d.entity for d in docs}):
            found.update(self._look_up_entity(entity, [d for d in docs if d.entity == entity]))
        return found

    def _look_up_entity(self, entity: str, docs: Sequence[JournalDocument]) -> dict[str, PostedDocument]:
        numbers = ", ".join(quote(d.doc_number) for d in docs)
        rows = self._client.query(f"select Id, DocNumber from {entity} where DocNumber IN "
                                  f"({numbers}) MAXRESULTS 1000").get(entity) or []
        first: dict[str, str] = {}
        for row in sorted(rows, key=lambda r: int(str(r.get("Id", "0")))):
            first.setdefault(str(row.get("DocNumber")), str(row["Id"]))
        return {d.key: PostedDocument(d.key, first[d.doc_number], d.doc_number, found_existing=True)
                for d in docs if d.doc_number in first}


def _same(request: Request) -> Request:
    return request


def _collect_rows(node: Any, found: dict[str, Decimal]) -> None:
    """Each account row's (id → amount) anywhere in a report's nested Rows."""
    if isinstance(node, dict):
        cells = node.get("ColData")
        if node.get("type") == "Data" and isinstance(cells, list) and len(cells) >= 2:
            account_id, value = str(cells[0].get("id") or ""), str(cells[-1].get("value") or "")
            if account_id and value:
                found[account_id] = Decimal(value)
        for child in node.values():
            _collect_rows(child, found)
    elif isinstance(node, list):
        for child in node:
            _collect_rows(child, found)


def _refused(refusals: list[tuple[JournalDocument, list[Fault]]],
             done: dict[str, PostedDocument], chunk: Sequence[JournalDocument]) -> QuickBooksRefused:
    words = "; ".join(f"{_label(d)} {d.doc_number} dated {d.txn_date.isoformat()}: "
                      + "; ".join(f.plain() for f in faults) for d, faults in refusals)
    error: QuickBooksRefused
    if all(_period_closed(faults) for _, faults in refusals):
        error = PeriodClosed(f"QuickBooks refused {words}")
        error.refused = tuple(d.key for d, _ in refusals)
    else:
        error = QuickBooksRefused(f"QuickBooks refused {words}")
    error.codes = tuple(sorted({f.code for _, faults in refusals for f in faults}))
    error.posted = tuple(done[d.key] for d in chunk if d.key in done)
    return error


def _payload(doc: JournalDocument, references: References) -> dict[str, Any]:
    return deposit(doc, references) if doc.entity == DEPOSIT else journal_entry(doc, references)


def _label(doc: JournalDocument) -> str:
    return "deposit" if doc.entity == DEPOSIT else "journal entry"
