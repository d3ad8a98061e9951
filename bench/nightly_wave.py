"""The nightly wave at internet scale: 50,000 studios firing at 23:31 in their own time zones.

`.venv/bin/python -m bench.nightly_wave [--tenants 50000] [--limits 100 500] [--night 2026-11-25]`

A discrete-event simulation (pure Python, seeded, bounded) of EventBridge Scheduler → SQS →
Lambda (SQS event source mapping, batches of 10, reserved concurrency = the mapping's maximum
concurrency) → QuickBooks. Every studio of a zone fires in the same minute, so the wave is a
series of bursts, one per UTC offset. Reports when the last studio finishes relative to its own
23:31, p50/p99 delays, peak concurrency and peak queue depth. Writes
`bench/results/nightly_wave.json` and the figure `docs/nightly_wave.md`. Model: see MODEL.
"""
from __future__ import annotations

import argparse
import bisect
import datetime as dt
import heapq
import json
import math
import random
from collections import deque
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bench.nightly_wave_figure import write_figure

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "nightly_wave.json"
SYNC_RESULTS = ROOT / "bench" / "results" / "sync.json"
# Studios by zone, weighted like an English-speaking studio-software market (weights sum freely).
ZONES = {
    "America/New_York": 22, "America/Chicago": 14, "America/Denver": 4, "America/Phoenix": 1.2,
    "America/Los_Angeles": 12, "America/Anchorage": 0.3, "Pacific/Honolulu": 0.4, "America/Toronto": 3,
    "America/Vancouver": 1.5, "America/Edmonton": 0.8, "America/Halifax": 0.4, "America/St_Johns": 0.1,
    "America/Mexico_City": 1, "America/Bogota": 0.3, "America/Sao_Paulo": 0.5, "Europe/London": 8,
    "Europe/Dublin": 1, "Europe/Paris": 1.5, "Europe/Berlin": 1.5, "Europe/Madrid": 1, "Europe/Amsterdam": 0.8,
    "Europe/Stockholm": 0.5, "Europe/Athens": 0.3, "Africa/Johannesburg": 0.5, "Asia/Dubai": 0.3,
    "Asia/Kolkata": 0.5, "Asia/Singapore": 0.5, "Asia/Hong_Kong": 0.3, "Asia/Tokyo": 0.2,
    "Australia/Sydney": 6, "Australia/Melbourne": 5, "Australia/Brisbane": 3, "Australia/Perth": 1.5,
    "Australia/Adelaide": 1, "Australia/Darwin": 0.1, "Pacific/Auckland": 2.5,
}
MODEL = {
    "nightly_transactions": "lognormal, median 60, sigma 1.1, capped at 100,000",
    "qbo_latency_s": "lognormal per QBO call, median 0.30 s, sigma 0.5 (p99 ≈ 1 s)",
    "qbo_429": "probability 0.002 per QBO call; the worker waits Retry-After 60 s, then succeeds",
    "fallback_run": "without bench/results/sync.json: 0.35 s + 0.4 ms per transaction, 4 QBO calls",
    "lambda": "cold start 1.5 s per new execution environment; batch of up to 10 processed in turn",
    "event_source_mapping": "5 concurrent batches, +300 per minute while messages wait (AWS docs), "
                            "maximum concurrency = reserved concurrency",
    "scheduler": "each fire lands uniformly within its minute (AWS: 60 s precision)",
}


def run_costs() -> list[tuple[float, float, float]]:
    """(log transactions, base seconds, QBO calls) per measured daily run of `bench.sync`, if any."""
    if not SYNC_RESULTS.exists():
        return []
    runs = json.loads(SYNC_RESULTS.read_text()).get("runs", [])
    return sorted((math.log(r["transactions"]), float(r["wall_seconds"]), float(r["qbo_reads"] + r["qbo_writes"]))
                  for r in runs if r.get("scenario") == "daily" and r.get("transactions"))


def base_cost(txns: int, costs: list[tuple[float, float, float]]) -> tuple[float, float]:
    """Seconds of compute + DynamoDB, and QBO calls, for a run of `txns` transactions."""
    if not costs:
        return 0.35 + 0.0004 * txns, 4.0
    x = math.log(max(txns, 1))
    i = min(max(bisect.bisect_left([c[0] for c in costs], x), 1), len(costs) - 1)
    (x0, s0, q0), (x1, s1, q1) = costs[i - 1], costs[i]
    w = 0.0 if x1 == x0 else min(max((x - x0) / (x1 - x0), 0.0), 1.0)  # clamped: no extrapolation
    return s0 + w * (s1 - s0), max(q0 + w * (q1 - q0), 1.0)


def tenants(n: int, night: dt.date, rng: random.Random,
            costs: list[tuple[float, float, float]] | None = None) -> list[tuple[float, float, str, float]]:
    """(scheduled fire, delivery, zone, service seconds) per studio, in delivery order (epoch seconds).

    `costs` defaults to what `bench.sync` measured; tests pass their own so they don't depend on it.
    """
    names, weights = list(ZONES), list(ZONES.values())
    costs, out = (run_costs() if costs is None else costs), []
    for zone in rng.choices(names, weights, k=n):
        fire = dt.datetime.combine(night, dt.time(23, 31), tzinfo=ZoneInfo(zone)).timestamp()
        txns = min(int(rng.lognormvariate(math.log(60), 1.1)), 100_000)
        seconds, calls = base_cost(txns, costs)
        for _ in range(round(calls)):
            seconds += rng.lognormvariate(math.log(0.30), 0.5) + (60.0 if rng.random() < 0.002 else 0.0)
        out.append((fire, fire + rng.uniform(0, 60), zone, seconds))
    return sorted(out, key=lambda t: t[1])


def simulate(studios: list[tuple[float, float, str, float]], limit: int) -> dict[str, Any]:
    """SQS → Lambda with `limit` concurrency; returns the delays and the peaks (and a time series)."""
    queue: deque[int] = deque()
    events: list[tuple[float, int, int]] = [(s[1], 0, i) for i, s in enumerate(studios)]  # 0 arrive, 1 done, 2 poll
    heapq.heapify(events)
    busy = warm = cold = peak_busy = peak_depth = 0
    ramp_from: float | None = None
    peak_at, finish, series = 0.0, [0.0] * len(studios), []
    poll_pending = False
    while events:
        now, kind, index = heapq.heappop(events)
        if kind == 0:
            queue.append(index)
        elif kind == 1:
            busy, warm = busy - 1, warm + 1
        else:
            poll_pending = False
        if queue and ramp_from is None:
            ramp_from = now
        allowed = min(limit, 5 + int(5 * (now - ramp_from))) if ramp_from is not None else 5
        while queue and busy < allowed:
            batch = [queue.popleft() for _ in range(min(10, len(queue)))]
            at = now + (0.0 if warm else 1.5)
            cold += 0 if warm else 1
            warm = max(warm - 1, 0)
            for i in batch:
                at += studios[i][3]
                finish[i] = at
            busy += 1
            heapq.heappush(events, (at, 1, -1))
        if queue and busy < limit and not poll_pending:
            heapq.heappush(events, (now + 1.0, 2, -1))
            poll_pending = True
        if not queue and busy == 0:
            ramp_from = None
        if busy > peak_busy:
            peak_busy = busy
        if len(queue) > peak_depth:
            peak_depth, peak_at = len(queue), now
        series.append((now, len(queue), busy))
    delays = sorted(f - s[0] for f, s in zip(finish, studios))
    worst = max(range(len(studios)), key=lambda i: finish[i] - studios[i][0])
    return {
        "concurrency_limit": limit, "tenants": len(studios),
        "last_finish_after_2331_s": round(delays[-1], 1), "last_finish_zone": studios[worst][2],
        "p50_delay_s": round(delays[len(delays) // 2], 1), "p99_delay_s": round(delays[int(len(delays) * 0.99)], 1),
        "peak_concurrency": peak_busy, "peak_queue_depth": peak_depth,
        "peak_queue_at_utc": dt.datetime.fromtimestamp(peak_at, dt.UTC).isoformat(),
        "cold_starts": cold, "lambda_seconds": round(sum(s[3] for s in studios) + 1.5 * cold),
        "wave_end_utc": dt.datetime.fromtimestamp(max(finish), dt.UTC).isoformat(),
        "_series": series,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.nightly_wave", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tenants", type=int, default=50_000)
    parser.add_argument("--limits", type=int, nargs="+", default=[100, 500])
    parser.add_argument("--night", default="2026-11-25", help="the local date every studio's 23:31 falls on")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--no-write", action="store_true", help="print only (tests)")
    args = parser.parse_args(argv)
    night = dt.date.fromisoformat(args.night)
    studios = tenants(args.tenants, night, random.Random(args.seed))
    runs = [simulate(studios, limit) for limit in args.limits]
    report = {"benchmark": "nightly_wave", "night": args.night, "seed": args.seed, "model": MODEL,
              "service_time_source": "bench/results/sync.json" if run_costs() else "fallback_run model",
              "runs": [{k: v for k, v in r.items() if not k.startswith("_")} for r in runs]}
    print(json.dumps(report["runs"], indent=2))
    if not args.no_write:
        RESULTS.write_text(json.dumps(report, indent=2) + "\n")
        write_figure(ROOT / "docs" / "nightly_wave.md", report, runs, studios)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
