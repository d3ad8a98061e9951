"""Planning from a balance snapshot: a later run given each family's prior balance and only the
rows its voids undo (and, for a family with late rows, its earlier rows) plans exactly what it
plans from the whole history."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.domain.balances import family_balances
from chalicelib.domain.errors import PlanningError
from chalicelib.domain.posting import plan_sync, roll_balances, void_targets
from chalicelib.domain.transactions import Transaction, TxnType
from tests.unit.domain.test_posting_properties import cfg, common, cut_lists, dates, ledgers


def needed(transactions: list[Transaction], history: list[Transaction]) -> list[Transaction]:
    """What a reader would fetch besides the snapshot: the voids' targets and earlier voids of
    them, and every row of a family whose new rows are dated before its latest earlier row."""
    targets = void_targets(transactions)
    latest: dict[str, dt.date] = {}
    for t in history:
        latest[t.family_id] = max(latest.get(t.family_id, t.date), t.date)
    late = {t.family_id for t in transactions if t.date < latest.get(t.family_id, t.date)}
    return [t for t in history if t.id in targets or (t.type is TxnType.VOID and t.voids in targets)
            or t.family_id in late]


def runs(ledger: list[Transaction], cuts: list[int]) -> list[tuple[int, int]]:
    bounds = sorted({c for c in cuts if 0 < c < len(ledger)} | {len(ledger)})
    return list(zip([0] + bounds[:-1], bounds))


@common
@given(ledgers(), cut_lists, dates)
def test_later_runs_planned_from_rolled_snapshots_equal_runs_planned_from_full_history(ledger, cuts, first) -> None:  # type: ignore[no-untyped-def]
    snapshot: dict[str, Decimal] = {}
    for i, (cursor, upto) in enumerate(runs(ledger, cuts)):
        new, prior = ledger[cursor:upto], ledger[:cursor]
        sync = first + dt.timedelta(days=i)
        full = plan_sync(cfg(), run_id=f"run-{i}", sync_date=sync, cursor=cursor, upto=upto,
                         first_sync=i == 0, transactions=new, history=prior)
        lean = plan_sync(cfg(), run_id=f"run-{i}", sync_date=sync, cursor=cursor, upto=upto, first_sync=i == 0,
                         transactions=new, history=prior if i == 0 else needed(new, prior),
                         prior_balances=None if i == 0 else snapshot)
        assert lean == full
        snapshot = roll_balances(snapshot, prior + new if i == 0 else new, [] if i == 0 else needed(new, prior))


@common
@given(ledgers(), st.integers(min_value=0, max_value=40))
def test_rolling_a_snapshot_over_a_run_gives_the_balances_of_the_whole_ledger(ledger, cut) -> None:  # type: ignore[no-untyped-def]
    prior, new = ledger[:cut], ledger[cut:]
    assert roll_balances(family_balances(prior), new, needed(new, prior)) == family_balances(ledger)


def test_a_first_sync_refuses_prior_balances() -> None:
    with pytest.raises(PlanningError, match="first sync"):
        plan_sync(cfg(), run_id="r", sync_date=dt.date(2025, 3, 5), cursor=0, upto=0, first_sync=True,
                  transactions=[], history=[], prior_balances={"a": Decimal("1.00")})
