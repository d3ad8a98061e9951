"""The Lambda runtime the functions target, whatever Python runs `cdk synth`.

`chalice package` takes the runtime from the interpreter that runs it (`Config.lambda_python_version`
reads `sys.version_info`) and its dependency builder downloads wheels for that interpreter's ABI
(its `pip download --abi` never passes `--python-version`, so a wheel for another Python is never
found). The stack targets `LAMBDA_RUNTIME` instead, by two narrow replacements in place only while
the Chalice construct packages the app (`chalice_packaging_for`):

- the runtime Chalice writes into the SAM template (function `Runtime`, layer `CompatibleRuntimes`,
  the layer's `python/lib/pythonX.Y/site-packages` prefix, the cache file's name);
- the managed layer's dependency builder: one `pip install --target` resolved for the target
  Python and Lambda's platform (`--python-version X.Y --platform manylinux… --implementation cp
  --only-binary=:all:`), so every compiled wheel is built for Lambda. A dependency with no such
  wheel fails the synth (Chalice's own builder would only print a warning and leave it out).

Chalice is pinned (`infra/requirements.txt`); `tests/integration/infra` checks the outcome (the
template's runtimes and every compiled file in the layer), so a Chalice upgrade that moved these
hooks fails there, not at deploy.
"""
from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

LAMBDA_RUNTIME = "python3.12"
SUPPORTED_RUNTIMES = ("python3.12", "python3.13")
LAMBDA_ARCHITECTURE = "x86_64"
ARCHITECTURE_MACHINES = {"x86_64": "x86_64", "arm64": "aarch64"}
# Lambda's python3.12+ runtimes run on Amazon Linux 2023 (glibc 2.34): any manylinux wheel up to
# that glibc runs there. pip treats each --platform literally, so the older tags are listed too.
GLIBC_TAGS = ("manylinux2014", "manylinux_2_28", "manylinux_2_34")


def python_version(runtime: str) -> str:
    """"python3.12" -> "3.12"."""
    if runtime not in SUPPORTED_RUNTIMES:
        raise ValueError(f"lambdaRuntime must be one of {', '.join(SUPPORTED_RUNTIMES)}, not {runtime!r}")
    return runtime.removeprefix("python")


def pip_platforms(architecture: str) -> list[str]:
    machine = ARCHITECTURE_MACHINES[architecture]
    return [f"{tag}_{machine}" for tag in GLIBC_TAGS]


def pip_install_command(requirements: str, target: str, runtime: str, architecture: str) -> list[str]:
    """The one pip call that fills the layer's site-packages for `runtime` on `architecture`."""
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
               "--no-compile", "--only-binary=:all:", "--implementation", "cp",
               "--python-version", python_version(runtime), "--target", target, "-r", requirements]
    for platform in pip_platforms(architecture):
        command += ["--platform", platform]
    return command


class CrossPlatformDependencyBuilder:
    """Chalice's `DependencyBuilder` interface (`build_site_packages`), done by pip for Lambda."""

    def __init__(self, runtime: str, architecture: str) -> None:
        self.runtime, self.architecture = runtime, architecture

    def build_site_packages(self, abi: str, requirements_filepath: str, target_directory: str) -> None:
        expected = "cp" + python_version(self.runtime).replace(".", "")
        if abi != expected:  # Chalice derives the ABI from the runtime we gave it
            raise RuntimeError(f"Chalice asked for {abi} wheels, the stack targets {self.runtime}")
        subprocess.run(pip_install_command(requirements_filepath, target_directory, self.runtime,
                                           self.architecture), check=True)


@contextmanager
def chalice_packaging_for(runtime: str, architecture: str) -> Iterator[None]:
    """While inside, `chalice package` targets `runtime`/`architecture` instead of this interpreter."""
    from chalice import config as chalice_config
    from chalice.deploy import deployer

    python_version(runtime)  # refuse an unsupported runtime before anything is built

    def builder(*_: object, **__: object) -> CrossPlatformDependencyBuilder:
        return CrossPlatformDependencyBuilder(runtime, architecture)

    with mock.patch.object(chalice_config.Config, "lambda_python_version", property(lambda _self: runtime)), \
            mock.patch.object(deployer, "PipDependencyBuilder", builder):
        yield
