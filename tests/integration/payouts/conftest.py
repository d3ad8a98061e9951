"""Payout fixtures: the ledger's API helper (DynamoDB Local) and payout bodies."""
from __future__ import annotations

from typing import Any

import pytest

from tests.integration.ledger.conftest import Api, config, ledger_api, tenant  # noqa: F401 - fixtures


def payout_body(id: str = "po1", gross: str = "100.00", net: str | None = None, payments: list[str] | None = None,
                **extra: Any) -> dict[str, Any]:
    body = {"id": id, "processor": "platform", "date": "2025-03-06", "bank_account": "ba-1", "gross": gross,
            "net": net or gross, "payments": payments or [], **extra}
    return body


def post_payouts(api: Api, payouts: list[dict[str, Any]], tenant_id: str = "tumble-town") -> Any:
    return api.call("POST", f"/v1/tenants/{tenant_id}/payouts", {"payouts": payouts})


@pytest.fixture
def stored_payments(ledger_api: Api, tenant: str) -> str:
    from tests.integration.ledger.conftest import payment, void
    p3 = payment("p3", "10.00")
    rows = [payment("p1", "60.00"), payment("p2", "40.00"), p3, void("v3", p3),
            payment("c1", "25.00", payment_type="cash"), payment("e1", "30.00", processor="external"),
            {"id": "ch1", "type": "charge", "date": "2025-03-01", "amount": "5.00", "family_id": "f1",
             "location_id": "L1", "revenue_category": "tuition"}]
    assert ledger_api.post(rows).status_code == 200
    return tenant
