"""The same id with the same body is a counted duplicate; with another body, a 409."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from tests.integration.ledger.conftest import charge, payment, refund


def test_retrying_a_whole_batch_stores_nothing_twice(ledger_api, tenant, container) -> None:
    batch = [charge(f"c{i}") for i in range(120)] + [payment("p1"), refund("r1", "p1")]
    first = ledger_api.post(batch)
    assert first.json_body["accepted"] == 122
    retry = ledger_api.post(batch)
    assert retry.status_code == 200
    assert (retry.json_body["accepted"], retry.json_body["duplicates"]) == (0, 122)
    assert [t["seq"] for t in retry.json_body["transactions"]] == [t["seq"] for t in first.json_body["transactions"]]
    assert {t["status"] for t in retry.json_body["transactions"]} == {"duplicate"}
    transactions, upto = container.ledger.read_committed(tenant, 0)
    assert len(transactions) == 122 and upto == 122
    assert container.models.Tenant.get(tenant).next_seq == 122


def test_a_batch_mixing_new_and_known_ids_stores_only_the_new(ledger_api, tenant, container) -> None:
    ledger_api.post([charge("c1"), charge("c2")])
    response = ledger_api.post([charge("c2"), charge("c3"), charge("c1")])
    assert [(t["id"], t["status"], t["seq"]) for t in response.json_body["transactions"]] == [
        ("c2", "duplicate", 2), ("c3", "accepted", 3), ("c1", "duplicate", 1)]


def test_the_same_body_written_differently_is_still_a_duplicate(ledger_api, tenant) -> None:
    ledger_api.post([charge("c1", amount="12.50")])
    response = ledger_api.post([charge("c1", amount="12.5")])
    assert response.json_body["duplicates"] == 1


def test_the_same_id_with_another_body_is_a_409_and_stores_nothing(ledger_api, tenant, container) -> None:
    ledger_api.post([charge("c1")])
    response = ledger_api.post([charge("c9"), charge("c1", amount="100.01")])
    assert response.status_code == 409
    assert response.json_body["error"] == "id_conflict"
    assert [(d["index"], d["id"]) for d in response.json_body["details"]] == [(1, "c1")]
    assert container.ledger.get_by_ids(tenant, ["c9"]) == {}
    assert container.models.Tenant.get(tenant).next_seq == 1


def test_concurrent_identical_batches_store_each_transaction_once(tenant, container) -> None:
    import json

    from chalicelib.ledger.ingest import LedgerIngest
    from chalicelib.ledger.schemas import parse_batch

    batch = parse_batch(json.dumps({"transactions": [charge(f"c{i}") for i in range(150)]}))
    ingest = LedgerIngest(container.ledger)
    with ThreadPoolExecutor(max_workers=4) as pool:
        outcomes = list(pool.map(lambda _: ingest.ingest(tenant, batch), range(4)))
    assert sum(o.count("accepted") for o in outcomes) == 150
    assert sum(o.count("duplicate") for o in outcomes) == 450
    seqs = {t.id: t.seq for t in container.ledger.get_by_ids(tenant, [f"c{i}" for i in range(150)]).values()}
    for outcome in outcomes:  # every caller is told the seq that was actually stored
        assert {i: q for i, _, q in outcome.items} == seqs
    transactions, upto = container.ledger.read_committed(tenant, 0)
    assert sorted(t.id for t in transactions) == sorted(f"c{i}" for i in range(150))
    assert upto == container.models.Tenant.get(tenant).next_seq  # losers' seqs are tombstoned
