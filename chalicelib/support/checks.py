"""The account-level answers: Go Live Date, eligibility (90 days / onboarding), plan, class
tracking, and where payments are posted, each from the domain's own rules.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from chalicelib.domain.accounts import AccountKey, credit_key, default_name, route_payment
from chalicelib.domain.golive import account_eligibility, plan_support
from chalicelib.domain.plans import plan_from_sku
from chalicelib.domain.transactions import CreditType, PaymentType
from chalicelib.support.findings import ERROR, INFO, OK, WARNING, Finding, local
from chalicelib.support.snapshot import TenantFacts


def account_checks(t: TenantFacts, now: dt.datetime, brand: str) -> list[Finding]:
    found = [go_live(t), eligibility(t, now), *plan_and_classes(t), payments(t, brand)]
    return [f for f in found if f is not None]


def go_live(t: TenantFacts) -> Finding:
    """"Can I change the Go Live Date after integrating?" No: reset and reconnect."""
    if t.go_live_date:
        return Finding("go_live", "go_live_locked", INFO, f"The Go Live Date is {t.go_live_date} and cannot be "
                       "edited after integrating: to change it, an admin resets the integration, reconnects "
                       "QuickBooks and chooses the new date.")
    return Finding("go_live", "go_live_not_set", INFO, "No Go Live Date yet: an admin chooses it in Configure "
                   "QuickBooks Integration; once saved, changing it needs a reset and a reconnect.")


def eligibility(t: TenantFacts, now: dt.datetime) -> Finding:
    """At least 90 days of use and out of onboarding, unless support overrode it."""
    if t.created_at is None or not t.timezone:
        return Finding("eligibility", "profile_missing", WARNING, "Eligibility cannot be checked: the platform "
                       "has not sent this studio's profile (created_at, time zone) yet.")
    override = t.eligibility_override or None
    verdict = account_eligibility(created_at=t.created_at, onboarding=t.onboarding,
                                  today=local(now, t.timezone).date(), tz=t.timezone,
                                  support_override=bool(override))
    if verdict.overridden and override is not None:
        return Finding("eligibility", "eligibility_overridden", INFO, f"Eligible by support override: "
                       f"{_override(override)}. Set aside: {'; '.join(verdict.reasons)}.")
    if not verdict.eligible:
        return Finding("eligibility", "not_eligible", ERROR, "Not eligible to connect QuickBooks yet: "
                       f"{'; '.join(verdict.reasons)}. Support may override this, with a reason.")
    return Finding("eligibility", "eligible", OK, "Eligible: the account has at least 90 days of use and "
                   "is out of onboarding.")


def _override(override: Mapping[str, Any]) -> str:
    when = str(override.get("at") or "")[:10]
    return f"{override.get('by', 'support')} on {when}, reason \u201c{override.get('reason', '')}\u201d"


def plan_and_classes(t: TenantFacts) -> list[Finding]:
    """Essentials or higher to sync; Plus or higher with class tracking on for locations."""
    if not t.plan:
        return []
    plan = plan_from_sku(t.plan)
    support = plan_support(plan, t.class_tracking)
    if not support.supported:
        return [Finding("plan", "plan_not_supported", ERROR, f"{support.reason}; the studio must upgrade "
                        "its QuickBooks subscription.")]
    found = [Finding("plan", "plan_supported", OK, f"{plan.label} is supported (Essentials or higher).")]
    if support.location_note:
        note = support.location_note[0].upper() + support.location_note[1:]
        found.append(Finding("class_tracking", "class_tracking_unavailable", INFO, f"{note}."))
    else:
        found.append(Finding("class_tracking", "class_tracking_on", OK,
                             "Revenue is tracked by location with QuickBooks classes."))
    return found


def account_ref_key(name: str) -> str:
    """How the sync caches an account's QBO id in `qbo_refs` (sync/qbo/references.account_cache_key)."""
    return f"account:{name.casefold()}"


def payments(t: TenantFacts, brand: str) -> Finding:
    """"Where are my payments posted?", with this tenant's account names."""
    studio = t.name or t.tenant_id
    refs = t.qbo_refs or {}

    def row(kind: str, value: str, key: AccountKey) -> dict[str, Any]:
        name = default_name(key, brand, studio)
        return {"kind": kind, "type": value, "account": name, "in_quickbooks": account_ref_key(name) in refs}

    rows = [row("payment", p.value, AccountKey(route_payment(p))) for p in PaymentType]
    rows += [row("credit", c.value, credit_key(c)) for c in CreditType]
    by_type = {r["type"]: r["account"] for r in rows}
    message = (f"Card and eCheck payments (through the platform or an external processor) post to "
               f"\u201c{by_type['credit_card']}\u201d; cash, check and custom payments to "
               f"\u201c{by_type['cash']}\u201d (Payments to Deposit); house, coupon and other credits to "
               f"\u201c{by_type['house']}\u201d; gift cards to \u201c{by_type['gift_card']}\u201d (unless the "
               "account mapping says otherwise).")
    return Finding("payments", "payment_routing", INFO, message, tuple(rows))
