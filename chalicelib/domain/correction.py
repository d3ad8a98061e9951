"""The correcting entry the page offers for drift the read-back found (pure).

The read-back's finding is, per checked account, what Classbooks posted to it (`expected`) and
what QuickBooks holds (`actual`), both debit positive. The correction is one new balanced
JournalEntry: each drifted account gets its difference (expected - actual) back, and the net goes
to an offset account the admin picks from the chart (income, expense, cost of goods or equity:
never a bank, receivable, payable or one of Classbooks' own balance-sheet accounts). Nothing
posted is edited. It is dated on the first open date on or after today (the day after the books'
closed date when they are closed through today), as undo dates its reversals.

Classbooks' running totals are *not* moved by it: they are what the books should hold, and the
correction brings QuickBooks back to them, so the next read-back finds QuickBooks == totals.
The key (and so the DocNumber) depends only on the tenant and the task: one correction per task.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from chalicelib.domain.account_types import ALLOWED_TYPES
from chalicelib.domain.accounts import AccountKey, AccountRole, AccountSpec, clean_full_name
from chalicelib.domain.drift import Drift
from chalicelib.domain.errors import DomainError
from chalicelib.domain.journal import DocumentKind, JournalDocument, JournalLine, PostingType
from chalicelib.domain.keys import KEY_PREFIX, doc_number
from chalicelib.domain.memos import MAX_NOTE
from chalicelib.domain.money import ZERO, format_amount, parse_amount
from chalicelib.domain.subaccounts import by_full_name, full_name

OFFSET_TYPES = ALLOWED_TYPES[AccountRole.CORRECTION_OFFSET]
SUGGESTED_OFFSET = "Reconciliation Discrepancies"  # QuickBooks' own account for reconciliation differences
FLOW = "correction"


class CorrectionRefused(DomainError, ValueError):
    """No correction can be made as asked (the reason is for the admin)."""

    code = "correction_refused"


def findings(readback: Mapping[str, Any] | None) -> list[Drift]:
    """The drift a task's read-back found, as `Drift`s; refused when it found none."""
    if not readback or readback.get("status") != "drift" or not readback.get("accounts"):
        raise CorrectionRefused("this task's read-back found no drift: there is nothing to correct")
    return [Drift(str(a["account"]), parse_amount(a["expected"]), parse_amount(a["in_quickbooks"]))
            for a in readback["accounts"]]


def correction_key(tenant_id: str, task_id: str) -> str:
    digest = hashlib.sha256("\x1f".join((tenant_id, task_id, FLOW)).encode()).hexdigest()
    return KEY_PREFIX + digest[:40]


def offset_spec(name: str) -> AccountSpec:
    """The admin's offset account: found in the chart, never created."""
    name = clean_full_name(name)
    return AccountSpec(AccountKey(AccountRole.CORRECTION_OFFSET, name), name, None, None, False, OFFSET_TYPES)


def offset_refusal(name: str, chart: Iterable[Mapping[str, Any]]) -> str | None:
    """Why `name` cannot take the offset (None: it can). `chart`: the company's active accounts."""
    found = by_full_name(chart).get(name.casefold())
    if found is None:
        return f'QuickBooks has no active account named "{name}"; pick an existing account.'
    if found.get("AccountType") not in OFFSET_TYPES:
        return (f'"{full_name(found)}" is a {found.get("AccountType")} account; the offset of a correction must '
                f"be an account of type {', '.join(OFFSET_TYPES)}.")
    return None


def offset_choices(chart: Iterable[Mapping[str, Any]]) -> list[str]:
    return sorted({full_name(a) for a in chart if a.get("AccountType") in OFFSET_TYPES and full_name(a)},
                  key=str.casefold)


def suggested_offset(choices: Sequence[str]) -> str | None:
    """QuickBooks' Reconciliation Discrepancies account when the chart has one; else the admin picks."""
    return next((c for c in choices if c.casefold() == SUGGESTED_OFFSET.casefold()), None)


def correcting_entry(tenant_id: str, task_id: str, business_date: dt.date, drift: Sequence[Drift],
                     accounts: Iterable[AccountSpec], offset: AccountSpec, on: dt.date) -> JournalDocument:
    """One balanced entry: expected - actual back to each drifted account, the net to `offset`."""
    keys = {s.name.casefold(): s for s in accounts}
    lines: list[JournalLine] = []
    net = ZERO
    for d in sorted(drift, key=lambda x: x.account.casefold()):
        spec = keys.get(d.account.casefold())
        if spec is None:
            raise CorrectionRefused(f'"{d.account}" is not one of the accounts Classbooks checks any more '
                                    "(the mapping changed): sync again and correct from the new task")
        back = d.expected - d.actual
        if back == ZERO:
            continue
        net += back
        lines.append(_line(back, spec.key, f"Correction: puts back {format_amount(back)} (debit positive) "
                                           f"so {d.account} holds what Classbooks posted"))
    if not lines:
        raise CorrectionRefused("the drift found nets to nothing in each account: there is nothing to correct")
    if net != ZERO:
        lines.append(_line(-net, offset.key, f"Correction offset for sync task {task_id}"))
    key = correction_key(tenant_id, task_id)
    return JournalDocument(key, doc_number(key), DocumentKind.CORRECTION, business_date, on,
                           memo(task_id, business_date, drift, offset.name), tuple(lines))


def _line(signed: Decimal, account: AccountKey, description: str) -> JournalLine:
    side = PostingType.DEBIT if signed > ZERO else PostingType.CREDIT
    return JournalLine(side, abs(signed), account, None, description[:4000], flow=FLOW)


def memo(task_id: str, business_date: dt.date, drift: Sequence[Drift], offset: str) -> str:
    parts = [f"{d.account}: Classbooks posted {format_amount(d.expected)}, QuickBooks held "
             f"{format_amount(d.actual)}" for d in sorted(drift, key=lambda x: x.account.casefold())]
    note = (f"Classbooks correction of drift found by sync task {task_id} (read-back of {business_date}), "
            f"debit positive: {'; '.join(parts)}. Offset: {offset}. Corrects by a new entry; nothing was edited.")
    return note[:MAX_NOTE]
