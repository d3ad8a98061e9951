"""`python -m devstack run`: the whole local stack, a demo studio, and the app on :8000.

Ctrl-C (or SIGTERM) stops every process it started.
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path

from devstack import processes
from devstack.demo import announce
from devstack.qbo_sandbox.seed import seed
from devstack.resources import create_secrets
from devstack.stack import LOCAL_AWS_ENV, LocalStack

APP_PORT = 8000
RUNNER_CONTROL_PORT = 8103  # devstack/runner/control.py: the demo's "jump to 11:31 PM"


def run(app_port: int) -> int:
    print("starting DynamoDB Local and moto …", flush=True)
    stack = LocalStack.start()
    try:
        config = stack.provision("classbooks")
        sandbox_port = processes.free_port()
        sandbox = processes.start(
            "qbo-sandbox", [sys.executable, "-m", "devstack.qbo_sandbox", "--port", str(sandbox_port)], sandbox_port
        )
        stack.services.append(sandbox)
        seeded = seed(sandbox.url, redirect_uris=[f"http://127.0.0.1:{app_port}/oauth/callback"])
        config = config.with_overrides(
            intuit_client_id=seeded.client_id,
            intuit_client_secret=seeded.client_secret,
            intuit_redirect_uri=seeded.redirect_uri,
            intuit_discovery_url=seeded.discovery_url,
            qbo_api_base=f"{sandbox.url}/v3/company/",
            public_base_url=f"http://127.0.0.1:{app_port}",
        )
        config = create_secrets(config, "classbooks")  # the app reads them at run time, as in AWS
        env = {**os.environ, **LOCAL_AWS_ENV, **config.to_env(), "OAUTHLIB_INSECURE_TRANSPORT": "1"}
        app = processes.start(
            "chalice-local",
            [str(Path(sys.executable).parent / "chalice"), "local", "--host", "127.0.0.1", "--port", str(app_port), "--stage", "local", "--no-autoreload"],  # noqa: E501
            app_port,
            env=env,
        )
        stack.services.append(app)
        runner = processes.start("runner", [sys.executable, "-m", "devstack.runner", "--loop", "--control-port",
                                            str(RUNNER_CONTROL_PORT)], RUNNER_CONTROL_PORT, env=env)
        stack.services.append(runner)  # fires due schedules and feeds the sync queue to the worker
        print(
            "\nClassbooks local stack is up:\n"
            f"  app (hosted page, API)  http://127.0.0.1:{app_port}   (health: /health)\n"
            f"  DynamoDB Local          {stack.dynamodb.url}\n"
            f"  moto (SQS, KMS, Sched.) {stack.moto.url}\n"
            f"  QuickBooks sandbox      {sandbox.url}   (sign in as {seeded.email} / {seeded.password})\n"
            f"  schedule runner         {runner.url}/clock   (jump to tonight: python -m devstack.runner "
            "--jump-to 23:31 --tz America/Chicago)\n"
            f"  logs                    {processes.LOG_DIR}\n"
            "Press Ctrl-C to stop everything.",
            flush=True,
        )
        announce(f"http://127.0.0.1:{app_port}", config)
        stop = False

        def request_stop(*_: object) -> None:
            nonlocal stop
            stop = True

        signal.signal(signal.SIGTERM, request_stop)
        while not stop:
            for service in stack.services:
                if service.process.poll() is not None:
                    print(f"{service.name} exited; see {service.log_path}", file=sys.stderr)
                    return 1
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        print("\nstopping …", flush=True)
        stack.stop()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m devstack")
    sub = parser.add_subparsers(dest="command", required=True)
    run_parser = sub.add_parser("run", help="start the whole local stack with a demo studio")
    run_parser.add_argument("--port", type=int, default=APP_PORT)
    args = parser.parse_args()
    if args.command == "run":
        return run(args.port)
    return 2


if __name__ == "__main__":
    sys.exit(main())
