"""CSV cells that a spreadsheet shows as text, never runs as a formula (issue #16 item 10).

Excel, LibreOffice and Google Sheets evaluate a cell that starts with `=`, `+`, `-` or `@` (and
tab or CR, which some strip first), so a family id such as `=HYPERLINK("http://…")` sent by the
platform would become a live link in the studio's spreadsheet. Such a cell gets a leading `'`
(OWASP's advice), which the spreadsheet hides. Plain numbers ("-12.50") are left as they are:
they are figures, and no formula.
"""
from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import IO, Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(TRIGGERS) and not NUMBER.fullmatch(value):
        return "'" + value
    return value


class SafeWriter:
    """`csv.writer` whose every cell is neutralised: use it for every CSV the API returns."""

    def __init__(self, out: IO[str], **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([safe_cell(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def safe_writer(out: IO[str], **options: Any) -> SafeWriter:
    return SafeWriter(out, **options)
