"""The mapping service turns every QuickBooks answer into a refusal a person can read, never a 500."""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest

from chalicelib.errors import ClassbooksError
from chalicelib.quickbooks.errors import IntuitUnavailable, NeedsReauthorization
from chalicelib.quickbooks.wire import Fault, QboFault
from chalicelib.services.mapping import MappingService


class _Tenants:
    """Just enough of the pynamodb model for `MappingService` (reads only: nothing is saved)."""

    def __init__(self, **attrs: Any) -> None:
        base = {"tenant_id": "t1", "name": "Studio", "posting_map": None, "first_sync_done": False,
                "connection_status": "connected"}
        self.row = SimpleNamespace(**{**base, **attrs})

    def get(self, tenant_id: str, consistent_read: bool = True) -> Any:
        return self.row


def _service(chart: Any, **attrs: Any) -> MappingService:
    models = SimpleNamespace(Tenant=_Tenants(**attrs))
    return MappingService(models, chart, audit=None, clock=lambda: dt.datetime(2025, 1, 1))  # type: ignore[arg-type]


def _raises(error: Exception) -> Any:
    def chart(tenant_id: str) -> Any:
        raise error
    return chart


@pytest.mark.parametrize("error, status, code", [
    (IntuitUnavailable("timed out"), 502, "intuit_unavailable"),
    (NeedsReauthorization("grant gone"), 409, "needs_reauth"),
    (QboFault([Fault("4000", "Error parsing query", "bad")]), 502, "quickbooks_error"),
])
def test_a_quickbooks_problem_while_checking_the_chart_is_a_readable_refusal(error: Exception, status: int,
                                                                             code: str) -> None:
    with pytest.raises(ClassbooksError) as refused:
        _service(_raises(error)).put("t1", ("admin-1", "admin"), {"credit_accounts": {"coupon": "Promotions"}})
    assert (refused.value.status, refused.value.code) == (status, code)


def test_a_studio_not_connected_cannot_map_accounts() -> None:
    with pytest.raises(ClassbooksError) as refused:
        _service(_raises(AssertionError("no read")), connection_status="not_connected").put(
            "t1", ("admin-1", "admin"), {"credit_accounts": {"coupon": "Promotions"}})
    assert refused.value.code == "not_connected"
