"""Will what a sync needs fit in the company? Checked before anything is created.

Non-Advanced plans cap the chart of accounts at 250; Plus caps classes and locations
(departments) at 40 together; Essentials and Simple Start have no classes at all.
"""
from __future__ import annotations

from dataclasses import dataclass

from chalicelib.domain.plans import QboPlan

ACCOUNT_CAP = 250
PLUS_CLASS_CAP = 40


@dataclass(frozen=True)
class CompanyUsage:
    """What the company already has."""

    plan: QboPlan
    account_count: int
    class_count: int = 0
    department_count: int = 0


@dataclass(frozen=True)
class CapacityCheck:
    """The verdict; `accounts_left`/`classes_left` are None where the plan has no cap."""

    fits: bool
    message: str
    accounts_left: int | None
    classes_left: int | None


def check_capacity(usage: CompanyUsage, new_accounts: int, new_classes: int) -> CapacityCheck:
    """Say whether `new_accounts` and `new_classes` fit, and if not, what is short."""
    problems: list[str] = []
    accounts_left = classes_left = None
    if usage.plan is not QboPlan.ADVANCED:
        accounts_left = max(ACCOUNT_CAP - usage.account_count, 0)
        if new_accounts > accounts_left:
            problems.append(
                f"Classbooks needs {new_accounts} new account(s) but {usage.plan.label} allows "
                f"{ACCOUNT_CAP} and the company has {usage.account_count}, so only "
                f"{accounts_left} can be added"
            )
    if usage.plan < QboPlan.PLUS:
        classes_left = 0
        if new_classes:
            problems.append(
                f"{usage.plan.label} has no classes, so the {new_classes} location class(es) "
                f"cannot be created (QuickBooks Online Plus or higher is needed)"
            )
    elif usage.plan is QboPlan.PLUS:
        classes_left = max(PLUS_CLASS_CAP - usage.class_count - usage.department_count, 0)
        if new_classes > classes_left:
            problems.append(
                f"Classbooks needs {new_classes} new class(es) but QuickBooks Online Plus allows "
                f"{PLUS_CLASS_CAP} classes and locations together and the company has "
                f"{usage.class_count + usage.department_count}, so only {classes_left} can be added"
            )
    if problems:
        return CapacityCheck(False, "; ".join(problems) + ".", accounts_left, classes_left)
    message = f"Fits: {new_accounts} new account(s) and {new_classes} new class(es)."
    return CapacityCheck(True, message, accounts_left, classes_left)
