"""Posting plans made by the real planner, so the QBO tests post what a sync would post."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from chalicelib.domain.journal import PostingPlan
from chalicelib.domain.posting import plan_sync
from chalicelib.domain.settings import PostingSettings
from chalicelib.domain.transactions import PaymentType, Transaction, TxnType

GO_LIVE = dt.date(2026, 1, 1)
START = dt.date(2026, 3, 2)


def daily_plan(days: int = 1, *, start: dt.date = START, run_id: str = "run-1", cursor: int = 0,
               locations: Sequence[str] = ("L1",), categories: Sequence[str] = ("tuition",),
               class_tracking: bool = False, payment: str = "cash",
               opening_offset: str | None = None) -> PostingPlan:
    """One charge per category and one payment per location on each of `days` business dates."""
    rows: list[Transaction] = []
    for i in range(days):
        day = start + dt.timedelta(days=i)
        for location in locations:
            for category in categories:
                rows.append(Transaction(f"c{cursor + len(rows) + 1}", cursor + len(rows) + 1,
                                        TxnType.CHARGE, day, Decimal("100.10") + i, "fam-1",
                                        location, revenue_category=category))
            rows.append(Transaction(f"p{cursor + len(rows) + 1}", cursor + len(rows) + 1,
                                    TxnType.PAYMENT, day, Decimal("60.05"), "fam-1", location,
                                    payment_type=PaymentType(payment)))
    settings = PostingSettings(
        tenant_id="tenant-1", studio_name="Tumble Town", go_live_date=GO_LIVE,
        class_tracking=class_tracking,
        location_classes={loc: f"Location {loc}" for loc in locations},
        opening_offset_account=opening_offset)
    return plan_sync(settings, run_id=run_id, sync_date=start + dt.timedelta(days=days),
                     cursor=cursor, upto=cursor + len(rows), first_sync=False,
                     transactions=rows, history=[])
