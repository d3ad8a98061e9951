"""Per-realm call counters: metered reads vs writes (the connector promises <= 1 read a night)."""
from __future__ import annotations

import json

from quickbooks.objects.account import Account
from quickbooks.objects.preferences import Preferences

from .builders import journal_entry


def test_queries_reads_and_reports_count_as_metered_reads(seeded, control, plus_qb):
    Account.all(qb=plus_qb)
    Preferences.get(qb=plus_qb)
    plus_qb.get_report("TrialBalance", {"end_date": "2026-03-31"})
    counters = control.counters(seeded.plus_realm)
    assert counters["metered_reads"] == 3 and counters["writes"] == 0


def test_creates_count_as_writes_not_reads(seeded, control, plus_qb):
    accounts = {a.Name: a.Id for a in Account.all(qb=plus_qb)}
    control.call("POST", f"/companies/{seeded.plus_realm}/counters/reset")
    journal_entry([("Debit", accounts["Checking"], 1),
                   ("Credit", accounts["Services"], 1)]).save(qb=plus_qb)
    counters = control.counters(seeded.plus_realm)
    assert (counters["metered_reads"], counters["writes"]) == (0, 1)


def test_batch_is_counted_by_its_items_kinds(seeded, control, plus_qb):
    plus_qb.batch_operation(json.dumps({"BatchItemRequest": [
        {"bId": "1", "operation": "create", "Class": {"Name": "A"}},
        {"bId": "2", "operation": "create", "Class": {"Name": "B"}},
        {"bId": "3", "Query": "select * from Class"}]}))
    counters = control.counters(seeded.plus_realm)
    assert (counters["metered_reads"], counters["writes"], counters["requests"]) == (1, 2, 1)


def test_counters_are_per_company(seeded, control, plus_qb):
    Account.all(qb=plus_qb)
    assert control.counters(seeded.essentials_realm)["requests"] == 0


def test_throttled_calls_are_counted_but_not_metered(seeded, control, plus_qb):
    control.limits(seeded.plus_realm, requests_per_minute=0)
    try:
        Account.all(qb=plus_qb)
    except Exception:  # the 429 is what we want
        pass
    counters = control.counters(seeded.plus_realm)
    assert (counters["requests"], counters["throttled"], counters["metered_reads"]) == (1, 1, 0)
