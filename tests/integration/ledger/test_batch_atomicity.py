"""Issue #16 items 5 and 6: a batch is stored whole or not at all, however many chunks it takes,
and each occurrence of a stored id is judged by its own body."""
from __future__ import annotations

import json
import threading

from chalicelib.errors import ClassbooksError
from chalicelib.ledger.ingest import LedgerIngest
from chalicelib.ledger.schemas import parse_batch
from tests.integration.ledger.conftest import charge, payment


def _void(id: str, target: str, amount: str = "100.00") -> dict:
    return {"id": id, "type": "void", "date": "2025-03-06", "amount": amount, "family_id": "f1",
            "location_id": "L1", "voids": target}


def _batch(items: list[dict]):
    return parse_batch(json.dumps({"transactions": items}))


def test_a_rival_void_of_the_same_target_cannot_split_a_multi_chunk_batch(container, ledger_api, tenant):
    assert ledger_api.post([charge("T")]).status_code == 200
    big = [payment(f"P{i}") for i in range(60)] + [_void("V-mine", "T")]  # 123 items: two TransactWrites
    ledger, answers = container.ledger, {}
    real_append = ledger.append

    def rival() -> None:
        try:
            answers["rival"] = LedgerIngest(ledger).ingest(tenant, _batch([_void("V-rival", "T")])).body()
        except ClassbooksError as refused:
            answers["rival"] = refused.code

    def append_while_a_rival_voids(*args, **kwargs):
        thread = threading.Thread(target=rival)
        thread.start()
        thread.join(timeout=1.5)  # without serialisation the rival's void lands right here
        answers["thread"] = thread
        return real_append(*args, **kwargs)

    ledger.append = append_while_a_rival_voids  # type: ignore[method-assign]
    try:
        mine = LedgerIngest(ledger).ingest(tenant, _batch(big)).body()
    finally:
        ledger.append = real_append  # type: ignore[method-assign]
        answers["thread"].join(timeout=15)
    assert mine["accepted"] == 61
    assert answers["rival"] == "invalid_transactions"  # it saw the void and stored nothing
    stored = ledger.get_by_ids(tenant, ["V-mine", "V-rival"])
    assert set(stored) == {"V-mine"}


def test_a_stored_id_sent_twice_first_with_another_body_is_a_conflict(ledger_api, tenant):
    assert ledger_api.post([charge("C1", "100.00")]).status_code == 200
    reply = ledger_api.post([charge("C1", "999.00"), charge("C1", "100.00")])
    assert reply.status_code == 409, reply.body
    body = json.loads(reply.body)
    assert body["error"] == "id_conflict" and [d["index"] for d in body["details"]] == [0]


def test_a_stored_id_sent_twice_with_its_own_body_is_a_duplicate_twice(ledger_api, tenant):
    assert ledger_api.post([charge("C1", "100.00")]).status_code == 200
    reply = ledger_api.post([charge("C1", "100.00"), charge("C1", "100.00")])
    assert reply.status_code == 200 and json.loads(reply.body)["duplicates"] == 2
