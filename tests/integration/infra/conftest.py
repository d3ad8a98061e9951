"""One `cdk synth` per test session, with the npm-installed CDK CLI and no AWS account.

The synthesized template, its cdk-nag report and the CLI's outcome are shared by every test in
this folder. The CLI runs in a temporary directory (Chalice's construct writes its packages to
the working directory); `chalice package` keeps its dependency cache in `.chalice/deployments/`
(git-ignored), so only the first synth on a machine downloads the Lambda wheels.
"""
from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]
INFRA = ROOT / "infra"
CDK = INFRA / "node_modules" / ".bin" / "cdk"
ACCOUNT, REGION = "123456789012", "us-east-1"
STACK = "Classbooks"
SYNTH_TIMEOUT = 900  # a first synth on a machine downloads every Lambda dependency from PyPI

_timings: dict[str, float] = {}


@dataclass
class Synth:
    returncode: int
    stdout: str
    stderr: str
    outdir: Path
    seconds: float
    template: dict[str, Any] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)
    nag_rows: list[dict[str, str]] = field(default_factory=list)

    @property
    def resources(self) -> dict[str, dict[str, Any]]:
        return self.template.get("Resources", {})

    def of_type(self, cfn_type: str) -> dict[str, dict[str, Any]]:
        return {k: v for k, v in self.resources.items() if v["Type"] == cfn_type}

    def one(self, cfn_type: str, logical_prefix: str) -> tuple[str, dict[str, Any]]:
        """The single resource of `cfn_type` whose logical id is `logical_prefix` + CDK's hash."""
        found = [(k, v) for k, v in self.of_type(cfn_type).items()
                 if k == logical_prefix or (k.startswith(logical_prefix) and len(k) == len(logical_prefix) + 8)]
        assert len(found) == 1, f"expected one {cfn_type} {logical_prefix}*, found {[k for k, _ in found]}"
        return found[0]


def _ensure_cdk_cli() -> None:
    lock = INFRA / "package-lock.json"
    if CDK.exists() and CDK.stat().st_mtime >= lock.stat().st_mtime:
        return
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("npm is needed to install the CDK CLI (infra/package.json); `make deps` installs Node.js")
    subprocess.run([npm, "ci", "--prefix", str(INFRA), "--no-audit", "--no-fund", "--loglevel=error"],
                   check=True, timeout=600)
    CDK.touch()


def _environment() -> dict[str, str]:
    """No credentials, no endpoints of a devstack, no network look-ups: a dummy account and region."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("AWS_", "CDK_", "CLASSBOOKS_", "INTUIT_", "QBO_", "JSII_"))}
    env.update({
        "CDK_DEFAULT_ACCOUNT": ACCOUNT,
        "CDK_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
        "AWS_DEFAULT_REGION": REGION,
        "AWS_EC2_METADATA_DISABLED": "true",  # the CLI's credential look-up must not wait on IMDS
        "CDK_DISABLE_CLI_TELEMETRY": "true",
        "CDK_DISABLE_VERSION_CHECK": "true",
    })
    return env


@pytest.fixture(scope="session")
def synth(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Synth]:
    try:
        import aws_cdk  # noqa: F401
        import cdk_nag  # noqa: F401
    except ImportError as exc:  # pragma: no cover - an environment problem, said plainly
        pytest.fail(f"infra needs `pip install -r infra/requirements.txt` ({exc})")
    _ensure_cdk_cli()
    workdir = tmp_path_factory.mktemp("cdk")
    outdir = workdir / "cdk.out"
    command = [
        str(CDK), "synth",
        "--app", f"{ROOT / '.venv' / 'bin' / 'python'} {INFRA / 'app.py'}",
        "--output", str(outdir),
        "--no-version-reporting", "--no-notices", "--no-asset-metadata", "--no-path-metadata",
        "--quiet",
    ]
    started = time.monotonic()
    proc = subprocess.run(command, cwd=workdir, env=_environment(), capture_output=True, text=True,
                          timeout=SYNTH_TIMEOUT)
    seconds = time.monotonic() - started
    _timings["cdk synth"] = seconds
    result = Synth(proc.returncode, proc.stdout, proc.stderr, outdir, seconds)
    template = outdir / f"{STACK}.template.json"
    if template.exists():
        result.template = json.loads(template.read_text())
    metadata = outdir / f"{STACK}.metadata.json"
    if metadata.exists():
        result.metadata = json.loads(metadata.read_text())
    report = outdir / f"AwsSolutions-{STACK}-NagReport.csv"
    if not report.exists():  # cdk-nag names it AwsSolutions-<stack path with / as ->-NagReport.csv
        report = next(iter(outdir.glob("AwsSolutions-*NagReport.csv")), report)
    if report.exists():
        with report.open(newline="") as handle:
            result.nag_rows = list(csv.DictReader(handle))
    yield result


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for name, seconds in _timings.items():
        terminalreporter.write_line(f"infra: {name} took {seconds:.1f} s")
