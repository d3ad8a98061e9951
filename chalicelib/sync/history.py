"""What a run reads besides its own range: balance snapshots and the rows its voids undo.

Why: planning a later run needs each family's balance as of the cursor and the rows its voids
refer to. Rebuilding the balances from the whole history made every nightly run's cost grow with
the studio's age; with snapshots it follows the run's size (docs/sync.md "Reading less history").

Rules (the correctness argument):
- A run writes, before its plan, a version at the plan's `upto` for every family it touches
  (the balance after the run is fixed once the plan is). Its row keeps only the newest version
  ≤ cursor besides (≤ 2 versions; anything newer than the cursor is a dead attempt's leftover).
- The balance as of a cursor is the newest version ≤ cursor, 0 without one. A plan is always
  finished before another is made (the next run finishes an open plan under its keys), so
  cursors form one line and a run that dies leaves the cursor's version intact. Only the lease
  holder writes, and a worker dies (Lambda timeout) before its lease can expire.
- Without a `base` ≤ cursor (every tenant before this change, a first sync, a backfill that died
  before its base) the run reads the full history once, as before, and writes every family's
  row, then the base at `upto`. The base is written last, so a half backfill is never used.
- Each version also keeps the newest business date among the family's rows to it. A range row
  dated before it is late: it changes the family's receivables/unapplied split on later dates
  (domain/settle.py), which needs the family's earlier rows, so that run reads the history once
  and keeps those families' rows. A version stored before dates were kept counts as late, and
  its run backfills every family (with dates), so the unknown dates are gone after one run.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from chalicelib.domain.balances import family_balances
from chalicelib.domain.journal import PostingPlan
from chalicelib.domain.money import ZERO
from chalicelib.domain.planner import RangePlanner
from chalicelib.domain.posting import roll_balances, void_targets
from chalicelib.domain.settings import PostingSettings
from chalicelib.domain.transactions import Transaction
from chalicelib.ledger.ports import BalanceSnapshots, LedgerReader, Version


@dataclass(frozen=True)
class Prior:
    """What the planner gets besides the range: `history` and, unless backfilling, `balances`."""

    history: list[Transaction]
    balances: dict[str, Decimal] | None = None  # None: planned from the full history (backfill)
    stored: Mapping[str, Mapping[int, Version]] = field(default_factory=dict)  # versions read
    latest: dict[str, dt.date] = field(default_factory=dict)  # newest row date to the cursor


def as_of(versions: Mapping[int, Version], cursor: int) -> Version | None:
    """The version as of `cursor`: the newest one ≤ cursor (None: the family had no rows)."""
    seqs = [s for s in versions if s <= cursor]
    return versions[max(seqs)] if seqs else None


def newest_dates(rows: Iterable[Transaction], into: dict[str, dt.date] | None = None) -> dict[str, dt.date]:
    """family → the newest business date among `rows` (and what `into` held)."""
    out = {} if into is None else into
    for t in rows:
        out[t.family_id] = max(out.get(t.family_id, t.date), t.date)
    return out


def read_prior(ledger: LedgerReader, snapshots: BalanceSnapshots | None, tenant_id: str, generation: int,
               cursor: int, first_sync: bool, transactions: Sequence[Transaction]) -> Prior:
    """The reads a plan of (cursor, upto] needs: snapshots when complete, else the full history."""
    if snapshots is None or first_sync:
        return Prior(ledger.history(tenant_id, cursor) if cursor else [])
    base = snapshots.base(tenant_id, generation)
    if base is None or base > cursor:
        return Prior(ledger.history(tenant_id, cursor) if cursor else [])
    in_range = {t.id: t for t in transactions}
    wanted = void_targets(transactions) - in_range.keys()
    targets = [t for t in (ledger.get_by_ids(tenant_id, wanted) if wanted else {}).values() if t.seq <= cursor]
    earlier = ledger.voided_by(tenant_id, [t.id for t in targets]) if targets else {}
    earlier_ids = set(earlier.values()) - in_range.keys()  # a void in the range is in `transactions`
    voids = ledger.get_by_ids(tenant_id, earlier_ids) if earlier_ids else {}
    history = sorted(targets + [v for v in voids.values() if v.seq <= cursor], key=lambda t: t.seq)
    families = {t.family_id for t in transactions} | {t.family_id for t in targets}
    stored = snapshots.versions(tenant_id, generation, families) if families else {}
    current = {f: as_of(stored.get(f, {}), cursor) for f in families}
    if any(v is not None and v.latest is None for v in current.values()):
        return Prior(ledger.history(tenant_id, cursor))  # dates unknown: backfill them (see the rules)
    latest = {f: v.latest for f, v in current.items() if v is not None and v.latest is not None}
    late = {t.family_id for t in transactions if t.date < latest.get(t.family_id, t.date)}
    if late:  # their earlier rows are needed (see the rules)
        known = {t.id for t in history}
        history = sorted(history + [t for t in ledger.history(tenant_id, cursor)
                                    if t.family_id in late and t.id not in known], key=lambda t: t.seq)
    balances = {f: v.balance if v is not None else ZERO for f, v in current.items()}
    return Prior(history, balances, stored, latest)


def record(snapshots: BalanceSnapshots | None, tenant_id: str, generation: int, cursor: int, upto: int,
           prior: Prior, transactions: Sequence[Transaction]) -> None:
    """Store the balances after the run at `upto` (before the plan is written: see the rules)."""
    if snapshots is None:
        return
    if prior.balances is None:
        after = roll_balances(family_balances(prior.history), transactions, prior.history)
        dates = newest_dates([*prior.history, *transactions])
        snapshots.write(tenant_id, generation, {f: {upto: Version(b, dates.get(f))} for f, b in after.items()})
        snapshots.set_base(tenant_id, generation, upto)
        return
    if upto == cursor:
        return
    after = roll_balances(prior.balances, transactions, prior.history)
    dates = newest_dates(transactions, dict(prior.latest))
    rows: dict[str, dict[int, Version]] = {}
    for family in prior.balances:
        versions = prior.stored.get(family, {})
        kept = [s for s in versions if s <= cursor]
        rows[family] = {**({max(kept): versions[max(kept)]} if kept else {}),
                        upto: Version(after[family], dates.get(family))}
    snapshots.write(tenant_id, generation, rows)


def plan_first_sync(ledger: LedgerReader, snapshots: BalanceSnapshots | None, tenant_id: str, generation: int,
                    cursor: int, settings: PostingSettings, *, run_id: str, sync_date: dt.date) -> PostingPlan:
    """A first sync, planned as its range is read: a year of rows is never held at once (only
    the rows voids undo are kept), and the backfill's balances come out of the same pass. Same
    plan, same snapshot rows as `read_prior` + `plan_sync` + `record` (the rules above)."""
    history = ledger.history(tenant_id, cursor) if cursor else []
    rows, upto, keep = _streamed(ledger, tenant_id, cursor)
    planner = RangePlanner(settings, run_id=run_id, sync_date=sync_date, cursor=cursor, first_sync=True,
                           history=history, keep=keep)
    dates = newest_dates(history)
    for t in rows:
        planner.add(t)
        dates[t.family_id] = max(dates.get(t.family_id, t.date), t.date)
    unknown = planner.unknown_targets()  # voids stored after `keep` was read: look their rows up
    if unknown:
        planner.know(t for t in ledger.get_by_ids(tenant_id, unknown).values() if t.seq <= upto())
    plan = planner.plan(upto())
    if snapshots is not None:  # before the plan is written: see the rules
        snapshots.write(tenant_id, generation, {f: {plan.upto: Version(b, dates.get(f))}
                                                for f, b in planner.balances.items()})
        snapshots.set_base(tenant_id, generation, plan.upto)
    return plan


def _streamed(ledger: Any, tenant_id: str, cursor: int) -> tuple[Iterable[Transaction], Callable[[], int],
                                                                    Container[str] | None]:
    """The range as a stream, its watermark once read, and the ids voids may undo; a reader
    without a stream (an in-memory fake) gives its list, and every row is kept."""
    if not hasattr(ledger, "committed"):
        transactions, upto = ledger.read_committed(tenant_id, cursor)
        return transactions, lambda: upto, None
    stream = ledger.committed(tenant_id, cursor)
    return stream, lambda: stream.upto, ledger.void_targets(tenant_id)
