"""A run's documents as an accountant reads them: account, debit, credit, class, both totals,
the business dates each covers and why it exists; and the run's totals grouped by what they are.

The background task stores only a short view of each document (`executor.document_views`); this
view is built from the written plan when one task's details are opened, so the task record stays
small. Pure: the caller loads the plans and the previous sync's date.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from chalicelib.domain.journal import DocumentKind, JournalDocument, PostingPlan, PostingType
from chalicelib.domain.lines import payment_label
from chalicelib.domain.money import ZERO, format_amount
from chalicelib.domain.summary import summarize

_SPAN = re.compile(r"business dates (\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2})")
_CREDIT_LABELS = {"house": "House credit", "coupon": "Coupon", "gift_card": "Gift card", "other": "Other credit"}


def long_date(day: dt.date) -> str:
    """"Nov 3, 2026": the one way a person reads a business date on the page and in the CLI."""
    return f"{day:%b} {day.day}, {day.year}"


def credit_label(key: str) -> str:
    return _CREDIT_LABELS.get(key, key.replace("_", " ").capitalize())


def category_label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def covers(doc: JournalDocument) -> tuple[dt.date, dt.date]:
    """The business dates a document sums: a lump sum's span is the one its memo states."""
    if doc.kind is DocumentKind.LUMP_SUM:
        found = _SPAN.search(doc.private_note)
        if found:
            return dt.date.fromisoformat(found.group(1)), dt.date.fromisoformat(found.group(2))
    return doc.business_date, doc.business_date


def why(doc: JournalDocument, previous_sync: dt.date | None) -> str:
    """Why this document exists, in a sentence an accountant can check against the memo."""
    first, last = covers(doc)
    if doc.kind is DocumentKind.LUMP_SUM:
        text = (f"First sync: one lump sum of every transaction from {long_date(first)} to {long_date(last)}, "
                f"dated {long_date(doc.business_date)} (a first sync's entry ends at the sync date, a fiscal "
                "year's end, the books' close date or, if chosen, a month's end).")
    elif doc.kind is DocumentKind.OPENING:
        text = (f"Opening balances as of {long_date(doc.business_date)}, the day before the Go Live Date: "
                "receivables and unapplied credits from before it.")
    elif doc.kind is DocumentKind.OPENING_ADJUSTMENT:
        text = (f"Correction to the opening balances as of {long_date(doc.business_date)}: rows dated before "
                "the Go Live Date arrived after the first sync.")
    elif doc.kind is DocumentKind.PAYOUT:
        text = (f"A processor payout of {long_date(doc.business_date)}: a Deposit that moves the payments it "
                "settles from Merchant Settlement to the bank, net of the processor's fees.")
    elif doc.transaction_count == 0:
        text = (f"Reclassification between receivables and unapplied credits as of {long_date(doc.business_date)}: "
                "rows dated earlier arrived late and change how the families' balances split on this date. "
                "No revenue or payment is in it.")
    elif previous_sync is not None and doc.business_date <= previous_sync:
        text = (f"Late rows or corrections (voids, refunds) dated {long_date(doc.business_date)}, received after "
                f"the sync of {long_date(previous_sync)}: a new entry; what was posted before is not changed.")
    else:
        text = f"The transactions of {long_date(doc.business_date)}."
    if doc.txn_date != doc.business_date:
        text += (f" Posted on {long_date(doc.txn_date)} because {long_date(doc.business_date)} is in "
                 "QuickBooks' closed period.")
    return text


def _side(amount: Decimal, side: PostingType, wanted: PostingType) -> str:
    return format_amount(amount) if side is wanted else ""


def document_statement(doc: JournalDocument, names: Mapping[str, str], qbo_id: str | None,
                       previous_sync: dt.date | None) -> dict[str, Any]:
    first, last = covers(doc)
    return {
        "doc_number": doc.doc_number, "qbo_id": qbo_id, "kind": doc.kind.value, "entity": doc.entity,
        "txn_date": doc.txn_date.isoformat(), "covers": {"from": first.isoformat(), "to": last.isoformat()},
        "why": why(doc, previous_sync), "transactions": doc.transaction_count, "memo": doc.private_note,
        "lines": [{"account": names.get(str(ln.account), str(ln.account)),
                   "debit": _side(ln.amount, ln.posting_type, PostingType.DEBIT),
                   "credit": _side(ln.amount, ln.posting_type, PostingType.CREDIT),
                   "class": ln.class_name or "", "description": ln.description} for ln in doc.lines],
        "total_debit": format_amount(doc.total_debits), "total_credit": format_amount(doc.total_credits),
    }


def _group(values: Mapping[str, Decimal], label: Any) -> dict[str, Any]:
    rows = [{"key": k, "label": label(k), "amount": format_amount(v)} for k, v in values.items()]
    return {"rows": rows, "total": format_amount(sum(values.values(), ZERO))}


def totals_statement(plans: Iterable[PostingPlan]) -> dict[str, Any]:
    """Payments, credits and revenue each grouped with its own total; the two balance moves."""
    payments: dict[str, Decimal] = {}
    credit_sums: dict[str, Decimal] = {}
    revenue: dict[str, Decimal] = {}
    d_ar = d_uc = debits = ZERO
    for plan in plans:
        s = summarize(plan)
        for into, values in ((payments, s.payments_by_type), (credit_sums, s.credits_by_type),
                             (revenue, s.revenue_by_category)):
            for key, value in values.items():
                into[key] = into.get(key, ZERO) + value
        d_ar, d_uc, debits = d_ar + s.receivables_change, d_uc + s.unapplied_credits_change, debits + s.total_debits
    return {"payments": _group(dict(sorted(payments.items())), payment_label),
            "credits": _group(dict(sorted(credit_sums.items())), credit_label),
            "revenue": _group(dict(sorted(revenue.items())), category_label),
            "receivables_change": format_amount(d_ar), "unapplied_credits_change": format_amount(d_uc),
            "total_debits": format_amount(debits)}


def task_statement(plans: Sequence[tuple[PostingPlan, Mapping[str, str]]],
                   previous_sync: dt.date | None) -> dict[str, Any]:
    """Every document of a task's plans (an inherited unfinished plan first), the dates they cover,
    and the grouped totals. `plans` pairs each plan with its posted ids (document key → QBO id)."""
    documents = []
    for plan, posted in plans:
        names = {str(s.key): s.name for s in plan.accounts}
        documents += [document_statement(d, names, posted.get(d.key), previous_sync) for d in plan.documents]
    spans = [covers(d) for plan, _ in plans for d in plan.documents]
    span = {"from": min(a for a, _ in spans).isoformat(), "to": max(b for _, b in spans).isoformat()} if spans else None
    return {"documents": documents, "covers": span, "totals": totals_statement(p for p, _ in plans)}


def load_statement(plans: Any, tasks: Any, task: Any) -> dict[str, Any] | None:
    """`task_statement` for a stored task: its plans (by the task ids its documents name) and the
    date of the newest succeeded sync before it. None when the task has no written plan."""
    plan_ids = list(dict.fromkeys(d.get("task_id") or task.task_id for d in task.documents)) or [task.task_id]
    loaded = [saved for saved in (plans.load(task.tenant_id, tid) for tid in plan_ids) if saved is not None]
    if not loaded:
        return None
    earlier, _ = tasks.page(task.tenant_id, 20, None)
    previous = next((t.business_date for t in earlier if t.created_at < task.created_at
                     and t.status == "succeeded" and t.business_date), None)
    return task_statement([(s.plan, s.posted) for s in loaded],
                          dt.date.fromisoformat(previous) if previous else None)
