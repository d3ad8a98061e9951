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


def _args(path: Path, *flags: str) -> Any:
    import argparse

    from chalicelib.cli.import_csv import register
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    return parser.parse_args(["import-csv", str(path), "--tenant", "t", *flags])


def test_an_admin_token_is_refused_with_how_to_get_a_platform_token_not_advice_to_resume(tmp_path: Path, capsys) -> None:
    from chalicelib.cli.import_csv import run
    path = tmp_path / "x.csv"
    path.write_text("id,type,date,amount\na,charge,2026-01-02,1\n")
    refused = lambda body: (403, {"error": "forbidden", "message": "this route needs the platform role"})  # noqa: E731
    assert run(_args(path), post=refused) == 2
    err = capsys.readouterr().err
    assert "needs the platform's token (role platform)" in err and "token --role platform" in err
    assert "resume" not in err


def test_a_file_without_its_header_row_is_refused_before_anything_is_sent(tmp_path: Path, capsys) -> None:
    from chalicelib.cli.import_csv import run
    path = tmp_path / "x.csv"
    path.write_text("a,charge,2026-01-02,1\n")
    api = FakeApi()
    assert run(_args(path), post=api) == 2
    assert "first line must be a header row" in capsys.readouterr().err
    assert api.calls == 0


def test_rows_fixed_after_a_refusal_are_sent_again_with_retry_refused(tmp_path: Path, capsys) -> None:
    from chalicelib.cli.import_csv import run
    path = tmp_path / "x.csv"
    path.write_text("id,type,date,amount\na,charge,2026-01-02,1\nb,charge,2026-01-02,0\n")
    api = FakeApi()
    assert run(_args(path), post=api) == 1
    path.write_text("id,type,date,amount\na,charge,2026-01-02,1\nb,charge,2026-01-02,5\n")  # line 3 fixed
    assert run(_args(path, "--retry-refused"), post=api) == 0
    out = capsys.readouterr()
    assert "sending the 1 refused row(s) again first" in out.err
    assert api.stored == {"a", "b"}
    assert out.out.endswith("accepted: 2\nduplicate: 0\nrefused: 0\n")


def test_a_rerun_says_how_to_send_refused_rows_again(tmp_path: Path, capsys) -> None:
    from chalicelib.cli.import_csv import run
    path = tmp_path / "x.csv"
    path.write_text("id,type,date,amount\na,charge,2026-01-02,1\nb,charge,2026-01-02,0\n")
    api = FakeApi()
    run(_args(path), post=api)
    assert run(_args(path), post=api) == 1
    err = capsys.readouterr().err
    assert "resuming after line 3" in err and "add --retry-refused" in err and "--restart" in err


def test_restart_sends_the_whole_file_again_as_duplicates(tmp_path: Path, capsys) -> None:
    from chalicelib.cli.import_csv import run
    path = tmp_path / "x.csv"
    path.write_text("id,type,date,amount\na,charge,2026-01-02,1\n")
    api = FakeApi()
    run(_args(path), post=api)
    assert run(_args(path, "--restart"), post=api) == 0
    assert capsys.readouterr().out.endswith("accepted: 0\nduplicate: 1\nrefused: 0\n")
