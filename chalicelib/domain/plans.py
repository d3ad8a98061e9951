"""QuickBooks Online plans, and what each allows (the seed needs Essentials or higher)."""
from __future__ import annotations

from enum import IntEnum


class QboPlan(IntEnum):
    """Ordered, so `plan >= QboPlan.PLUS` reads as "Plus or higher"."""

    SIMPLE_START = 1
    ESSENTIALS = 2
    PLUS = 3
    ADVANCED = 4

    @property
    def label(self) -> str:
        return "QuickBooks Online " + self.name.replace("_", " ").title()


def plan_from_sku(offering_sku: str) -> QboPlan:
    """Read `CompanyInfo` OfferingSku ("QuickBooks Online Plus"); unknown text → Simple Start."""
    text = offering_sku.casefold()
    for plan in (QboPlan.ADVANCED, QboPlan.PLUS, QboPlan.ESSENTIALS):
        if plan.name.casefold() in text:
            return plan
    return QboPlan.SIMPLE_START
