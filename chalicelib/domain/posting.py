"""The posting planner: a pure function from the ledger to an immutable `PostingPlan`.

Like Chalice's deploy planner, it decides everything (documents, lines, keys, memos) and does
nothing; an executor posts the plan and a preview displays it.

Path: balances start from the full prior history (pre-go-live rows included) and the run's rows
are applied in (date, seq) order; each row's ΔAR/ΔUC goes to the document of its group, so the
clearing and Unapplied Credits accounts always equal total receivables and the FIN-12 total
(with the opening entry). Rows dated before go-live never post: on the first sync their change
is the opening figures; later, a late pre-go-live row's change is an opening adjustment.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal

from chalicelib.domain.balances import net_effect, ordered
from chalicelib.domain.errors import PlanningError
from chalicelib.domain.journal import PostingPlan
from chalicelib.domain.money import ZERO
from chalicelib.domain.planner import RangePlanner, _subject
from chalicelib.domain.settings import PostingSettings
from chalicelib.domain.transactions import Transaction, TxnType


def plan_sync(settings: PostingSettings, *, run_id: str, sync_date: dt.date, cursor: int,
              upto: int, first_sync: bool, transactions: Sequence[Transaction],
              history: Sequence[Transaction],
              prior_balances: Mapping[str, Decimal] | None = None) -> PostingPlan:
    """Plan the run covering ledger range (cursor, upto].

    `transactions` are the range's rows, `history` the rows with seq ≤ cursor. On the first sync
    history is planned too (nothing has been posted yet), from zero balances.

    A later run may pass `prior_balances`, each family's balance after every row with seq ≤
    cursor (the snapshot `roll_balances` gives); `history` then needs only the rows the run's
    voids refer to, and earlier voids of those (`void_targets`), not the whole ledger.
    """
    _check_range(cursor, upto, transactions, history)
    planner = RangePlanner(settings, run_id=run_id, sync_date=sync_date, cursor=cursor, first_sync=first_sync,
                           history=history, prior_balances=prior_balances)
    for t in transactions:
        planner.add(t)
    return planner.plan(upto)


def void_targets(transactions: Sequence[Transaction]) -> set[str]:
    """Ids of the prior rows a run needs besides a balance snapshot: what its voids undo."""
    return {t.voids for t in transactions if t.type is TxnType.VOID and t.voids}


def roll_balances(prior_balances: Mapping[str, Decimal], transactions: Sequence[Transaction],
                  history: Sequence[Transaction]) -> dict[str, Decimal]:
    """Each family's balance after `transactions`, from `prior_balances`: the snapshot a run can
    store with its cursor move so the next run reads no history. `history` as for `plan_sync`."""
    by_id = {t.id: t for t in [*history, *transactions]}
    voided = {t.voids for t in history if t.type is TxnType.VOID and t.voids}
    balances = dict(prior_balances)
    for t in ordered(transactions):
        found = _subject(t, by_id, voided)
        if found is not None:
            family = found[0].family_id
            balances[family] = balances.get(family, ZERO) + net_effect(found[0]) * found[1]
    return balances


def _check_range(cursor: int, upto: int, new: Sequence[Transaction],
                 history: Sequence[Transaction]) -> None:
    if not 0 <= cursor <= upto:
        raise PlanningError(f"ledger range ({cursor}, {upto}] is not a range")
    stray = [t.id for t in new if not cursor < t.seq <= upto]
    stray += [t.id for t in history if t.seq > cursor]
    if stray:
        raise PlanningError(f"transactions outside the run's ledger range: {', '.join(stray[:5])}")
