"""What a night with processor payouts costs in QuickBooks calls.

Run: `.venv/bin/python -m bench.payouts` (starts DynamoDB Local, moto and the QBO sandbox; about a
minute). Writes `bench/results/payouts.json`. One studio on the Plus company: a first sync, then
one nightly run per row, each with 100 new transactions over the day and N payouts (a payout per
processor batch, the way processors pay daily), through the worker with the real QBO adapter.
Counted by the sandbox for that run only: HTTP requests, metered reads (Intuit bills them), writes.
The first night that meets a payout finds its accounts once (one query) and creates Merchant Fees;
the table shows it apart.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import random
import time
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results" / "payouts.json"
NIGHTS = [0, 1, 5, 29, 100]
GO_LIVE = dt.date(2025, 1, 1)
START = dt.datetime(2025, 3, 1, 18, 0, tzinfo=dt.UTC)


def _day_rows(c: Any, tenant_id: str, day: dt.date, rng: random.Random, n: int) -> list[str]:
    from chalicelib.domain.transactions import Transaction
    rows = [Transaction.from_dict({"id": f"{day}-{i}", "type": "payment", "date": day.isoformat(),
                                   "amount": f"{rng.randint(1000, 20000) / 100:.2f}", "family_id": f"f{i % 50}",
                                   "location_id": "L1", "payment_type": rng.choice(["credit_card", "echeck", "cash"]),
                                   "processor": "platform"}) for i in range(n)]
    c.ledger.append(tenant_id, rows, {t.id: f"h-{t.id}" for t in rows})
    return [t.id for t in rows if t.payment_type is not None and t.payment_type.value != "cash"]


def _payouts(c: Any, tenant_id: str, day: dt.date, card_ids: list[str], count: int) -> None:
    from decimal import Decimal

    from chalicelib.domain.payout_record import Payout
    from chalicelib.domain.transactions import Processor
    from chalicelib.ledger.payout_store import DynamoPayouts
    from chalicelib.ledger.payouts import PayoutIngest
    known = c.ledger.get_by_ids(tenant_id, card_ids)
    payouts = []
    for i in range(count):
        named = card_ids[i::count][:90] if card_ids else []
        gross = sum((known[x].amount for x in named), Decimal("0.00")) + Decimal("10.00")
        fees = (gross * Decimal("0.029")).quantize(Decimal("0.01"))
        payouts.append(Payout(f"po-{day}-{i}", Processor.PLATFORM, day, "ba-1", gross, gross - fees, fees,
                              payments=tuple(named)))
    PayoutIngest(DynamoPayouts(c.ledger)).ingest(tenant_id, payouts)


def main() -> int:
    os.environ.setdefault("OAUTHLIB_INSECURE_TRANSPORT", "1")
    from bench.sync import sync_once
    from chalicelib import bootstrap
    from chalicelib.ledger.payout_store import DynamoPayouts
    from chalicelib.payouts.mapping import PayoutMapping
    from chalicelib.payouts.qbo import QboPayoutReads
    from chalicelib.services.tokens import Credentials as SetupCredentials
    from chalicelib.store.tenants import DynamoTenants
    from chalicelib.sync.qbo import Credentials, QboGateway, QboPoster
    from devstack.qbo_sandbox import start_in_thread
    from devstack.qbo_sandbox.seed import seed
    from devstack.stack import LocalStack, use_local_credentials
    from tests.sandbox.helpers import Control, connect

    use_local_credentials()
    stack = LocalStack.start()
    server, base_url = start_in_thread()
    try:
        seeded, control = seed(base_url), Control(base_url)
        realm = seeded.plus_realm
        config = stack.provision().with_overrides(qbo_api_base=base_url + "/v3/company/")
        c = bootstrap.Container(config)
        now = [START]
        c.clock = lambda: now[0]
        auth = connect(seeded, realm)
        c.qbo_posters = lambda tenant: QboPoster(QboGateway(
            lambda force_refresh=False: Credentials(auth.access_token, realm), api_base=base_url + "/v3/company/"),
            plan_tier=tenant.qbo_plan)
        tenant_id = "bench-payouts"
        c.models.Tenant(tenant_id, name="Bench Studio", timezone="America/Chicago", profile_updated_at=START,
                        created_at=START, locations=[{"id": "L1", "name": "Downtown"}], connection_status="connected",
                        realm_id=realm, plan="Plus", class_tracking=True, go_live_date=GO_LIVE.isoformat(),
                        schedule="manual").save()

        class Tokens:
            def fresh(self, _: str) -> SetupCredentials:
                return SetupCredentials(realm, auth.access_token)
        reads = QboPayoutReads(config, Tokens())  # type: ignore[arg-type]  # only fresh() is used
        PayoutMapping(DynamoPayouts(c.ledger), reads, DynamoTenants(c.models.Tenant),
                      c.clock).put(tenant_id, "bench", {"bank_accounts": {"ba-1": "Checking"}})
        rng = random.Random(7)
        _day_rows(c, tenant_id, START.date() - dt.timedelta(days=1), rng, 100)
        sync_once(c, tenant_id, "first", config.sync_queue_arn, config.region)
        out = []
        for n, count in enumerate(NIGHTS):
            now[0] = START + dt.timedelta(days=n + 1)
            day = now[0].date()
            cards = _day_rows(c, tenant_id, day, rng, 100)
            if count:
                _payouts(c, tenant_id, day, cards, count)
            control.call("POST", f"/companies/{realm}/counters/reset")
            began = time.perf_counter()
            task = sync_once(c, tenant_id, f"night-{n}", config.sync_queue_arn, config.region)
            wall = time.perf_counter() - began
            counters = control.counters(realm)
            out.append({"payouts": count, "transactions": 100, "documents": len(task.documents or []),
                        "qbo_requests": counters["requests"], "metered_reads": counters["metered_reads"],
                        "writes": counters["writes"], "by_kind": counters["by_kind"], "wall_s": round(wall, 2)})
            print(json.dumps(out[-1]), flush=True)
        RESULTS.parent.mkdir(exist_ok=True)
        RESULTS.write_text(json.dumps({"nights": out}, indent=2) + "\n")
    finally:
        server.shutdown()
        stack.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
