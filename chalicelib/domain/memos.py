"""Private notes: every document names tenant, run, business date(s) and payment types."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from chalicelib.domain.journal import DocumentKind
from chalicelib.domain.lines import payment_label
from chalicelib.domain.settings import PostingSettings

MAX_NOTE = 4000  # QBO PrivateNote limit


def private_note(settings: PostingSettings, run_id: str, kind: DocumentKind,
                 business_date: dt.date, txn_date: dt.date, first: dt.date | None,
                 last: dt.date | None, payment_keys: Sequence[str]) -> str:
    """Where a document came from, in words a bookkeeper in QBO can follow."""
    if kind is DocumentKind.LUMP_SUM:
        span = f"{first or business_date} to {last or business_date}"
        what = f"first sync lump sum, business dates {span} (Go Live {settings.go_live_date})"
    elif kind is DocumentKind.OPENING:
        what = f"opening balances as of {business_date} (FIN-12 and receivables before Go Live)"
    elif kind is DocumentKind.OPENING_ADJUSTMENT:
        what = f"adjustment to opening balances as of {business_date} (late rows dated before Go Live)"
    elif first is None:  # no row of its own: see settle.py
        what = (f"reclassification between receivables and unapplied credits as of {business_date} "
                "(late rows dated earlier)")
    else:
        what = f"business date {business_date}"
    parts = [f"{settings.brand} sync for tenant {settings.tenant_id}", f"run {run_id}", what]
    types = ", ".join(payment_label(k) for k in payment_keys)
    parts.append(f"payment types: {types or 'none'}")
    if txn_date != business_date:
        parts.append(f"posted on {txn_date} because {business_date} is in the closed period "
                     f"(books closed through {settings.book_close_date})")
    return ("; ".join(parts) + ".")[:MAX_NOTE]
