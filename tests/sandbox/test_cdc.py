"""Change data capture: changed/deleted objects since a time, within a 30-day lookback."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from quickbooks.cdc import change_data_capture
from quickbooks.exceptions import ValidationException
from quickbooks.objects.account import Account
from quickbooks.objects.journalentry import JournalEntry

from .builders import journal_entry


def _now(control) -> datetime:
    return datetime.fromisoformat(control.call("GET", "/clock")["now"])


def test_cdc_returns_objects_changed_since_the_timestamp(control, plus_qb):
    since = _now(control) + timedelta(seconds=1)
    control.advance(5)
    a = Account()
    a.Name, a.AccountType = "Tuition", "Income"
    a.save(qb=plus_qb)
    result = change_data_capture([Account, JournalEntry], since.isoformat(), qb=plus_qb)
    assert [x.Name for x in result.Account] == ["Tuition"]
    assert not hasattr(result, "JournalEntry")


def test_cdc_reports_deleted_documents_with_status_deleted(control, plus_qb):
    accounts = {x.Name: x.Id for x in Account.all(qb=plus_qb)}
    since = _now(control) + timedelta(seconds=1)
    control.advance(5)
    je = journal_entry([("Debit", accounts["Checking"], 1),
                        ("Credit", accounts["Services"], 1)]).save(qb=plus_qb)
    je.delete(qb=plus_qb)
    result = change_data_capture([JournalEntry], since.isoformat(), qb=plus_qb)
    assert [(x.Id, x.status) for x in result.JournalEntry] == [(je.Id, "Deleted")]


def test_cdc_cannot_look_back_more_than_30_days(control, plus_qb):
    since = _now(control) - timedelta(days=31)
    with pytest.raises(ValidationException) as err:
        change_data_capture([Account], since.isoformat(), qb=plus_qb)
    assert "30 days" in err.value.detail


def test_cdc_counts_as_one_metered_read(seeded, control, plus_qb):
    change_data_capture([Account], datetime.now(UTC).isoformat(), qb=plus_qb)
    assert control.counters(seeded.plus_realm)["metered_reads"] == 1


def test_cdc_returns_at_most_1000_objects(roomy, control, plus_qb):
    import json
    since = _now(control) + timedelta(seconds=1)
    control.advance(5)
    control.company(plus_qb.company_id, plan="Advanced")
    for start in range(0, 1005, 30):
        items = [{"bId": str(n), "operation": "create",
                  "Class": {"Name": f"Class {n}"}} for n in range(start, min(start + 30, 1005))]
        plus_qb.batch_operation(json.dumps({"BatchItemRequest": items}))
    from quickbooks.objects.trackingclass import Class
    result = change_data_capture([Class], since.isoformat(), qb=plus_qb)
    assert len(result.Class) == 1000
