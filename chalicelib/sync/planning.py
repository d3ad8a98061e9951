"""The next plan of a tenant's range: one call that the run and the preview both make.

The run keeps what it read (the balance snapshot rows, before the plan is written); the preview
asks with `keep=False` and so writes nothing. A first sync is planned as it is read in both.
"""
from __future__ import annotations

import datetime as dt

from chalicelib.domain.journal import PostingPlan
from chalicelib.domain.posting import plan_sync
from chalicelib.ledger.ports import BalanceSnapshots, LedgerReader
from chalicelib.sync.history import plan_first_sync, read_prior, record
from chalicelib.sync.payouts import PayoutSource, plan_with_payouts
from chalicelib.sync.state import posting_settings
from chalicelib.tenants.model import Tenant


def plan_next(ledger: LedgerReader, snapshots: BalanceSnapshots | None, payouts: PayoutSource | None,
              tenant: Tenant, brand: str, *, run_id: str, sync_date: dt.date, cursor: int, first_sync: bool,
              keep: bool) -> PostingPlan:
    """The plan of the committed rows after `cursor`, with one Deposit per payout in the range.
    `keep`: record the balance snapshot rows the next run reads (the run does; the preview not)."""
    tid, generation = tenant.tenant_id, tenant.generation
    settings = posting_settings(tenant, brand)
    if first_sync:  # planned as read: a first sync's year of rows is never held at once
        plan = plan_first_sync(ledger, snapshots if keep else None, tid, generation, cursor, settings,
                               run_id=run_id, sync_date=sync_date)
    else:
        transactions, upto = ledger.read_committed(tid, cursor)
        prior = read_prior(ledger, snapshots, tid, generation, cursor, first_sync, transactions)
        plan = plan_sync(settings, run_id=run_id, sync_date=sync_date, cursor=cursor, upto=upto,
                         first_sync=first_sync, transactions=transactions, history=prior.history,
                         prior_balances=prior.balances)
        if keep:
            record(snapshots, tid, generation, cursor, upto, prior, transactions)  # before the plan is written
    return plan_with_payouts(plan, settings, payouts, tenant)
