"""`python -m devstack.runner`: fire the local stack's due schedules and feed the sync worker.

  --advance-to 2026-11-25T23:32 --tz America/Chicago   one shot: play (since, T] on a steered clock
  --loop --control-port 8103                            keep ticking with the wall clock (make run)
  --jump-to 23:31 --tz America/Chicago --control URL    tell a running loop to jump to that time

Configuration comes from the environment like the app's (`make run` passes it); see docs/schedules.md.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
import threading
import time
import urllib.request
from zoneinfo import ZoneInfo

from chalicelib import bootstrap
from chalicelib.config import Config
from devstack.clock import ManualClock, ShiftedClock, SteerableClock
from devstack.runner import FireOptions, Runner
from devstack.runner.control import serve, target_of

UTC = dt.timezone.utc


def _instant(text: str, tz: str) -> dt.datetime:
    value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=ZoneInfo(tz))


def _runner(args: argparse.Namespace, clock: SteerableClock, since: dt.datetime | None = None) -> Runner:
    """The runner on the environment's stack, with the worker's container on the same clock."""
    from chalicelib.sync.worker import handle_event

    container = bootstrap.Container(Config.from_env())
    container.clock = clock  # type: ignore[misc, assignment]
    bootstrap.install(container)
    options = FireOptions(args.early_seconds, args.late_seconds, args.duplicate_rate, seed=args.seed)
    return Runner(container.config, clock, handle_event, options=options, since=since)


def _report(fired: list, runner: Runner) -> None:  # type: ignore[type-arg]
    for f in fired:
        d = f.delivery
        print(f"fired {d.schedule_name} for {d.scheduled_time:%Y-%m-%dT%H:%M:%SZ} at {d.deliver_at.isoformat()}"
              f"{' (duplicate)' if d.copy else ''}{' → dead-letter: ' + str(f.error) if f.dead_lettered else ''}",
              flush=True)


def advance(args: argparse.Namespace) -> int:
    since = _instant(args.since, args.tz) if args.since else dt.datetime.now(UTC)
    clock = ManualClock(since)
    runner = _runner(args, clock, since)
    fired = runner.advance_to(_instant(args.advance_to, args.tz))
    _report(fired, runner)
    print(f"{len(fired)} fire(s), {len(runner.invocations)} worker invocation(s); clock now {clock().isoformat()}")
    return 0


def loop(args: argparse.Namespace) -> int:
    clock = ShiftedClock()
    runner = _runner(args, clock)
    lock = threading.Lock()

    def tick() -> None:
        with lock:
            _report(runner.tick(), runner)

    server = serve(clock, args.control_port, tick) if args.control_port else None
    print(f"runner ticking every {args.interval}s; control: "
          f"{f'http://127.0.0.1:{args.control_port}/clock' if server else 'off'}", flush=True)
    try:
        while True:
            try:
                tick()
            except Exception:  # noqa: BLE001 - keep the local stack alive; the log says what broke
                logging.exception("runner tick failed")
            time.sleep(args.interval)
    except KeyboardInterrupt:
        return 0


def jump(args: argparse.Namespace) -> int:
    body = {"now": args.jump_to, "tz": args.tz} if "T" in args.jump_to else {"time": args.jump_to, "tz": args.tz}
    target_of(body, dt.datetime.now(UTC))  # fail here, not in the loop, on a malformed time
    request = urllib.request.Request(f"{args.control.rstrip('/')}/clock", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=120) as answer:
        print(json.loads(answer.read())["now"])
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devstack.runner", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--advance-to", help="one shot: fire and deliver everything up to this time")
    mode.add_argument("--loop", action="store_true", help="tick with the wall clock until interrupted")
    mode.add_argument("--jump-to", help="HH:MM (next one) or an ISO time: move a running loop's clock")
    parser.add_argument("--tz", default="UTC", help="zone of times given without an offset")
    parser.add_argument("--since", help="one shot: start of the window (default: now)")
    parser.add_argument("--interval", type=float, default=1.0, help="loop: seconds between ticks")
    parser.add_argument("--control-port", type=int, default=0, help="loop: serve /clock on this port")
    parser.add_argument("--control", default="http://127.0.0.1:8103", help="jump: the loop's control URL")
    parser.add_argument("--early-seconds", type=float, default=0.0, help="deliver up to N s early")
    parser.add_argument("--late-seconds", type=float, default=0.0, help="deliver up to N s late")
    parser.add_argument("--duplicate-rate", type=float, default=0.0, help="share of fires delivered twice")
    parser.add_argument("--seed", type=int, default=0, help="seed of the jitter and duplicates")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s runner %(levelname)s %(message)s")
    return advance(args) if args.advance_to else loop(args) if args.loop else jump(args)


if __name__ == "__main__":
    sys.exit(main())
