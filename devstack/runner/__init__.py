"""The local stand-in for EventBridge Scheduler + Lambda's SQS trigger (`chalice local` has neither).

`Runner(config, clock, handler)` fires the schedules of `config.scheduler_group` that fall due on
`clock` into their target queues, then feeds the sync queue to `handler` exactly as Lambda would.
`advance_to(t)` plays everything up to `t` in order, setting the clock to each delivery's time
(and to each failed message's return) so the worker sees the time it would see in AWS.
See docs/schedules.md.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from chalicelib.aws.clients import client
from chalicelib.config import Config
from devstack.clock import SteerableClock, aware
from devstack.runner.pump import Handler, Invocation, Pump
from devstack.runner.scheduler import Delivery, Fired, FireOptions, Firer

__all__ = ["Delivery", "FireOptions", "Fired", "Invocation", "Runner"]
DEFAULT_OPTIONS = FireOptions()  # on time, no duplicates


class Runner:
    def __init__(self, config: Config, clock: SteerableClock, handler: Handler, *,
                 options: FireOptions = DEFAULT_OPTIONS, since: dt.datetime | None = None,
                 scheduler: Any = None, sqs: Any = None) -> None:
        self.config, self.clock = config, clock
        sqs = sqs or client(config, "sqs")
        self.firer = Firer(scheduler or client(config, "scheduler"), sqs, config.scheduler_group, options)
        self.pump = Pump(sqs, config.sync_queue_url, config.sync_queue_arn, config.region, handler, clock)
        self.last_tick = aware(since or clock())
        self.fired: list[Fired] = []

    @property
    def invocations(self) -> list[Invocation]:
        return self.pump.invocations

    def tick(self) -> list[Fired]:
        """Everything due by the clock's own now (loop mode, where the clock runs by itself)."""
        return self.advance_to(self.clock())

    def advance_to(self, until: dt.datetime) -> list[Fired]:
        """Fire and deliver every event in (last tick, until], each at its own time, in order."""
        until = aware(until)
        if until < self.last_tick:
            raise ValueError(f"cannot go back to {until} from {self.last_tick}")
        pending = self.firer.plan(self.last_tick, until)
        fired: list[Fired] = []
        self.pump.drain()
        while True:
            returning = self.pump.next_visible()
            due = [t for t in (pending[0].deliver_at if pending else None, returning) if t is not None and t <= until]
            if not due:
                break
            self._move(min(due))
            if pending and pending[0].deliver_at == min(due):
                fired.append(self.firer.deliver(pending.pop(0)))
            self.pump.drain()
        self._move(until)
        self.pump.drain()
        self.last_tick = until
        self.fired += fired
        return fired

    def drain(self) -> list[Invocation]:
        """Feed what is on the queue now (a Sync Now message, say) without moving the clock."""
        return self.pump.drain()

    def _move(self, instant: dt.datetime) -> None:
        if instant > self.clock():
            self.clock.set(instant)
