"""The CDK app: `cdk synth|deploy --app "<venv>/bin/python infra/app.py"` (or `cd infra && cdk ...`).

Context (`-c name=value`): prefix, publicBaseUrl, intuitEnvironment (production|sandbox),
jwtIssuer, alarmEmail, lambdaRuntime, lambdaArchitecture, platformEventBusArn, apiGatewayAccountRole,
apiRateLimit, apiBurstLimit, workerConcurrency, stackName
(infra/README.md).
cdk-nag's AwsSolutions pack runs on every synth; an unacknowledged finding is an error that fails it.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

# Chalice's construct packages the app with `importlib.import_module("app")`, which must find the
# project's app.py, not this file: drop infra/ from the import path and put the project first.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(ROOT))
# `chalice package` asks boto3 for a region (service principals); the CDK CLI sets CDK_DEFAULT_REGION
if os.environ.get("CDK_DEFAULT_REGION"):
    os.environ.setdefault("AWS_DEFAULT_REGION", os.environ["CDK_DEFAULT_REGION"])

from aws_cdk import App, Aspects, Environment  # noqa: E402
from cdk_nag import AwsSolutionsChecks  # noqa: E402

from infra.stack import ClassbooksStack  # noqa: E402


def build(app: App | None = None) -> tuple[App, ClassbooksStack]:
    app = app or App()
    stack_name = app.node.try_get_context("stackName") or "Classbooks"
    env = Environment(account=os.environ.get("CDK_DEFAULT_ACCOUNT"), region=os.environ.get("CDK_DEFAULT_REGION"))
    stack = ClassbooksStack(app, stack_name, env=env,
                            description="Classbooks: QuickBooks Online connector (API, sync worker, data)")
    Aspects.of(app).add(AwsSolutionsChecks(verbose=True))
    return app, stack


if __name__ == "__main__":
    # Chalice's construct writes its packages to ./chalice.out (the working directory).
    built, _ = build()
    built.synth()
