"""Properties over random payment and payout streams: partial settlement, refunds and
chargebacks withheld, reversals, voids after a payout, two processors, several runs."""
from __future__ import annotations

import random
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chalicelib.domain.clearing import clearing
from chalicelib.domain.journal import DEPOSIT, DocumentKind
from chalicelib.sync.ports import References
from chalicelib.sync.qbo.deposit import deposit
from tests.unit.domain.builders import GO_LIVE
from tests.unit.payouts.streams import Stream

RUNS = st.lists(st.integers(1, 25), min_size=1, max_size=5)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(seed=st.integers(0, 2**32), runs=RUNS)
def test_merchant_settlement_equals_the_payments_not_yet_paid_out_after_every_run(seed: int, runs: list[int]) -> None:
    stream = Stream(random.Random(seed))
    for n, count in enumerate(runs):
        stream.ingest(count)
        stream.run(f"run-{n}")
        figures = clearing(stream.rows, stream.payouts, GO_LIVE)
        assert stream.books.get("merchant_settlement", Decimal("0.00")) == figures.expected_balance


@SETTINGS
@given(seed=st.integers(0, 2**32), runs=RUNS)
def test_each_payouts_bank_line_is_its_net_and_every_document_balances(seed: int, runs: list[int]) -> None:
    stream = Stream(random.Random(seed))
    for n, count in enumerate(runs):
        stream.ingest(count)
        stream.run(f"run-{n}")
    nets = {p.id: p.net for p in stream.payouts}
    payout_docs = [d for d in stream.posted if d.kind is DocumentKind.PAYOUT]
    assert len(payout_docs) == len(stream.payouts) and all(d.balanced for d in stream.posted)
    for doc, p in zip(payout_docs, sorted(stream.payouts, key=lambda p: (p.date, p.seq)), strict=True):
        assert p.id in doc.private_note
        bank = [ln.signed for ln in doc.lines if ln.account.role.value == "payout_bank"]
        assert sum(bank, Decimal("0.00")) == nets[p.id]
        if doc.entity == DEPOSIT:
            body = deposit(doc, References({str(ln.account): "1" for ln in doc.lines}))
            assert sum((ln["Amount"] for ln in body["Line"]), Decimal("0")) == nets[p.id] > 0


@SETTINGS
@given(seed=st.integers(0, 2**32), runs=RUNS)
def test_every_payout_is_planned_exactly_once_across_runs(seed: int, runs: list[int]) -> None:
    stream = Stream(random.Random(seed))
    for n, count in enumerate(runs):
        stream.ingest(count)
        stream.run(f"run-{n}")
    keys = [d.key for d in stream.posted if d.kind is DocumentKind.PAYOUT]
    assert len(keys) == len(set(keys)) == len(stream.payouts)
