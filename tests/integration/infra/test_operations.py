"""Issue 19 in the template: a supported runtime with a layer built for it, secrets read at run
time, the alert bus, alarms, the dashboard, log settings and API access logs.

Shares the session's `cdk synth` (conftest.py).
"""
from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from chalicelib.config import DEV_JWT_SECRET
from infra.runtime import LAMBDA_ARCHITECTURE, LAMBDA_RUNTIME
from tests.integration.infra.test_template import PREFIX, actions_on, as_list, getatt, role_statements

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]

ABI = "cp" + LAMBDA_RUNTIME.removeprefix("python").replace(".", "")  # cp312
MACHINE = {"x86_64": "x86_64", "arm64": "aarch64"}[LAMBDA_ARCHITECTURE]


def functions(synth: Any) -> dict[str, dict[str, Any]]:
    return synth.of_type("AWS::Serverless::Function")


def layer_zip(synth: Any) -> Path:
    (layer,) = synth.of_type("AWS::Serverless::LayerVersion").values()
    key = layer["Properties"]["ContentUri"]["Key"]
    path = synth.outdir / f"asset.{key}"
    assert path.exists(), f"the layer's asset {path.name} is not in cdk.out"
    return path


# --- runtime ----------------------------------------------------------------------------------


def test_every_function_and_the_layer_target_the_supported_runtime(synth: Any) -> None:
    assert LAMBDA_RUNTIME in ("python3.12", "python3.13")
    for name, fn in functions(synth).items():
        assert fn["Properties"]["Runtime"] == LAMBDA_RUNTIME, name
        assert fn["Properties"]["Architectures"] == [LAMBDA_ARCHITECTURE], name
    (layer,) = synth.of_type("AWS::Serverless::LayerVersion").values()
    assert layer["Properties"]["CompatibleRuntimes"] == [LAMBDA_RUNTIME]
    assert "python3.11" not in json.dumps(synth.template)


def test_every_compiled_wheel_in_the_layer_is_built_for_that_runtime_and_architecture(synth: Any) -> None:
    with zipfile.ZipFile(layer_zip(synth)) as layer:
        names = layer.namelist()
        prefix = f"python/lib/{LAMBDA_RUNTIME}/site-packages/"
        assert names and all(n.startswith(prefix) for n in names)
        tags = [tag for n in names if n.endswith(".dist-info/WHEEL")
                for tag in re.findall(r"^Tag: (\S+)$", layer.read(n).decode(), re.M)]
        extensions = [n for n in names if n.endswith(".so")]
    assert any(t.startswith("py3-none-") for t in tags)
    compiled = [t for t in tags if t.split("-")[1] != "none"]
    assert compiled, "expected compiled wheels (pydantic-core, cryptography)"
    for tag in compiled:
        python, abi, platform = tag.split("-")
        if abi == "abi3":  # the stable ABI: built for this version or an older one
            assert python.startswith("cp3") and int(python[3:]) <= int(ABI[3:]), tag
        else:
            assert (python, abi) == (ABI, ABI), tag
        assert platform.startswith("manylinux") and platform.endswith(MACHINE), tag
    assert any("pydantic_core" in n for n in extensions)
    for so in extensions:
        assert so.endswith(".abi3.so") or f".cpython-{ABI[2:]}-{MACHINE}-linux-gnu.so" in so, so


# --- secrets ----------------------------------------------------------------------------------


def test_no_secret_value_is_in_any_function_environment(synth: Any) -> None:
    for name, fn in functions(synth).items():
        env = fn["Properties"]["Environment"]["Variables"]
        assert not {"CLASSBOOKS_JWT_SECRET", "INTUIT_CLIENT_SECRET", "INTUIT_WEBHOOK_VERIFIER",
                    "INTUIT_CLIENT_ID"} & set(env), name
        assert "CLASSBOOKS_INTUIT_SECRET_NAME" in env, name
    assert DEV_JWT_SECRET not in json.dumps(synth.template)


# --- alerts -----------------------------------------------------------------------------------


def test_the_alert_bus_is_archived_and_only_the_worker_may_put_on_it(synth: Any) -> None:
    bus_id, bus = synth.one("AWS::Events::EventBus", "AlertBus")
    assert bus["Properties"]["Name"] == f"{PREFIX}alerts"
    (archive,) = synth.of_type("AWS::Events::Archive").values()
    assert archive["Properties"]["SourceArn"] == getatt(bus_id)
    assert archive["Properties"]["EventPattern"] == {"source": ["classbooks"]}
    assert archive["Properties"]["RetentionDays"] == 30
    worker_role, _ = synth.one("AWS::IAM::Role", "WorkerRole")
    api_role, _ = synth.one("AWS::IAM::Role", "ApiRole")
    assert actions_on(role_statements(synth, worker_role), getatt(bus_id)) == {"events:PutEvents"}
    assert actions_on(role_statements(synth, api_role), getatt(bus_id)) == set()
    for fn in functions(synth).values():
        assert fn["Properties"]["Environment"]["Variables"]["CLASSBOOKS_ALERT_BUS_NAME"] == {"Ref": bus_id}


def test_no_forwarding_rule_unless_the_platform_names_its_bus(synth: Any) -> None:
    assert synth.of_type("AWS::Events::Rule") == {}  # -c platformEventBusArn=... adds one


# --- alarms, dashboard, logs, traces ----------------------------------------------------------


def alarms(synth: Any) -> list[dict[str, Any]]:
    return [a["Properties"] for a in synth.of_type("AWS::CloudWatch::Alarm").values()]


def test_the_oldest_sync_message_alarms_after_15_minutes(synth: Any) -> None:
    queue_id, _ = synth.one("AWS::SQS::Queue", "SyncQueue")
    (alarm,) = [a for a in alarms(synth) if a.get("MetricName") == "ApproximateAgeOfOldestMessage"]
    assert alarm["Threshold"] == 900
    assert alarm["Dimensions"] == [{"Name": "QueueName", "Value": getatt(queue_id, "QueueName")}]


def test_each_function_alarms_on_an_error_rate_over_5_per_cent(synth: Any) -> None:
    rates = [a for a in alarms(synth) if "Metrics" in a]
    assert len(rates) == 2
    for alarm in rates:
        assert alarm["Threshold"] == 5
        (expression,) = [m for m in alarm["Metrics"] if "Expression" in m]
        assert expression["Expression"] == "IF(invocations > 0, 100 * errors / invocations, 0)"
        names = {m["MetricStat"]["Metric"]["MetricName"] for m in alarm["Metrics"] if "MetricStat" in m}
        assert names == {"Errors", "Invocations"}


def test_the_api_alarms_on_any_5xx(synth: Any) -> None:
    (alarm,) = [a for a in alarms(synth) if a.get("MetricName") == "5XXError"]
    assert alarm["Namespace"] == "AWS/ApiGateway" and alarm["Threshold"] == 0
    assert {"Name": "ApiName", "Value": "classbooks"} in alarm["Dimensions"]


def test_a_nightly_wave_finishing_more_than_an_hour_late_alarms(synth: Any) -> None:
    (alarm,) = [a for a in alarms(synth) if a.get("MetricName") == "SyncLagSeconds"]
    assert alarm["Namespace"] == "Classbooks" and alarm["Statistic"] == "Maximum"
    assert alarm["Threshold"] == 3600
    assert alarm["Dimensions"] == [{"Name": "service", "Value": "classbooks"}]


def test_the_dashboard_shows_runs_lag_qbo_calls_queue_errors_and_alerts(synth: Any) -> None:
    (dashboard,) = synth.of_type("AWS::CloudWatch::Dashboard").values()
    body = json.dumps(dashboard["Properties"]["DashboardBody"])
    for metric in ("SyncRuns", "SyncLagSeconds", "QboCalls", "QboThrottled", "QboMeteredReads",
                   "ApproximateAgeOfOldestMessage", "Errors", "5XXError", "AlertsPublished"):
        assert metric in body, metric


def test_functions_log_json_to_their_own_group_and_are_traced(synth: Any) -> None:
    for name, fn in functions(synth).items():
        props = fn["Properties"]
        assert props["Tracing"] == "Active", name
        logging = props["LoggingConfig"]
        assert logging["LogFormat"] == "JSON" and logging["ApplicationLogLevel"] == "INFO", name
    for role_prefix in ("ApiRole", "WorkerRole"):
        role_id, _ = synth.one("AWS::IAM::Role", role_prefix)
        assert actions_on(role_statements(synth, role_id), "*") == {"xray:PutTraceSegments",
                                                                     "xray:PutTelemetryRecords"}


def test_api_access_logs_name_the_route_and_never_the_query_string(synth: Any) -> None:
    api = synth.resources["RestAPI"]["Properties"]
    group_id, group = synth.one("AWS::Logs::LogGroup", "ApiAccessLogs")
    assert group["Properties"]["LogGroupName"] == f"/aws/apigateway/{PREFIX}api-access"
    assert group["Properties"]["RetentionInDays"] == 30
    setting = api["AccessLogSetting"]
    assert setting["DestinationArn"] == getatt(group_id)
    fields = json.loads(setting["Format"])
    assert fields["resourcePath"] == "$context.resourcePath"
    # $context.path is the request's path; nothing that carries the query string (OAuth code, state)
    assert not [v for v in fields.values() if v in ("$context.path",) or "querystring" in v.lower()
                or "$input" in v or "$request" in v]


def test_api_gateway_may_write_only_the_access_log_group(synth: Any) -> None:
    (account,) = synth.of_type("AWS::ApiGateway::Account").values()
    role_id = account["Properties"]["CloudWatchRoleArn"]["Fn::GetAtt"][0]
    group_id, _ = synth.one("AWS::Logs::LogGroup", "ApiAccessLogs")
    (trust,) = synth.resources[role_id]["Properties"]["AssumeRolePolicyDocument"]["Statement"]
    assert trust["Principal"] == {"Service": "apigateway.amazonaws.com"}
    resources = {json.dumps(r) for s in role_statements(synth, role_id) for r in as_list(s["Resource"])}
    assert resources == {json.dumps(getatt(group_id))}
