"""The mapping service turns every QuickBooks answer into a refusal a person can read, never a 500."""
from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from chalicelib.errors import ClassbooksError
from chalicelib.quickbooks.errors import IntuitUnavailable, NeedsReauthorization
from chalicelib.quickbooks.wire import Fault, QboFault
from chalicelib.services.mapping import MappingService
from chalicelib.tenants.model import ConnectionStatus, Tenant
from tests.fakes.tenants import InMemoryTenants


def _service(chart: Any, **attrs: Any) -> MappingService:
    """A connected studio in the shared in-memory repository (reads only: nothing is saved)."""
    base: dict[str, Any] = {"name": "Studio", "connection_status": ConnectionStatus.CONNECTED}
    tenants = InMemoryTenants(Tenant("t1", **{**base, **attrs}))
    return MappingService(tenants, chart, audit=None, clock=lambda: dt.datetime(2025, 1, 1))  # type: ignore[arg-type]


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
        _service(_raises(AssertionError("no read")), connection_status=ConnectionStatus.NOT_CONNECTED).put(
            "t1", ("admin-1", "admin"), {"credit_accounts": {"coupon": "Promotions"}})
    assert refused.value.code == "not_connected"
