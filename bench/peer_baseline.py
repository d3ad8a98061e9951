"""Peer baseline: the same nights posted the way a per-transaction connector posts them.

Run: `.venv/bin/python -m bench.peer_baseline` (no services; seconds). Writes
`bench/results/peer_baseline.json`. A common way to connect a platform to QuickBooks Online is
one document per transaction: each charge, payment, credit becomes its own JournalEntry through
python-quickbooks. This builds exactly those documents with python-quickbooks (real objects,
real JSON bodies, counted) and "sends" them on a virtual clock that honours Intuit's limits for
one realm: 500 requests a minute, 10 a second, 40 batch requests a minute (30 items each),
with a fixed 0.3 s per call. Nothing waits for real: 10,000 transactions take 20 virtual minutes.

Two peers: `per_request` (one create call per transaction) and `batched` (BatchItemRequest of
30, the best a per-transaction poster can do). Classbooks' side is read from
`bench/results/sync.json` (the same night sizes, measured against the QBO sandbox): its QBO
calls and wall time.
"""
from __future__ import annotations

import collections
import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quickbooks.objects.base import Ref
from quickbooks.objects.journalentry import JournalEntry, JournalEntryLine, JournalEntryLineDetail

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "peer_baseline.json"
SYNC_RESULTS = ROOT / "bench" / "results" / "sync.json"
NIGHTS = [10, 100, 1_000, 10_000, 100_000]
PER_MINUTE, PER_SECOND, BATCHES_PER_MINUTE, BATCH_ITEMS = 500, 10, 40, 30
LATENCY_S = 0.3
CONCURRENT = 10  # Intuit allows 10 concurrent requests per realm


@dataclass
class VirtualLimits:
    """Intuit's per-realm windows on a virtual clock: `admit` returns when a call may start."""

    calls: collections.deque[float]
    batches: collections.deque[float]

    @classmethod
    def new(cls) -> VirtualLimits:
        return cls(collections.deque(), collections.deque())

    def admit(self, now: float, batch: bool) -> float:
        while True:
            wait = 0.0
            if len(self.calls) >= PER_SECOND and self.calls[-PER_SECOND] > now - 1.0:
                wait = max(wait, self.calls[-PER_SECOND] + 1.0 - now)
            if len(self.calls) >= PER_MINUTE and self.calls[-PER_MINUTE] > now - 60.0:
                wait = max(wait, self.calls[-PER_MINUTE] + 60.0 - now)
            if batch and len(self.batches) >= BATCHES_PER_MINUTE and self.batches[-BATCHES_PER_MINUTE] > now - 60.0:
                wait = max(wait, self.batches[-BATCHES_PER_MINUTE] + 60.0 - now)
            if wait <= 0:
                self.calls.append(now)
                if batch:
                    self.batches.append(now)
                while self.calls and self.calls[0] <= now - 60.0:
                    self.calls.popleft()
                while self.batches and self.batches[0] <= now - 60.0:
                    self.batches.popleft()
                return now
            now += wait


def journal_entry(n: int, rng: random.Random) -> JournalEntry:
    """What a per-transaction connector posts for one charge or payment: a two-line entry."""
    amount = round(rng.randint(100, 20000) / 100, 2)
    entry = JournalEntry()
    entry.DocNumber = f"T{n}"
    entry.TxnDate = "2025-12-30"
    for posting, account in (("Debit", "1200"), ("Credit", "4000")):
        line = JournalEntryLine()
        line.Amount = amount
        line.JournalEntryLineDetail = JournalEntryLineDetail()
        line.JournalEntryLineDetail.PostingType = posting
        ref = Ref()
        ref.value = account
        line.JournalEntryLineDetail.AccountRef = ref
        entry.Line.append(line)
    return entry


def peer(transactions: int, batched: bool) -> dict[str, Any]:
    rng = random.Random(transactions)
    bodies = [journal_entry(n, rng).to_json() for n in range(transactions)]  # real python-quickbooks bodies
    calls = -(-transactions // BATCH_ITEMS) if batched else transactions
    limits, now = VirtualLimits.new(), 0.0
    in_flight: list[float] = []  # finish times of the calls running (at most CONCURRENT)
    finished = 0.0
    for _ in range(calls):
        in_flight.sort()
        if len(in_flight) >= CONCURRENT:
            now = max(now, in_flight.pop(0))
        start = limits.admit(now, batched)
        in_flight.append(start + LATENCY_S)
        finished = max(finished, start + LATENCY_S)
        now = start
    return {"qbo_calls": calls, "virtual_minutes": round(finished / 60, 2),
            "request_bytes": sum(len(b) for b in bodies)}


def classbooks() -> dict[int, dict[str, Any]]:
    if not SYNC_RESULTS.exists():
        return {}
    runs = json.loads(SYNC_RESULTS.read_text()).get("runs", [])
    return {r["transactions"]: {"qbo_calls": r["qbo_reads"] + r["qbo_writes"], "wall_seconds": r["wall_seconds"],
                                "documents": r["documents"]}
            for r in runs if r.get("scenario") == "daily" and r.get("history") == 1000}


def main() -> int:
    ours = classbooks()
    rows = []
    for n in NIGHTS:
        row = {"transactions": n, "per_request": peer(n, batched=False), "batched": peer(n, batched=True),
               "classbooks": ours.get(n)}
        rows.append(row)
        print(json.dumps(row), flush=True)
    RESULTS.write_text(json.dumps({
        "benchmark": "peer_baseline",
        "limits": {"requests_per_minute": PER_MINUTE, "requests_per_second": PER_SECOND,
                   "batches_per_minute": BATCHES_PER_MINUTE, "items_per_batch": BATCH_ITEMS,
                   "concurrent": CONCURRENT, "latency_s": LATENCY_S},
        "clock": "virtual (nothing waits); Classbooks figures from bench/results/sync.json",
        "nights": rows}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
