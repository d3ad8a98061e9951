"""What a plan amounts to, for the background-task view and the preview (posts nothing)."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Mapping

from chalicelib.domain.accounts import AccountRole
from chalicelib.domain.journal import DocumentKind, PostingPlan
from chalicelib.domain.money import ZERO, format_amount

_PAYMENT_ROLES = (AccountRole.MERCHANT_SETTLEMENT, AccountRole.PAYMENTS_TO_DEPOSIT)


@dataclass(frozen=True)
class PlanSummary:
    """Net totals of a plan. Payments and credits are debits (positive = money in / credit given);
    revenue is credits (positive = revenue booked); changes are what the accounts move by."""

    documents: int
    transactions: int
    payments_by_type: Mapping[str, Decimal]
    credits_by_type: Mapping[str, Decimal]
    revenue_by_category: Mapping[str, Decimal]
    receivables_change: Decimal
    unapplied_credits_change: Decimal
    total_debits: Decimal


def summarize(plan: PostingPlan) -> PlanSummary:
    """Sum every line of every document of `plan` by what it is about."""
    payments: dict[str, Decimal] = {}
    credits: dict[str, Decimal] = {}
    revenue: dict[str, Decimal] = {}
    d_ar = d_uc = ZERO
    for doc in plan.documents:
        for ln in doc.lines if doc.kind is not DocumentKind.PAYOUT else ():  # payouts move no family money
            role = ln.account.role
            if role in _PAYMENT_ROLES:
                payments[ln.subject or ""] = payments.get(ln.subject or "", ZERO) + ln.signed
            elif role is AccountRole.DISCOUNTS_AND_CREDITS:
                credits[ln.subject or ""] = credits.get(ln.subject or "", ZERO) + ln.signed
            elif role is AccountRole.REVENUE:
                revenue[ln.subject or ""] = revenue.get(ln.subject or "", ZERO) - ln.signed
            elif role is AccountRole.RECEIVABLES_CLEARING:
                d_ar += ln.signed
            elif role is AccountRole.UNAPPLIED_CREDITS:
                d_uc -= ln.signed
    return PlanSummary(
        len(plan.documents), plan.transaction_count, dict(sorted(payments.items())),
        dict(sorted(credits.items())), dict(sorted(revenue.items())), d_ar, d_uc,
        sum((d.total_debits for d in plan.documents), ZERO),
    )


def preview_text(plan: PostingPlan, names: Mapping[str, str] | None = None) -> str:
    """A plain-text rendering of the plan (the display-only executor). `names` maps
    `str(AccountKey)` → account name; by default the plan's own account specs are used."""
    names = dict(names or {str(s.key): s.name for s in plan.accounts})
    out = [f"Sync plan for {plan.tenant_id}, run {plan.run_id}, ledger ({plan.cursor}, {plan.upto}]: "
           f"{len(plan.documents)} journal entr{'y' if len(plan.documents) == 1 else 'ies'}"]
    for label, fig in (("Opening figures", plan.opening), ("Pre-go-live change", plan.pre_go_live_change)):
        if fig is not None:
            out.append(f"{label} as of {fig.as_of}: receivables {format_amount(fig.receivables)}, "
                       f"unapplied credits (FIN-12) {format_amount(fig.unapplied_credits)}")
    for doc in plan.documents:
        out.append(f"{doc.doc_number} {doc.kind.value} dated {doc.txn_date} "
                   f"({doc.transaction_count} transactions, {format_amount(doc.total_debits)})")
        for ln in doc.lines:
            account = names.get(str(ln.account), str(ln.account))
            cls = f" [{ln.class_name}]" if ln.class_name else ""
            out.append(f"  {ln.posting_type.value:<6} {format_amount(ln.amount):>12}  "
                       f"{account}{cls}  {ln.description}")
    return "\n".join(out)
