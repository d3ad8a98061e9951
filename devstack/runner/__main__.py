"""`python -m devstack.runner`: fire the local stack's due schedules and feed the sync worker.

  --advance-to 2026-11-25T23:32 --tz America/Chicago   one shot: play (since, T] on a steered clock
  --loop --control-port 8103                            keep ticking with the wall clock (make run)
  --jump-to 23:31 --tz America/Chicago --control URL    tell a running loop to jump to that time
                                                        (prints what it fired)
  --reset-clock --control URL                           put a running loop's clock back on real time

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
import urllib.error
import urllib.request
from typing import Any
from zoneinfo import ZoneInfo

from chalicelib import bootstrap
from chalicelib.config import Config
from devstack.clock import ManualClock, ShiftedClock, SteerableClock
from devstack.runner import Fired, FireOptions, Runner
from devstack.runner.control import serve, target_of

UTC = dt.UTC


def _instant(text: str, tz: str) -> dt.datetime:
    value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=ZoneInfo(tz))


def _runner(args: argparse.Namespace, clock: SteerableClock, since: dt.datetime | None = None) -> Runner:
    """The runner on the environment's stack, with the worker's container on the same clock."""
    container = bootstrap.Container(Config.from_env())
    container.clock = clock
    bootstrap.install(container)
    options = FireOptions(args.early_seconds, args.late_seconds, args.duplicate_rate, seed=args.seed)
    return Runner(container.config, clock, bootstrap.handle_sync_event, options=options, since=since)


def _report(fired: list[Fired], runner: Runner) -> None:
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


def describe(fired: list[Fired], tz: str) -> list[str]:
    """Each fire in words, in `tz`: which schedule, for which night, and where it went."""
    out = []
    for f in fired:
        d = f.delivery
        text = f"{d.schedule_name} for {_local(d.scheduled_time.isoformat(), tz)}"
        text += " (a duplicate delivery)" if d.copy else ""
        text += f" → dead-letter queue: {f.error}" if f.dead_lettered else " → the sync queue and the worker"
        out.append(text)
    return out


def loop(args: argparse.Namespace) -> int:
    clock = ShiftedClock()
    runner = _runner(args, clock)
    lock = threading.Lock()

    def tick() -> list[str]:
        with lock:
            fired = runner.tick()
            _report(fired, runner)
            return describe(fired, args.tz)

    def back_to_real_time() -> None:
        with lock:
            runner.last_tick = clock()  # what fired ahead of time does not fire again

    server = serve(clock, args.control_port, tick, back_to_real_time) if args.control_port else None
    print(f"runner ticking every {args.interval}s; control: "
          f"{f'http://127.0.0.1:{args.control_port}/clock' if server else 'off'}", flush=True)
    try:
        while True:
            try:
                tick()
            except Exception:  # keep the local stack alive; the log says what broke
                logging.exception("runner tick failed")
            time.sleep(args.interval)
    except KeyboardInterrupt:
        return 0


def _control(args: argparse.Namespace, body: dict[str, object]) -> dict[str, Any]:
    request = urllib.request.Request(f"{args.control.rstrip('/')}/clock", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:
            return dict(json.loads(answer.read()))
    except urllib.error.URLError as exc:
        raise SystemExit(f"no runner answers at {args.control} ({exc.reason}): is `make run` running?") from None


def _local(iso: str, tz: str) -> str:
    when = dt.datetime.fromisoformat(iso).astimezone(ZoneInfo(tz))
    return f"{when:%b} {when.day}, {when.year}, {when:%I:%M %p %Z}".replace(", 0", ", ")


def _ahead(seconds: float) -> str:
    minutes = int(abs(seconds)) // 60
    return f"{minutes // 60} h {minutes % 60} min" if minutes >= 60 else f"{minutes} min"


def jump(args: argparse.Namespace) -> int:
    body = {"now": args.jump_to, "tz": args.tz} if "T" in args.jump_to else {"time": args.jump_to, "tz": args.tz}
    target_of(body, dt.datetime.now(UTC))  # fail here, not in the loop, on a malformed time
    answer = _control(args, body)
    print(f"runner clock moved to {_local(answer['now'], args.tz)} ({args.tz})")
    fired = answer.get("fired") or []
    if fired:
        print("fired:", *(f"  {line}" for line in fired), sep="\n")
        print("each sync shows as a Background Task on the studio's page")
    else:
        print("nothing was due by then: no Daily schedule fires before that time")
    print(f"the runner is now {_ahead(answer.get('ahead_seconds', 0))} ahead of real time (the app is not): "
          "a manual sync started meanwhile is dated by the app's clock.\n"
          "back to real time: .venv/bin/python -m devstack.runner --reset-clock")
    return 0


def reset_clock(args: argparse.Namespace) -> int:
    answer = _control(args, {"reset": True})
    print(f"runner clock back on real time: {_local(answer['now'], args.tz)} ({args.tz})")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devstack.runner", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--advance-to", help="one shot: fire and deliver everything up to this time")
    mode.add_argument("--loop", action="store_true", help="tick with the wall clock until interrupted")
    mode.add_argument("--jump-to", help="HH:MM (next one) or an ISO time: move a running loop's clock")
    mode.add_argument("--reset-clock", action="store_true", help="put a running loop's clock back on real time")
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
    if args.reset_clock:
        return reset_clock(args)
    return advance(args) if args.advance_to else loop(args) if args.loop else jump(args)


if __name__ == "__main__":
    sys.exit(main())
