"""Issue #18: a Lambda init (`import app`) loads Chalice and the routes, not what handlers use.

Checked by name in a fresh interpreter (no timing, so nothing here is flaky): the AWS SDK,
pydantic and Powertools' parser, python-quickbooks, intuit-oauth, requests, PyJWT and the X-Ray
SDK are imported by the first handler that needs them (`bench/cold_start.py` measures the time).
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
HEAVY = ("boto3", "botocore", "s3transfer", "pynamodb", "pydantic", "aws_lambda_powertools", "aws_xray_sdk",
         "quickbooks", "intuitlib.client", "requests", "requests_oauthlib", "urllib3", "jwt", "cryptography",
         "chalicelib.ledger.schemas", "chalicelib.sync.worker", "chalicelib.store.models")


def loaded_after(code: str) -> set[str]:
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout.splitlines()[-1]))


def heavy_in(modules: set[str]) -> list[str]:
    return sorted(name for name in HEAVY if name in modules)


def test_import_app_loads_none_of_the_handlers_libraries() -> None:
    assert heavy_in(loaded_after("import app")) == []


def test_the_probe_sees_a_library_once_a_handler_path_imports_it() -> None:
    """The check above would pass vacuously if the probe could not see these modules at all."""
    loaded = loaded_after("import app\nfrom chalicelib.bootstrap import container\nimport chalicelib.ledger.schemas")
    assert {"pydantic", "chalicelib.ledger.schemas"} <= set(heavy_in(loaded))
