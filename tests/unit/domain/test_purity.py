"""The core stays pure: standard library only, no I/O, no clock of its own."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

DOMAIN = Path(__file__).resolve().parents[3] / "chalicelib" / "domain"
ALLOWED = {"__future__", "base64", "collections", "dataclasses", "datetime", "decimal", "enum",
           "hashlib", "re", "types", "typing", "zoneinfo", "chalicelib"}
FORBIDDEN_CALLS = {"now", "today", "utcnow", "open", "getenv", "monotonic", "time.time", "perf_counter"}
MODULES = sorted(DOMAIN.glob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_domain_modules_import_only_the_standard_library_and_the_core(path: Path) -> None:
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
            [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
        for name in names:
            assert name.split(".")[0] in ALLOWED, f"{path.name} imports {name}"
            assert not name.startswith("chalicelib.") or name.startswith("chalicelib.domain"), name


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_domain_modules_never_read_the_clock_or_do_io(path: Path) -> None:
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
                name = "time.time" if (func.value.id, name) == ("time", "time") else name
            assert name not in FORBIDDEN_CALLS, f"{path.name}:{node.lineno} calls {name}()"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_domain_modules_stay_small(path: Path) -> None:
    assert len(path.read_text().splitlines()) <= 200
