"""A plan as plain JSON-safe data, so a run can write it down before posting and resume it.

Amounts travel as "12.50" strings and dates as ISO text; `plan_from_dict(plan_to_dict(p)) == p`.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from chalicelib.domain.accounts import AccountKey, AccountRole, AccountSpec
from chalicelib.domain.journal import (
    JOURNAL_ENTRY,
    DocumentKind,
    JournalDocument,
    JournalLine,
    OpeningFigures,
    PostingPlan,
    PostingType,
)
from chalicelib.domain.money import format_amount, parse_amount


def _key(key: AccountKey) -> dict[str, Any]:
    return {"role": key.role.value, "detail": key.detail}


def _figures(fig: OpeningFigures | None) -> dict[str, Any] | None:
    if fig is None:
        return None
    return {"as_of": fig.as_of.isoformat(), "receivables": format_amount(fig.receivables),
            "unapplied_credits": format_amount(fig.unapplied_credits),
            "gift_cards": format_amount(fig.gift_cards)}


def plan_to_dict(plan: PostingPlan) -> dict[str, Any]:
    """Everything in the plan, as JSON-safe data."""
    return {
        "tenant_id": plan.tenant_id, "run_id": plan.run_id, "sync_date": plan.sync_date.isoformat(),
        "cursor": plan.cursor, "upto": plan.upto, "first_sync": plan.first_sync,
        "transaction_count": plan.transaction_count, "classes": list(plan.classes),
        "opening": _figures(plan.opening), "pre_go_live_change": _figures(plan.pre_go_live_change),
        "accounts": [{"key": _key(s.key), "name": s.name, "account_type": s.account_type,
                      "account_subtype": s.account_subtype, "create": s.create,
                      "allowed_types": list(s.allowed_types)} for s in plan.accounts],
        "documents": [{
            "key": doc.key, "doc_number": doc.doc_number, "kind": doc.kind.value,
            "business_date": doc.business_date.isoformat(), "txn_date": doc.txn_date.isoformat(),
            "private_note": doc.private_note, "transaction_count": doc.transaction_count,
            **({"entity": doc.entity} if doc.entity != JOURNAL_ENTRY else {}),  # payouts (Deposit)
            "lines": [{"posting_type": ln.posting_type.value, "amount": format_amount(ln.amount),
                       "account": _key(ln.account), "class_name": ln.class_name,
                       "description": ln.description, "subject": ln.subject, "flow": ln.flow}
                      for ln in doc.lines],
        } for doc in plan.documents],
    }


def _read_key(data: dict[str, Any]) -> AccountKey:
    return AccountKey(AccountRole(data["role"]), data.get("detail"))


def _read_figures(data: dict[str, Any] | None) -> OpeningFigures | None:
    if data is None:
        return None
    return OpeningFigures(dt.date.fromisoformat(data["as_of"]), parse_amount(data["receivables"]),
                          parse_amount(data["unapplied_credits"]), parse_amount(data.get("gift_cards", "0.00")))


def plan_from_dict(data: dict[str, Any]) -> PostingPlan:
    """The inverse of `plan_to_dict`."""
    docs = tuple(JournalDocument(
        doc["key"], doc["doc_number"], DocumentKind(doc["kind"]),
        dt.date.fromisoformat(doc["business_date"]), dt.date.fromisoformat(doc["txn_date"]),
        doc["private_note"],
        tuple(JournalLine(PostingType(ln["posting_type"]), parse_amount(ln["amount"]),
                          _read_key(ln["account"]), ln.get("class_name"), ln["description"],
                          ln.get("subject"), ln.get("flow")) for ln in doc["lines"]),
        doc.get("transaction_count", 0), doc.get("entity", JOURNAL_ENTRY),
    ) for doc in data["documents"])
    specs = tuple(AccountSpec(_read_key(s["key"]), s["name"], s.get("account_type"),
                              s.get("account_subtype"), s.get("create", True),
                              tuple(s.get("allowed_types") or ())) for s in data["accounts"])
    return PostingPlan(
        data["tenant_id"], data["run_id"], dt.date.fromisoformat(data["sync_date"]), data["cursor"],
        data["upto"], data["first_sync"], docs, specs, tuple(data.get("classes", ())),
        _read_figures(data.get("opening")), _read_figures(data.get("pre_go_live_change")),
        data.get("transaction_count", 0),
    )
