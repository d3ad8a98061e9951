"""A plan's totals as the background task shows them (amounts as "12.50" strings)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from chalicelib.domain.journal import OpeningFigures, PostingPlan
from chalicelib.domain.money import format_amount
from chalicelib.domain.summary import summarize


def _amounts(values: Mapping[str, Any]) -> dict[str, str]:
    return {k: format_amount(v) for k, v in values.items()}


def figures_view(fig: OpeningFigures | None) -> dict[str, str] | None:
    if fig is None:
        return None
    return {"as_of": fig.as_of.isoformat(), "receivables": format_amount(fig.receivables),
            "unapplied_credits": format_amount(fig.unapplied_credits),
            "gift_cards_outstanding": format_amount(fig.gift_cards)}


def totals_view(plan: PostingPlan) -> dict[str, Any]:
    """Payments by payment type (net of refunds; refunds also apart), credits by type, revenue by
    category (net of tax), tax by name, gift cards sold, and the change of receivables and
    unapplied credits; opening figures on a first sync."""
    s = summarize(plan)
    return {"documents": s.documents, "transactions": s.transactions,
            "payments_by_type": _amounts(s.payments_by_type), "credits_by_type": _amounts(s.credits_by_type),
            "revenue_by_category": _amounts(s.revenue_by_category),
            "refunds_by_type": _amounts(s.refunds_by_type), "tax_by_name": _amounts(s.tax_by_name),
            "gift_cards_sold": format_amount(s.gift_cards_sold),
            "receivables_change": format_amount(s.receivables_change),
            "unapplied_credits_change": format_amount(s.unapplied_credits_change),
            "total_debits": format_amount(s.total_debits),
            "opening": figures_view(plan.opening), "pre_go_live_change": figures_view(plan.pre_go_live_change)}
