"""`classbooks import-csv` against the app served over real HTTP in a thread (`served_app`)."""
from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from chalicelib.cli import import_csv as module
from chalicelib.cli.__main__ import main
from chalicelib.cli.import_csv import ImportAborted, http_post
from tests.integration.ledger.conftest import TENANT, auth, charge, payment, refund

FIELDS = ["id", "type", "date", "amount", "family_id", "location_id", "revenue_category", "payment_type",
          "custom_type", "processor", "credit_type", "refunds", "voids"]


@pytest.fixture
def token(config, tenant) -> str:
    return auth(config, "platform")["Authorization"].split()[1]


def write_csv(path: Path, items: list[dict[str, Any]]) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(items)
    return path


def import_csv(path: Path, api: str, token: str, *extra: str) -> int:
    return main(["import-csv", str(path), "--tenant", TENANT, "--api", api, "--token", token,
                 "--state", str(path.with_suffix(".state")), *extra])


def test_a_clean_file_is_imported_in_batches(tmp_path, served_app, token, container, capsys) -> None:
    items = [charge(f"c{i}") for i in range(23)] + [payment("p1"), refund("r1", "p1")]
    path = write_csv(tmp_path / "export.csv", items)
    assert import_csv(path, served_app, token, "--batch-size", "10") == 0
    out, err = capsys.readouterr()
    assert "accepted: 25\nduplicate: 0\nrefused: 0\n" in out
    assert "25/25 rows" in err
    assert sorted(t.id for t in container.ledger.history(TENANT, None)) == sorted(i["id"] for i in items)
    # importing the same file again (state file removed) only counts duplicates
    path.with_suffix(".state").unlink()
    assert import_csv(path, served_app, token, "--batch-size", "7") == 0
    assert "accepted: 0\nduplicate: 25\nrefused: 0\n" in capsys.readouterr().out


def test_bad_rows_are_refused_with_their_line_numbers_and_the_rest_imported(tmp_path, served_app, token, container, capsys) -> None:  # noqa: E501
    items = [charge("c1"), {**charge("c2"), "amount": "-3.00"}, payment("p1"),
             {**charge("c3"), "date": "2025-02-30"}, refund("r1", "p1"), refund("r2", "ghost"),
             charge("c4"), {**payment("p2"), "payment_type": "bitcoin"}]
    path = write_csv(tmp_path / "export.csv", items)
    assert import_csv(path, served_app, token, "--batch-size", "3") == 1
    out = capsys.readouterr().out
    assert "accepted: 4\nduplicate: 0\nrefused: 4\n" in out
    refused_lines = [int(line.split()[1]) for line in out.splitlines() if line.startswith("  line ")]
    assert refused_lines == [3, 5, 7, 9]  # header is line 1; c2, c3, r2, p2
    assert "line 7 (id r2): refunds:" in out
    assert sorted(t.id for t in container.ledger.history(TENANT, None)) == ["c1", "c4", "p1", "r1"]


def test_an_interrupted_import_resumes_after_the_last_acknowledged_batch(tmp_path, served_app, token, container, capsys) -> None:
    items = [charge(f"c{i}") for i in range(40)]
    path = write_csv(tmp_path / "export.csv", items)
    real = http_post(served_app, TENANT, token)
    sent: list[int] = []

    def flaky(body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        sent.append(len(body["transactions"]))
        if len(sent) == 3:
            raise ImportAborted("network down")
        return real(body)

    args = module.argparse.Namespace(file=path, tenant=TENANT, api=served_app, token=token, batch_size=10,
                                     state=path.with_suffix(".state"))
    assert module.run(args, post=flaky) == 2
    state = json.loads(path.with_suffix(".state").read_text())
    assert (state["last_line"], state["accepted"]) == (21, 20)  # two batches of 10 acknowledged
    assert len(container.ledger.history(TENANT, None)) == 20
    capsys.readouterr()

    assert import_csv(path, served_app, token, "--batch-size", "10") == 0
    out, err = capsys.readouterr()
    assert "resuming after line 21" in err
    assert "accepted: 40\nduplicate: 0\nrefused: 0\n" in out
    assert sorted(t.id for t in container.ledger.history(TENANT, None)) == sorted(i["id"] for i in items)
