"""`make bench`: every benchmark in turn, each writing its JSON under bench/results/."""
from __future__ import annotations

import subprocess
import sys

BENCHMARKS = ["bench.ledger_ingest", "bench.sandbox_throttle", "bench.cold_start", "bench.history_costs", "bench.sync",
              "bench.payouts", "bench.peer_baseline", "bench.nightly_wave"]  # peer_baseline and nightly_wave read sync.json


def main() -> int:
    failed = []
    for module in BENCHMARKS:
        print(f"== {module}", flush=True)
        if subprocess.call([sys.executable, "-m", module]) != 0:
            failed.append(module)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
