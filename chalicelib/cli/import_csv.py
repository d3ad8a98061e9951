"""`classbooks import-csv FILE --tenant ID --api URL --token JWT`: import a platform CSV export.

The token is the platform's (role `platform`; locally `classbooks token --role platform`): an
admin's is refused. The CSV's first line is a header row naming the ingest API's fields (id,
type, date, amount, family_id, location_id, revenue_category, payment_type, custom_type,
processor, credit_type, refunds, voids); empty cells are left out. Rows go to
`POST /v1/tenants/{ID}/transactions` in batches. A batch the API refuses because of some rows is
sent again without them, and those rows are reported as refused with their line numbers. After
each acknowledged batch the state file records the last line done, so a second run resumes there
(re-sending a batch is harmless anyway: the API counts it as duplicates). Refused rows, once
fixed in the file, are sent again with `--retry-refused`; `--restart` sends the whole file again.
Exit status: 0 all rows in, 1 some rows refused, 2 interrupted or refused as a whole.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TextIO

from chalicelib.cli.http import bearer_session, call

Post = Callable[[dict[str, Any]], tuple[int, dict[str, Any]]]
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REQUIRED_HEADERS = ("id", "type", "date", "amount")
TOKEN_HELP = ("import-csv needs the platform's token (role platform), not an admin's; locally: "
              "export CLASSBOOKS_TOKEN=$(.venv/bin/python -m chalicelib.cli token --role platform)")


class ImportAborted(Exception):
    """The API refused a batch as a whole, or could not be reached. `resumable`: running the same
    command again can succeed (the API was away); otherwise something must be fixed first."""

    def __init__(self, message: str, resumable: bool = True) -> None:
        super().__init__(message)
        self.resumable = resumable


@dataclass
class State:
    file: str
    tenant: str
    last_line: int = 1  # the header
    accepted: int = 0
    duplicates: int = 0
    refused: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def load(cls, path: Path, file: str, tenant: str) -> State:
        if not path.exists():
            return cls(file=file, tenant=tenant)
        state = cls(**json.loads(path.read_text()))
        if (state.file, state.tenant) != (file, tenant):
            raise ImportAborted(f"{path} belongs to {state.file} for tenant {state.tenant}; pass another --state",
                                resumable=False)
        return state

    def save(self, path: Path) -> None:
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_text(json.dumps(asdict(self), indent=1))
        os.replace(temporary, path)


def http_post(api: str, tenant: str, token: str, timeout: float = 60.0) -> Post:
    url = f"{api.rstrip('/')}/v1/tenants/{tenant}/transactions"
    session = bearer_session(token, **{"Content-Type": "application/json"})

    def post(body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        return call(session, "POST", url, data=json.dumps(body), timeout=timeout,
                    unreachable=lambda exc: ImportAborted(f"could not reach {url}: {exc}"))

    return post


def check_header(path: Path) -> None:
    """The first line must name the fields: without it every row would be read as a header."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        header = next(csv.reader(handle), [])
    missing = [name for name in REQUIRED_HEADERS if name not in header]
    if missing:
        raise ImportAborted(f"{path}'s first line must be a header row naming the fields "
                            f"(id, type, date, amount, family_id, location_id, …); it lacks {', '.join(missing)}",
                            resumable=False)


def rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row without its empty cells) for each data row."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            item = {k: v for k, v in row.items() if k is not None and v not in (None, "")}
            if None in row:
                item["_extra_cells"] = row[None]  # more cells than headers: the API refuses it
            yield reader.line_num, item


class Importer:
    def __init__(self, post: Post, state: State, state_path: Path, batch_size: int = 500,
                 progress: TextIO | None = None, retries: int = 5) -> None:
        self.post, self.state, self.state_path = post, state, state_path
        self.batch_size, self.progress, self.retries = batch_size, progress or sys.stderr, retries

    def run(self, path: Path) -> State:
        total = sum(1 for _ in rows(path))
        done = sum(1 for line, _ in rows(path) if line <= self.state.last_line)
        batch: list[tuple[int, dict[str, str]]] = []
        for line, item in rows(path):
            if line <= self.state.last_line:
                continue
            batch.append((line, item))
            if len(batch) == self.batch_size:
                done += self._send(batch)
                self._draw(done, total)
                batch = []
        if batch:
            done += self._send(batch)
        self._draw(done, total, end="\n")
        return self.state

    def retry_refused(self, path: Path) -> State:
        """Send again the rows refused earlier (fixed in the file since), by their line numbers."""
        lines = {r["line"] for r in self.state.refused}
        self.state.refused = [r for r in self.state.refused if r["line"] > self.state.last_line]
        again = [(line, item) for line, item in rows(path) if line in lines and line <= self.state.last_line]
        for start in range(0, len(again), self.batch_size):
            self._deliver(again[start:start + self.batch_size])
            self.state.save(self.state_path)
            self._draw(min(start + self.batch_size, len(again)), len(again))
        self._draw(len(again), len(again), end="\n")
        return self.state

    def _send(self, batch: list[tuple[int, dict[str, str]]]) -> int:
        self._deliver(batch)
        self.state.last_line = batch[-1][0]
        self.state.save(self.state_path)
        return len(batch)

    def _deliver(self, batch: list[tuple[int, dict[str, str]]]) -> None:
        remaining = list(batch)
        while remaining:
            status, body = self._post_with_retries([item for _, item in remaining])
            if status == 200:
                self.state.accepted += body["accepted"]
                self.state.duplicates += body["duplicates"]
                break
            if status in (401, 403):
                raise ImportAborted(f"the API refused the token ({status}: {body.get('message', body)}). {TOKEN_HELP}",
                                    resumable=False)
            bad = {d["index"]: d for d in body.get("details", []) if isinstance(d, dict) and d.get("index") is not None}
            if status not in (400, 409) or not bad:
                raise ImportAborted(f"the API answered {status}: {body.get('message', body)}",
                                    resumable=status in RETRY_STATUSES)
            for index in sorted(bad):
                line, item = remaining[index]
                self.state.refused.append({"line": line, "id": item.get("id"), "errors": [
                    f"{e.get('field')}: {e.get('message')}" for e in bad[index].get("errors", [])]})
            remaining = [r for i, r in enumerate(remaining) if i not in bad]

    def _post_with_retries(self, items: list[dict[str, str]]) -> tuple[int, dict[str, Any]]:
        for attempt in range(self.retries + 1):
            status, body = self.post({"transactions": items})
            if status not in RETRY_STATUSES or attempt == self.retries:
                return status, body
            time.sleep(min(0.5 * 2 ** attempt, 10))
        raise AssertionError("unreachable")

    def _draw(self, done: int, total: int, end: str = "") -> None:
        width = 30
        filled = width * done // total if total else width
        s = self.state
        self.progress.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} rows  "
                            f"accepted {s.accepted}  duplicate {s.duplicates}  refused {len(s.refused)}{end}")
        self.progress.flush()


def report(state: State, out: TextIO) -> None:
    out.write(f"accepted: {state.accepted}\nduplicate: {state.duplicates}\nrefused: {len(state.refused)}\n")
    for r in sorted(state.refused, key=lambda r: r["line"]):
        out.write(f"  line {r['line']} (id {r['id']}): {'; '.join(r['errors'])}\n")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("import-csv", help="import a CSV export of transactions through the ingest API")
    parser.add_argument("file", type=Path)
    parser.add_argument("--tenant", required=True)
    parser.add_argument("--api", default="http://127.0.0.1:8000", help="base URL of the Classbooks API")
    parser.add_argument("--token", default=os.environ.get("CLASSBOOKS_TOKEN"), help="a platform JWT")
    parser.add_argument("--batch-size", type=int, default=500, choices=range(1, 501), metavar="1..500")
    parser.add_argument("--state", type=Path, help="progress file (default: FILE.import-state.json)")
    again = parser.add_mutually_exclusive_group()
    again.add_argument("--retry-refused", action="store_true",
                       help="send again the rows refused earlier (after fixing them in FILE), then go on")
    again.add_argument("--restart", action="store_true",
                       help="forget the progress file and send the whole file again (rows already in are duplicates)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, post: Post | None = None) -> int:
    if post is None and not args.token:
        print(f"a platform token is needed: --token or CLASSBOOKS_TOKEN. {TOKEN_HELP}", file=sys.stderr)
        return 2
    state_path = args.state or args.file.with_name(args.file.name + ".import-state.json")
    try:
        check_header(args.file)
        if getattr(args, "restart", False) and state_path.exists():
            state_path.unlink()
        state = State.load(state_path, str(args.file.resolve()), args.tenant)
        importer = Importer(post or http_post(args.api, args.tenant, args.token), state, state_path, args.batch_size)
        if state.last_line > 1:
            print(resume_note(state, args.file, retrying=getattr(args, "retry_refused", False)), file=sys.stderr)
        if getattr(args, "retry_refused", False):
            importer.retry_refused(args.file)
        state = importer.run(args.file)
    except ImportAborted as exc:
        then = ("run the same command again to resume" if exc.resumable else
                "fix that, then run the same command again")
        print(f"\nimport interrupted: {exc}\n{then}", file=sys.stderr)
        return 2
    report(state, sys.stdout)
    return 1 if state.refused else 0


def resume_note(state: State, file: Path, retrying: bool) -> str:
    """What a second run does with the first one's progress, and how to choose otherwise."""
    note = (f"resuming after line {state.last_line} of {file} (so far: accepted {state.accepted}, "
            f"duplicate {state.duplicates}, refused {len(state.refused)})")
    if state.refused and retrying:
        return note + f"; sending the {len(state.refused)} refused row(s) again first"
    if state.refused:
        return note + ("; refused rows are not sent again: fix them in the file and add --retry-refused. "
                       "--restart sends the whole file again")
    return note + "; --restart sends the whole file again"
