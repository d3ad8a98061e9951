"""Typed domain errors: callers map the type to a status, never the message text."""
from __future__ import annotations

from dataclasses import dataclass


class DomainError(Exception):
    """Base of every error the pure core raises."""

    code = "domain_error"


class MoneyError(DomainError, ValueError):
    """An amount that is not a finite decimal with at most two places."""

    code = "invalid_amount"


@dataclass(frozen=True)
class FieldError:
    """One problem with one field of an input, in words a studio admin can act on."""

    field: str
    message: str


class TransactionInvalid(DomainError, ValueError):
    """A transaction whose own fields break the contract (see DESIGN.md, Contracts)."""

    code = "invalid_transaction"

    def __init__(self, errors: tuple[FieldError, ...] | list[FieldError]) -> None:
        self.errors = tuple(errors)
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in self.errors))


class AccountNameError(DomainError, ValueError):
    """An account name QBO would refuse, or two accounts whose names collide."""

    code = "invalid_account_name"


class PlanningError(DomainError):
    """The ledger handed to the planner cannot be planned (inconsistent or misconfigured)."""

    code = "planning_error"


class GoLiveError(DomainError, ValueError):
    """A Go Live Date outside the allowed range, or a tenant not yet eligible."""

    code = "invalid_go_live_date"


class ScheduleError(DomainError, ValueError):
    """A bad time zone or schedule value."""

    code = "invalid_schedule"
