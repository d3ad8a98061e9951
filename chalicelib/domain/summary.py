"""What a plan amounts to, for the background-task view and the preview (posts nothing)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from chalicelib.domain.accounts import AccountRole
from chalicelib.domain.journal import DocumentKind, PostingPlan
from chalicelib.domain.lines import Flow
from chalicelib.domain.money import ZERO, format_amount

# Lines of plans written before lines said what they carry (payment lines then net of refunds).
_OLD_FLOWS = {AccountRole.MERCHANT_SETTLEMENT: Flow.PAYMENT, AccountRole.PAYMENTS_TO_DEPOSIT: Flow.PAYMENT,
              AccountRole.DISCOUNTS_AND_CREDITS: Flow.CREDIT, AccountRole.REVENUE: Flow.CHARGE,
              AccountRole.RECEIVABLES_CLEARING: Flow.RECEIVABLES, AccountRole.UNAPPLIED_CREDITS: Flow.UNAPPLIED}


@dataclass(frozen=True)
class PlanSummary:
    """Net totals of a plan. Payments (net of refunds) and credits are debits (positive = money
    in / credit given); refunds, revenue (net of tax), gift cards sold and tax are credits
    (positive = money out / booked); changes are what the accounts move by."""

    documents: int
    transactions: int
    payments_by_type: Mapping[str, Decimal]
    credits_by_type: Mapping[str, Decimal]
    revenue_by_category: Mapping[str, Decimal]
    receivables_change: Decimal
    unapplied_credits_change: Decimal
    total_debits: Decimal
    refunds_by_type: Mapping[str, Decimal] = field(default_factory=dict)
    tax_by_name: Mapping[str, Decimal] = field(default_factory=dict)
    gift_cards_sold: Decimal = ZERO


def summarize(plan: PostingPlan) -> PlanSummary:
    """Sum every line of every document of `plan` by what it carries."""
    sums: dict[Flow, dict[str, Decimal]] = {f: {} for f in Flow}
    for doc in plan.documents:
        for ln in doc.lines if doc.kind is not DocumentKind.PAYOUT else ():  # payouts move no family money
            flow = Flow(ln.flow) if ln.flow else _OLD_FLOWS.get(ln.account.role, Flow.OFFSET)
            debit = flow.normal.value == "Debit"
            book = sums[flow]
            book[ln.subject or ""] = book.get(ln.subject or "", ZERO) + (ln.signed if debit else -ln.signed)
    payments = dict(sums[Flow.PAYMENT])
    for key, amount in sums[Flow.REFUND].items():
        payments[key] = payments.get(key, ZERO) - amount

    def total(flow: Flow) -> Decimal:
        return sum(sums[flow].values(), ZERO)
    return PlanSummary(
        len(plan.documents), plan.transaction_count, _sorted(payments), _sorted(sums[Flow.CREDIT]),
        _sorted(sums[Flow.CHARGE]), total(Flow.RECEIVABLES), total(Flow.UNAPPLIED),
        sum((d.total_debits for d in plan.documents), ZERO), _sorted(sums[Flow.REFUND]),
        _sorted(sums[Flow.TAX]), total(Flow.GIFT_CARD_SALE))


def _sorted(values: Mapping[str, Decimal]) -> dict[str, Decimal]:
    return {k: v for k, v in sorted(values.items()) if v != ZERO}


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
