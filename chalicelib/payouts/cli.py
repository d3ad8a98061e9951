"""`classbooks support clearing TENANT`: the Merchant Settlement clearing report in the terminal."""
from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any, TextIO
from urllib.parse import quote

Fetch = Callable[[str, dict[str, str]], tuple[int, dict[str, Any]]]


def clearing(args: argparse.Namespace, fetch: Fetch, out: TextIO,
             refused: Callable[[int, dict[str, Any]], int], table: Callable[..., str]) -> int:
    status, r = fetch(f"/v1/tenants/{quote(args.tenant, safe='')}/reports/merchant-settlement", {})
    if status != 200:
        return refused(status, r)
    if args.json:
        out.write(json.dumps(r, indent=2) + "\n")
        return 0
    verdict = ("ties out" if r["ties_out"] else "DOES NOT tie out") if r["ties_out"] is not None else "not read"
    facts = [("Merchant Settlement in QuickBooks", r["qbo_balance"]),
             ("Payments not yet paid out (ledger)", r["expected_balance"]),
             ("Difference", f"{r['difference']} ({verdict})" if r["difference"] is not None else verdict),
             ("Refunds and returns not yet withheld", r["refunds_and_returns_not_yet_withheld"]),
             ("Payouts posted / waiting",
              f"{len(r['payouts_posted'])} / {len(r['payouts_waiting_for_the_next_sync'])}")]
    width = max(len(k) for k, _ in facts)
    out.write("".join(f"{k.ljust(width)}  {v if v not in (None, '') else '-'}\n" for k, v in facts))
    out.write("\nNot yet paid out\n")
    out.write(table(["PROCESSOR", "DATE", "AMOUNT"], [[u["processor"], u["date"], u["amount"]]
                                                      for u in r["unpaid_payments"]]))
    if r["external_never_covered"]:
        out.write(f"\n{len(r['external_never_covered'])} external-processor payment(s) no payout will cover: "
                  + ", ".join(t["id"] for t in r["external_never_covered"]) + "\n")
    return 0
