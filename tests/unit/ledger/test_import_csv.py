"""The CSV importer with an in-memory API: refusals, re-sends and the state file."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from chalicelib.cli.import_csv import Importer, State, report


class FakeApi:
    """Accepts every item except those whose amount is "0"; counts ids seen before as duplicates."""

    def __init__(self) -> None:
        self.stored: set[str] = set()
        self.calls = 0

    def __call__(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        self.calls += 1
        items = body["transactions"]
        bad = [{"index": i, "id": t["id"], "errors": [{"field": "amount", "message": "must be > 0"}]}
               for i, t in enumerate(items) if t.get("amount") == "0"]
        if bad:
            return 400, {"error": "invalid_transactions", "details": bad}
        new = [t["id"] for t in items if t["id"] not in self.stored]
        self.stored.update(new)
        return 200, {"accepted": len(new), "duplicates": len(items) - len(new)}


def test_refused_rows_are_reported_by_line_and_the_rest_sent_again(tmp_path: Path, capsys) -> None:
    path = tmp_path / "x.csv"
    path.write_text("id,amount,note\na,1,\nb,0,\nc,2,x\n")
    api = FakeApi()
    state = Importer(api, State(str(path), "t"), tmp_path / "s.json", batch_size=10).run(path)
    assert (state.accepted, state.duplicates, state.last_line) == (2, 0, 4)
    assert [(r["line"], r["id"]) for r in state.refused] == [(3, "b")]
    assert api.calls == 2
    report(state, __import__("sys").stdout)
    assert "line 3 (id b): amount: must be > 0" in capsys.readouterr().out
    assert State.load(tmp_path / "s.json", str(path), "t") == state
