"""One-offs: give every tenant item written before profile writes stored a status `not_connected`;
set every tenant's run attention from its latest runs.

Until the profile write set `connection_status` where none was stored, a profile-only tenant's
item had no status at all, so the `by_connection_status` index (support's list) does not hold it.
`backfill_connection_status` finds those items (a scan filtered on the missing attribute, reading
only their ids) and sets `not_connected` on each with a conditional UpdateItem that succeeds only
while the item exists and still has no status: a status written meanwhile (a connect, a re-auth)
is never replaced and no item is created. Running it again finds nothing to do (idempotent).

Run it once per deployment, after the code that stores the status on profile writes is live:
`python -m chalicelib.cli backfill-connection-status [--dry-run]` with the deployment's environment
(see docs/support.md).

`backfill_run_attention` sets `run_attention` and `last_daily_skip` (support's `by_run_attention`
index, chalicelib/tenants/attention.py) on every tenant from its latest runs, replaying their ends
oldest first as the sync's writes would have left them: the same 10 runs support classifies
from. It writes only where the stored values differ (a second run writes nothing) and never
creates an item. `python -m chalicelib.cli backfill-run-attention [--dry-run]`, once, after the
index is ACTIVE and outside the nightly wave (a run ending between its read and its write can be
overwritten with the older answer; support's list still classifies every tenant from its runs).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pynamodb.exceptions import UpdateError

from chalicelib.store.models import RunItem, TenantItem
from chalicelib.tenants.attention import FAILING, RunEnd, replay
from chalicelib.tenants.model import ConnectionStatus

NOT_CONNECTED = ConnectionStatus.NOT_CONNECTED.value


@dataclass(frozen=True)
class BackfillReport:
    missing: int  # items the scan found without a status
    set: int  # of those, how many this run gave `not_connected`
    skipped: int  # got a status (or went away) between the scan and the write: left alone

    def to_dict(self) -> dict[str, int]:
        return {"missing": self.missing, "set": self.set, "skipped": self.skipped}


def fill_one(tenant: type[TenantItem], tenant_id: str) -> bool:
    """`not_connected` on `tenant_id` if it exists and has no status; False when it did nothing."""
    T = tenant
    try:
        T(tenant_id).update(actions=[T.connection_status.set(NOT_CONNECTED)],
                            condition=T.tenant_id.exists() & T.connection_status.does_not_exist())
    except UpdateError as exc:
        if exc.cause_response_code != "ConditionalCheckFailedException":
            raise
        return False
    return True


def backfill_connection_status(tenant: type[TenantItem], *, dry_run: bool = False,
                               page_size: int = 100) -> BackfillReport:
    """Set `not_connected` on every tenant item that has no status (none changed with `dry_run`)."""
    T = tenant
    missing = done = 0
    for item in T.scan(filter_condition=T.connection_status.does_not_exist(), attributes_to_get=["tenant_id"],
                       page_size=page_size):
        missing += 1
        if not dry_run and fill_one(T, item.tenant_id):
            done += 1
    return BackfillReport(missing=missing, set=done, skipped=0 if dry_run else missing - done)


RUNS_READ = 10  # as many as support's status reads (chalicelib/support/service.py RUNS_SHOWN)
ENDS = {"succeeded": RunEnd.SUCCEEDED, "failed": RunEnd.FAILED}


@dataclass(frozen=True)
class AttentionReport:
    tenants: int  # tenant items scanned
    failing: int  # of those, how many the runs say are `failing`
    skipped: int  # how many have a skipped daily run among their latest (`skipped#<date>`)
    written: int  # items whose stored values differed and were written (0 with a dry run)

    def to_dict(self) -> dict[str, int]:
        return {"tenants": self.tenants, "failing": self.failing, "skipped": self.skipped, "written": self.written}


def run_end(run: RunItem) -> tuple[RunEnd, dt.date | None] | None:
    """The attention write a stored run's end made (None: the run made none)."""
    if run.status == "skipped" and run.trigger == "daily":
        return RunEnd.SKIPPED_DAILY, (run.scheduled_for or run.created_at).astimezone(dt.UTC).date()
    end = ENDS.get(run.status)
    return (end, None) if end is not None else None


def backfill_run_attention(tenant: type[TenantItem], run: type[RunItem], *, dry_run: bool = False,
                           page_size: int = 100) -> AttentionReport:
    """Every tenant's `run_attention` and `last_daily_skip` as its latest runs leave them."""
    T = tenant
    scanned = failing = skipped = written = 0
    for item in T.scan(attributes_to_get=["tenant_id", "run_attention", "last_daily_skip"], page_size=page_size):
        scanned += 1
        runs = list(run.query(item.tenant_id, scan_index_forward=False, limit=RUNS_READ))
        current, last_skip = replay(e for e in (run_end(r) for r in reversed(runs)) if e is not None)
        failing += current == FAILING
        skipped += last_skip is not None
        if (current, last_skip) == (item.run_attention, item.last_daily_skip) or dry_run:
            continue
        try:
            T(item.tenant_id).update(actions=[
                T.run_attention.set(current) if current else T.run_attention.remove(),
                T.last_daily_skip.set(last_skip) if last_skip else T.last_daily_skip.remove()],
                condition=T.tenant_id.exists())
        except UpdateError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise
            continue  # deleted meanwhile: nothing to mark
        written += 1
    return AttentionReport(tenants=scanned, failing=failing, skipped=skipped, written=written)
