"""A demo studio for `make run`: profile plus a few months of realistic ledger, through the API.

Everything goes through the platform's own routes (PUT the tenant profile, POST transactions in
batches), so the demo exercises exactly what the platform would send. The generator is seeded:
the same day gives the same ledger. Then it prints the hosted page's URL with a fresh admin JWT
in the fragment (never sent to the server; the page posts it once and drops it from history).
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from collections.abc import Iterator
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import requests

from chalicelib.api.auth import issue_token
from chalicelib.config import DEV_JWT_SECRET, Config

DEMO_TENANT = "demo-studio"
DEMO_NAME = "Northside Dance Academy"  # the sandbox's Plus company: choose it at Intuit's sign-in
LOCATIONS = [{"id": "L1", "name": "Main Street"}, {"id": "L2", "name": "Westside"}]
TUITION = ("tuition", ["85.00", "110.00", "135.00", "160.00", "185.00"])
EXTRAS = [("registration", ["35.00", "50.00"]), ("camps", ["225.00", "295.00"]),
          ("private_lessons", ["45.00", "60.00"]), ("retail", ["18.50", "24.99", "32.00"]),
          ("birthday_parties", ["250.00", "325.00"])]
TENDERS = [("credit_card", "platform", 50), ("echeck", "platform", 15), ("credit_card", "external", 8),
           ("cash", None, 10), ("check", None, 12), ("custom", None, 5)]
CREDITS = [("house", "15.00"), ("coupon", "10.00"), ("gift_card", "50.00"), ("other", "5.00")]


def demo_profile(now: dt.datetime) -> dict[str, Any]:
    """Created 200 days ago, out of onboarding, two locations, in Chicago."""
    created = (now - dt.timedelta(days=200)).replace(microsecond=0)
    return {"name": DEMO_NAME, "timezone": "America/Chicago", "onboarding": False,
            "created_at": created.isoformat().replace("+00:00", "Z"), "last_import_at": None, "locations": LOCATIONS}


def _months(today: dt.date, count: int) -> Iterator[dt.date]:
    year, month = today.year, today.month
    firsts = []
    for _ in range(count):
        firsts.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return iter(reversed(firsts))


def demo_transactions(today: dt.date, months: int = 4, families: int = 36, seed: int = 7) -> list[dict[str, Any]]:
    """Tuition on the 1st, extras, payments of every type, credits, a refund and a void; none after `today`."""
    rng, rows, n = random.Random(seed), [], 0

    def add(kind: str, day: dt.date, amount: str, family: str, location: str, **fields: Any) -> dict[str, Any]:
        nonlocal n
        n += 1
        row = {"id": f"demo-{n:05d}", "type": kind, "date": day.isoformat(), "amount": amount,
               "family_id": family, "location_id": location, **fields}
        rows.append(row)
        return row

    for first in _months(today, months):
        for f in range(1, families + 1):
            family, location = f"fam-{f:03d}", "L1" if f % 3 else "L2"
            charged = Decimal(add("charge", first, rng.choice(TUITION[1]), family, location, revenue_category=TUITION[0])["amount"])  # noqa: E501
            if rng.random() < 0.35:
                category, prices = rng.choice(EXTRAS)
                day = first + dt.timedelta(days=rng.randint(3, 20))
                if day <= today:
                    charged += Decimal(add("charge", day, rng.choice(prices), family, location, revenue_category=category)["amount"])  # noqa: E501
            if rng.random() < 0.12:
                credit_type, amount = rng.choice(CREDITS)
                add("credit", first + dt.timedelta(days=1), amount, family, location, credit_type=credit_type)
                charged -= Decimal(amount)
            pay_day = first + dt.timedelta(days=rng.randint(0, 6))
            if pay_day > today or rng.random() < 0.08:  # some families pay late (receivables)
                continue
            payment_type, processor, _ = rng.choices(TENDERS, weights=[t[2] for t in TENDERS])[0]
            extra = {"processor": processor} if processor else {}
            if payment_type == "custom":
                extra["custom_type"] = "Venmo"
            add("payment", pay_day, f"{max(charged, Decimal('1.00')):.2f}", family, location, payment_type=payment_type, **extra)
    payment = next(r for r in rows if r["type"] == "payment" and r["payment_type"] == "credit_card")
    add("refund", min(today, dt.date.fromisoformat(payment["date"]) + dt.timedelta(days=9)), "40.00", payment["family_id"],
        payment["location_id"], payment_type="credit_card", processor="platform", refunds=payment["id"])
    charge = next(r for r in rows if r["type"] == "charge" and r["revenue_category"] != "tuition")
    add("void", min(today, dt.date.fromisoformat(charge["date"]) + dt.timedelta(days=1)), charge["amount"],
        charge["family_id"], charge["location_id"], voids=charge["id"])
    return rows


def _platform(config: Config) -> dict[str, str]:
    token = issue_token(config, sub="demo-platform", role="platform", tenant_id=None, now=int(time.time()))
    return {"Authorization": f"Bearer {token}"}


def load_demo(base_url: str, config: Config, tenant_id: str = DEMO_TENANT,
              now: dt.datetime | None = None, months: int = 4) -> int:
    """Store the profile and the ledger through the API; returns how many transactions were sent."""
    now = now or dt.datetime.now(dt.UTC)
    today = now.astimezone(ZoneInfo(demo_profile(now)["timezone"])).date()
    response = requests.put(f"{base_url}/v1/tenants/{tenant_id}", json=demo_profile(now), headers=_platform(config), timeout=30)
    response.raise_for_status()
    rows = demo_transactions(today - dt.timedelta(days=1), months=months)
    for start in range(0, len(rows), 500):
        response = requests.post(f"{base_url}/v1/tenants/{tenant_id}/transactions",
                                 json={"transactions": rows[start:start + 500]}, headers=_platform(config), timeout=60)
        response.raise_for_status()
    return len(rows)


def page_url(base_url: str, config: Config, tenant_id: str = DEMO_TENANT, ttl: int = 600) -> str:
    """The hosted page, opened with an admin JWT in the fragment (kept out of logs and history).
    The sign-in takes a token once and for at most 10 minutes: print a fresh link to open it again."""
    token = issue_token(config, sub="demo-admin", role="admin", tenant_id=tenant_id, now=int(time.time()), ttl=ttl)
    return f"{base_url}/v1/tenants/{tenant_id}/quickbooks/page#token={token}"


def announce(base_url: str, config: Config, tenant_id: str = DEMO_TENANT) -> str:
    """`make run`'s hook: load the demo studio into the running app and say where its page is."""
    config = config.with_overrides(jwt_secret=config.jwt_secret or DEV_JWT_SECRET)  # what `chalice local` uses
    try:
        count = load_demo(base_url, config, tenant_id)
    except requests.RequestException as exc:  # the stack stays up; only the demo data is missing
        print(f"  demo studio             not loaded: {exc}", flush=True)
        return ""
    url = page_url(base_url, config, tenant_id)
    print(f"  demo studio             {tenant_id} ({DEMO_NAME}): {count} transactions over 4 months\n"
          f"  hosted page (admin)     {url}\n"
          f"  at Intuit's sign-in     choose {DEMO_NAME} (QuickBooks Online Plus: revenue by location with\n"
          "                          classes); Riverside Swim School is Essentials, so it shows no classes", flush=True)
    return url


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m devstack.demo", description=__doc__)
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--tenant", default=DEMO_TENANT)
    args = parser.parse_args()
    announce(args.base_url, Config.from_env({"CLASSBOOKS_STAGE": "local"}), args.tenant)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
