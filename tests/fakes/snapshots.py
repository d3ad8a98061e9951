"""In-memory balance snapshots (the `BalanceSnapshots` port), logging which families a run read.

Checked against the DynamoDB adapter by `tests/contract/test_snapshots.py`.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from chalicelib.ledger.ports import Version


class FakeSnapshots:
    """Balance snapshot rows by (tenant, generation, family); `read` logs the families asked for."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, int, str], dict[int, Version]] = {}
        self.bases: dict[tuple[str, int], int] = {}
        self.read: list[frozenset[str]] = []
        self.before_write: Callable[[], None] = lambda: None

    def base(self, tenant_id: str, generation: int) -> int | None:
        return self.bases.get((tenant_id, generation))

    def versions(self, tenant_id: str, generation: int, families: Any) -> dict[str, dict[int, Version]]:
        families = frozenset(families)
        self.read.append(families)
        return {f: dict(self.rows[(tenant_id, generation, f)]) for f in families
                if (tenant_id, generation, f) in self.rows}

    def write(self, tenant_id: str, generation: int, versions: Mapping[str, Mapping[int, Version]]) -> None:
        self.before_write()
        for family, by_seq in versions.items():
            self.rows[(tenant_id, generation, family)] = dict(by_seq)

    def set_base(self, tenant_id: str, generation: int, seq: int) -> None:
        self.bases[(tenant_id, generation)] = seq
