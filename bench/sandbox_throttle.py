"""Bounded load test: the sandbox's 429 throttle holds at Intuit's limits under concurrent callers.

Starts its own sandbox on 127.0.0.1, connects through the real OAuth flow (intuit-oauth), then
runs four phases against one realm from many threads, each isolating one limit:

  per_second   frozen clock, 5 x 40 concurrent    -> exactly 10 admitted per sandbox second
  per_second_realtime  real clock, 16 threads 3 s -> admitted <= 10 per elapsed second
  per_minute   frozen clock, 800 calls            -> exactly 500 admitted, the rest 429 (3001)
  concurrent   30 simultaneous slow calls         -> exactly 10 admitted, the rest 429
  batch        frozen clock, 60 batch calls       -> exactly 40 admitted, the rest 429

Writes bench/results/sandbox_throttle.json and exits non-zero if a limit did not hold.
Run: .venv/bin/python bench/sandbox_throttle.py
"""
from __future__ import annotations

import json
import os
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OAUTHLIB_INSECURE_TRANSPORT", "1")

from devstack.qbo_sandbox import start_in_thread  # noqa: E402
from devstack.qbo_sandbox.seed import seed  # noqa: E402
from tests.sandbox.helpers import Control, connect  # noqa: E402

RESULT = ROOT / "bench" / "results" / "sandbox_throttle.json"
THREADS = 16


class Caller:
    """One realm's API, called with the bearer token the OAuth flow produced."""

    def __init__(self, base: str, realm: str, token: str) -> None:
        self.url = f"{base}/v3/company/{realm}"
        self.headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        self.local = threading.local()

    def _session(self) -> requests.Session:
        if not hasattr(self.local, "session"):
            self.local.session = requests.Session()
        return self.local.session

    def read(self) -> tuple[int, float, str]:
        response = self._session().get(f"{self.url}/preferences", headers=self.headers,
                                       params={"minorversion": 75}, timeout=30)
        return response.status_code, time.monotonic(), _code(response)

    def batch(self) -> tuple[int, float, str]:
        body = {"BatchItemRequest": [{"bId": "q", "Query": "select * from Class"}]}
        response = self._session().post(f"{self.url}/batch", json=body, headers=self.headers,
                                         params={"minorversion": 75}, timeout=30)
        return response.status_code, time.monotonic(), _code(response)


def _code(response: requests.Response) -> str:
    if response.status_code != 429:
        return ""
    return response.json()["Fault"]["Error"][0]["code"]


def _run(fn, calls: int, threads: int = THREADS) -> list[tuple[int, float, str]]:
    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(lambda _: fn(), range(calls)))


def _summary(results: list[tuple[int, float, str]]) -> dict[str, object]:
    statuses = Counter(status for status, _, _ in results)
    codes = Counter(code for status, _, code in results if status == 429)
    return {"calls": len(results), "ok": statuses.get(200, 0), "throttled": statuses.get(429, 0),
            "other": sum(v for k, v in statuses.items() if k not in (200, 429)),
            "throttle_codes": dict(codes)}


def phase_per_second(ctl: Control, realm: str, caller: Caller) -> dict[str, object]:
    """Frozen clock: 5 sandbox-seconds, 40 concurrent calls in each -> 10 admitted per second."""
    ctl.call("POST", "/clock", {"freeze": True})
    ctl.limits(realm, requests_per_second=10, requests_per_minute=100_000, concurrent=100)
    per_second, results = [], []
    for _ in range(5):
        ctl.advance(1)
        wave = _run(caller.read, 40)
        per_second.append(sum(1 for status, _, _ in wave if status == 200))
        results += wave
    return {**_summary(results), "limit": 10, "ok_per_second": per_second,
            "held": per_second == [10] * 5}


def phase_per_second_realtime(ctl: Control, realm: str, caller: Caller) -> dict[str, object]:
    """Real clock, 16 threads for 3 s: admitted calls never exceed 10 per elapsed second."""
    ctl.call("POST", "/clock", {"freeze": False})
    ctl.advance(120)
    ctl.limits(realm, requests_per_second=10, requests_per_minute=100_000, concurrent=100)
    deadline = time.monotonic() + 3.0
    results: list[tuple[int, float, str]] = []
    lock = threading.Lock()
    started = time.monotonic()

    def worker() -> None:
        while time.monotonic() < deadline:
            outcome = caller.read()
            with lock:
                results.append(outcome)
    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    summary = _summary(results)
    bound = 10 * (int(elapsed) + 1)  # a sliding 1 s window admits <= 10 per started second
    return {**summary, "limit": 10, "elapsed_seconds": round(elapsed, 2),
            "ok_upper_bound": bound, "held": 0 < int(str(summary["ok"])) <= bound}


def phase_per_minute(ctl: Control, realm: str, caller: Caller) -> dict[str, object]:
    ctl.call("POST", "/clock", {"freeze": True})
    ctl.limits(realm, requests_per_second=100_000, requests_per_minute=500, concurrent=100)
    ctl.advance(120)
    results = _run(caller.read, 800)
    ctl.advance(60)
    after = caller.read()[0]
    summary = _summary(results)
    return {**summary, "limit": 500, "after_one_minute": after,
            "held": summary["ok"] == 500 and summary["throttled"] == 300 and after == 200}


def phase_concurrent(ctl: Control, realm: str, caller: Caller) -> dict[str, object]:
    ctl.advance(120)
    ctl.limits(realm, requests_per_second=100_000, requests_per_minute=100_000, concurrent=10)
    ctl.call("POST", f"/companies/{realm}/counters/reset")
    ctl.fault(kind="hang", seconds=1.0, count=30, realm_id=realm)
    barrier = threading.Barrier(30)

    def call() -> tuple[int, float, str]:
        barrier.wait()
        return caller.read()
    results = _run(call, 30, threads=30)
    ctl.call("DELETE", "/faults")
    summary = _summary(results)
    peak = ctl.counters(realm)["max_in_flight"]
    return {**summary, "limit": 10, "server_max_in_flight_seen": peak,
            "held": summary["ok"] == 10 and summary["throttled"] == 20}


def phase_batch(ctl: Control, realm: str, caller: Caller) -> dict[str, object]:
    ctl.advance(120)
    ctl.limits(realm, requests_per_second=100_000, requests_per_minute=100_000, concurrent=100,
               batch_per_minute=40)
    results = _run(caller.batch, 60)
    summary = _summary(results)
    return {**summary, "limit": 40,
            "held": summary["ok"] == 40 and summary["throttled"] == 20}


def main() -> int:
    server, base = start_in_thread()
    started = time.monotonic()
    try:
        seeded = seed(base)
        auth = connect(seeded, seeded.plus_realm)
        caller = Caller(base, seeded.plus_realm, auth.access_token)
        ctl = Control(base)
        phases = {}
        for name, phase in (("per_second", phase_per_second),
                            ("per_second_realtime", phase_per_second_realtime),
                            ("per_minute", phase_per_minute),
                            ("concurrent", phase_concurrent), ("batch", phase_batch)):
            t0 = time.monotonic()
            phases[name] = {**phase(ctl, seeded.plus_realm, caller),
                            "seconds": round(time.monotonic() - t0, 2)}
        result = {"sandbox": base, "realm": seeded.plus_realm, "threads": THREADS,
                  "intuit_limits": {"requests_per_minute": 500, "requests_per_second": 10,
                                    "concurrent": 10, "batch_per_minute": 40},
                  "phases": phases, "all_held": all(p["held"] for p in phases.values()),
                  "seconds": round(time.monotonic() - started, 2)}
    finally:
        server.shutdown()
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0 if result["all_held"] else 1


if __name__ == "__main__":
    sys.exit(main())
