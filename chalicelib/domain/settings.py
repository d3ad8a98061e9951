"""What the planner needs to know about a tenant's integration (read by the service, passed in)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from chalicelib.domain.accounts import DEFAULT_BRAND, AccountRole, clean_name, credit_key
from chalicelib.domain.errors import PlanningError
from chalicelib.domain.first_sync import FirstSyncEntries
from chalicelib.domain.transactions import CreditType


def open_date(day: dt.date, book_close_date: dt.date | None) -> dt.date:
    """`day`, or the day after `book_close_date` when `day` falls in the closed period."""
    if book_close_date is not None and day <= book_close_date:
        return book_close_date + dt.timedelta(days=1)
    return day


@dataclass(frozen=True)
class PostingSettings:
    """A tenant's posting configuration.

    `location_classes` maps location id → QBO class name (used only with `class_tracking`).
    `revenue_accounts` overrides the income account name per revenue category, `credit_accounts`
    the account per credit type (gift_card: the gift card liability), `refund_accounts` the
    account cash, check and custom refunds are paid from, `tax_accounts` the account per tax
    name (see `chalicelib/domain/mapping.py`, which checks what the admin asks for).
    `opening_offset_account` names the existing account the admin picked for the opening entry;
    None means no opening entries are posted (the figures are still shown).
    `fiscal_year_start_month` (QBO's FirstMonthOfFiscalYear) and `first_sync_entries` (the
    admin's choice) decide where a first sync's entries end (`first_sync.py`).
    `generation` goes up on every reset, so a new integration never reuses an old one's keys.
    """

    tenant_id: str
    studio_name: str
    go_live_date: dt.date
    brand: str = DEFAULT_BRAND
    class_tracking: bool = False
    location_classes: Mapping[str, str] = field(default_factory=dict)
    book_close_date: dt.date | None = None
    revenue_accounts: Mapping[str, str] = field(default_factory=dict)
    credit_accounts: Mapping[str, str] = field(default_factory=dict)
    refund_accounts: Mapping[str, str] = field(default_factory=dict)
    tax_accounts: Mapping[str, str] = field(default_factory=dict)
    opening_offset_account: str | None = None
    generation: int = 0
    fiscal_year_start_month: int = 1
    first_sync_entries: FirstSyncEntries = FirstSyncEntries.LUMP_SUM

    def __post_init__(self) -> None:
        object.__setattr__(self, "location_classes", MappingProxyType(dict(self.location_classes)))
        for name in ("revenue_accounts", "credit_accounts", "refund_accounts", "tax_accounts"):
            object.__setattr__(self, name, MappingProxyType(dict(getattr(self, name))))

    @property
    def overrides(self) -> dict[str, str]:
        """The mapped names by `str(AccountKey)`, for `account_specs` (revenue goes separately)."""
        out = {str(credit_key(CreditType(c))): n for c, n in self.credit_accounts.items()}
        out.update({f"{AccountRole.REFUND_ACCOUNT.value}:{p}": n for p, n in self.refund_accounts.items()})
        out.update({f"{AccountRole.SALES_TAX_PAYABLE.value}:{t}": n for t, n in self.tax_accounts.items()})
        return out

    def class_for(self, location_id: str) -> str | None:
        """The location's class name, or None without class tracking."""
        if not self.class_tracking:
            return None
        name = self.location_classes.get(location_id)
        if not name:
            raise PlanningError(
                f"location {location_id} has no QuickBooks class; "
                "update the tenant's locations before syncing"
            )
        return clean_name(name)

    @property
    def first_open_date(self) -> dt.date | None:
        """The first date QBO will accept a posting on (None when no books are closed)."""
        return None if self.book_close_date is None else self.book_close_date + dt.timedelta(days=1)

    def posting_date(self, business_date: dt.date) -> dt.date:
        """`business_date`, or the first open date when it falls in the closed period."""
        return open_date(business_date, self.book_close_date)
