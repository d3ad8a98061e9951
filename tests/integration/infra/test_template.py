"""The synthesized CloudFormation template holds what issue 8 asks of `infra/`, and passes cdk-nag.

All tests share one `cdk synth` (conftest.py). Logical ids are CDK's: construct id + 8-char hash.
"""
from __future__ import annotations

import json
from typing import Any

import pytest

from chalicelib.config import DEV_JWT_SECRET, ENV_NAMES, SECRET_VALUE_ATTRIBUTES, TABLE_KEYS, Config
from infra.constants import MAX_RECEIVE_COUNT, QUEUE_VISIBILITY_SECONDS, WORKER_TIMEOUT_SECONDS
from infra.tables import table_specs

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]

PREFIX = Config().table_prefix  # the stack's default prefix is the app's default ("classbooks-")


def getatt(logical_id: str, attribute: str = "Arn") -> dict[str, Any]:
    return {"Fn::GetAtt": [logical_id, attribute]}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def statements(policy_resource: dict[str, Any]) -> list[dict[str, Any]]:
    return policy_resource["Properties"]["PolicyDocument"]["Statement"]


def role_statements(synth: Any, role_id: str) -> list[dict[str, Any]]:
    """Every statement of every AWS::IAM::Policy attached to `role_id`, plus its inline policies."""
    found = []
    for policy in synth.of_type("AWS::IAM::Policy").values():
        if {"Ref": role_id} in policy["Properties"].get("Roles", []):
            found.extend(statements(policy))
    for inline in synth.resources[role_id]["Properties"].get("Policies", []):
        found.extend(inline["PolicyDocument"]["Statement"])
    return found


def actions_on(stmts: list[dict[str, Any]], resource: Any) -> set[str]:
    return {a for s in stmts if s["Effect"] == "Allow" and resource in as_list(s["Resource"])
            for a in as_list(s["Action"])}


def function_env(fn: dict[str, Any]) -> dict[str, Any]:
    return fn["Properties"]["Environment"]["Variables"]


# --- synth and cdk-nag --------------------------------------------------------------------


def test_cdk_synth_succeeds_without_an_aws_account(synth: Any) -> None:
    assert synth.returncode == 0, f"cdk synth failed:\n{synth.stderr[-6000:]}"
    assert synth.template["Resources"], "no template"
    assert "AWS::Serverless-2016-10-31" in as_list(synth.template.get("Transform", []))


def test_cdk_nag_aws_solutions_reports_no_errors(synth: Any) -> None:
    errors = [(path, entry["data"]) for path, entries in synth.metadata.items() for entry in entries
              if entry["type"] == "aws:cdk:error"]
    assert errors == []
    assert synth.nag_rows, "cdk-nag's AwsSolutions report is missing: the checks did not run"
    assert {row["Rule ID"] for row in synth.nag_rows} >= {
        "AwsSolutions-DDB3", "AwsSolutions-SQS3", "AwsSolutions-SQS4", "AwsSolutions-KMS5", "AwsSolutions-IAM5"}
    failing = [row for row in synth.nag_rows if row["Compliance"] == "Non-Compliant"]
    assert failing == []


def test_every_cdk_nag_suppression_says_why(synth: Any) -> None:
    suppressed = [row for row in synth.nag_rows if row["Compliance"] == "Suppressed"]
    assert suppressed, "expected the documented suppressions (secret rotation, scoped wildcards)"
    for row in suppressed:
        reason = row["Exception Reason"].split("] ", 1)[-1]
        assert len(reason) >= 40, f"{row['Rule ID']} on {row['Resource ID']} has no real reason: {reason!r}"


# --- DynamoDB -------------------------------------------------------------------------------


def test_every_table_the_models_declare_is_on_demand_with_pitr_and_its_keys(synth: Any) -> None:
    tables = {t["Properties"]["TableName"]: t["Properties"] for t in synth.of_type("AWS::DynamoDB::Table").values()}
    assert set(tables) == {f"{PREFIX}{key}" for key in TABLE_KEYS}
    for spec in table_specs():
        props = tables[f"{PREFIX}{spec.key}"]
        assert props["BillingMode"] == "PAY_PER_REQUEST", spec.key
        assert props["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True, spec.key
        assert props["DeletionProtectionEnabled"] is True, spec.key
        keys = {k["AttributeName"]: k["KeyType"] for k in props["KeySchema"]}
        expected = {spec.hash_key.name: "HASH"} | ({spec.range_key.name: "RANGE"} if spec.range_key else {})
        assert keys == expected, spec.key
        indexes = {i["IndexName"]: i for i in props.get("GlobalSecondaryIndexes", [])}
        assert set(indexes) == {i.name for i in spec.indexes}, spec.key


def test_postings_has_the_by_task_index(synth: Any) -> None:
    props = next(t["Properties"] for t in synth.of_type("AWS::DynamoDB::Table").values()
                 if t["Properties"]["TableName"] == f"{PREFIX}postings")
    index = next(i for i in props["GlobalSecondaryIndexes"] if i["IndexName"] == "by_task")
    assert {k["AttributeName"]: k["KeyType"] for k in index["KeySchema"]} == {"task_id": "HASH", "doc_key": "RANGE"}
    assert index["Projection"]["ProjectionType"] == "ALL"


def test_postings_has_the_sparse_by_qbo_id_index_for_webhooks(synth: Any) -> None:
    props = next(t["Properties"] for t in synth.of_type("AWS::DynamoDB::Table").values()
                 if t["Properties"]["TableName"] == f"{PREFIX}postings")
    assert sorted(i["IndexName"] for i in props["GlobalSecondaryIndexes"]) == ["by_qbo_id", "by_task"]
    index = next(i for i in props["GlobalSecondaryIndexes"] if i["IndexName"] == "by_qbo_id")
    assert {k["AttributeName"]: k["KeyType"] for k in index["KeySchema"]} == {"qbo_id": "HASH", "tenant_id": "RANGE"}
    assert index["Projection"]["ProjectionType"] == "KEYS_ONLY"


def test_tenants_has_the_by_connection_status_index_for_supports_list(synth: Any) -> None:
    props = next(t["Properties"] for t in synth.of_type("AWS::DynamoDB::Table").values()
                 if t["Properties"]["TableName"] == f"{PREFIX}tenants")
    assert sorted(i["IndexName"] for i in props["GlobalSecondaryIndexes"]) == ["by_connection_status",
                                                                               "by_run_attention"]
    index = next(i for i in props["GlobalSecondaryIndexes"] if i["IndexName"] == "by_connection_status")
    assert {k["AttributeName"]: k["KeyType"] for k in index["KeySchema"]} == {
        "connection_status": "HASH", "tenant_id": "RANGE"}
    # the list's filters, nothing the nightly sync writes: a night's tenant writes never reach the index
    assert index["Projection"] == {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["plan", "timezone"]}
    assert {"AttributeName": "connection_status", "AttributeType": "S"} in props["AttributeDefinitions"]


def test_tenants_has_the_sparse_by_run_attention_index_for_supports_run_statuses(synth: Any) -> None:
    props = next(t["Properties"] for t in synth.of_type("AWS::DynamoDB::Table").values()
                 if t["Properties"]["TableName"] == f"{PREFIX}tenants")
    index = next(i for i in props["GlobalSecondaryIndexes"] if i["IndexName"] == "by_run_attention")
    assert {k["AttributeName"]: k["KeyType"] for k in index["KeySchema"]} == {"run_attention": "HASH", "tenant_id": "RANGE"}
    assert index["Projection"] == {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["plan", "timezone"]}
    assert {"AttributeName": "run_attention", "AttributeType": "S"} in props["AttributeDefinitions"]


def test_the_function_roles_may_query_the_tenants_index(synth: Any) -> None:
    tenants_id, _ = next((k, v) for k, v in synth.of_type("AWS::DynamoDB::Table").items()
                         if v["Properties"]["TableName"] == f"{PREFIX}tenants")
    granted = [json.dumps(r) for policy in synth.of_type("AWS::IAM::Policy").values()
               for statement in statements(policy) if statement.get("Sid") == "Tables"
               for r in as_list(statement["Resource"])]
    assert granted and any(tenants_id in r and "/index/*" in r for r in granted)


def test_ttl_is_on_where_the_app_expires_items(synth: Any) -> None:
    ttl = {t["Properties"]["TableName"]: t["Properties"].get("TimeToLiveSpecification")
           for t in synth.of_type("AWS::DynamoDB::Table").values()}
    assert ttl[f"{PREFIX}oauth_states"] == {"AttributeName": "expires_at", "Enabled": True}
    assert [name for name, spec in ttl.items() if spec] == [f"{PREFIX}oauth_states"]


# --- SQS ------------------------------------------------------------------------------------


def test_sync_queue_redrives_to_the_dead_letter_queue(synth: Any) -> None:
    dlq_id, dlq = synth.one("AWS::SQS::Queue", "SyncDeadLetterQueue")
    _, queue = synth.one("AWS::SQS::Queue", "SyncQueue")
    props = queue["Properties"]
    assert props["QueueName"] == f"{PREFIX}sync"
    assert props["RedrivePolicy"] == {"deadLetterTargetArn": getatt(dlq_id), "maxReceiveCount": MAX_RECEIVE_COUNT}
    assert props["VisibilityTimeout"] == QUEUE_VISIBILITY_SECONDS > WORKER_TIMEOUT_SECONDS
    assert props["SqsManagedSseEnabled"] is True and dlq["Properties"]["SqsManagedSseEnabled"] is True
    assert dlq["Properties"]["MessageRetentionPeriod"] == 14 * 24 * 3600
    assert "RedrivePolicy" not in dlq["Properties"]


def test_queue_policies_refuse_plain_http(synth: Any) -> None:
    policies = synth.of_type("AWS::SQS::QueuePolicy").values()
    denied = {json.dumps(q, sort_keys=True) for p in policies for q in p["Properties"]["Queues"]
              for s in statements(p) if s["Effect"] == "Deny"
              and s.get("Condition") == {"Bool": {"aws:SecureTransport": "false"}}}
    assert len(denied) == 2


def test_max_receive_count_matches_the_worker_and_the_devstack() -> None:
    from devstack.resources import MAX_RECEIVE_COUNT as DEVSTACK

    assert MAX_RECEIVE_COUNT == DEVSTACK
    worker = pytest.importorskip("chalicelib.sync.worker", reason="worker not yet in chalicelib")
    assert MAX_RECEIVE_COUNT == worker.MAX_RECEIVES


# --- KMS ------------------------------------------------------------------------------------


def test_token_key_rotates_and_only_the_two_function_roles_can_use_it(synth: Any) -> None:
    key_id, key = synth.one("AWS::KMS::Key", "TokenKey")
    api_role, _ = synth.one("AWS::IAM::Role", "ApiRole")
    worker_role, _ = synth.one("AWS::IAM::Role", "WorkerRole")
    props = key["Properties"]
    assert props["EnableKeyRotation"] is True
    aliases = [a["Properties"] for a in synth.of_type("AWS::KMS::Alias").values()
               if a["Properties"]["TargetKeyId"] == getatt(key_id)]
    assert aliases == [{"AliasName": f"alias/{PREFIX}tokens", "TargetKeyId": getatt(key_id)}]

    crypto = {"kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:ReEncryptFrom", "kms:ReEncryptTo",
              "kms:GenerateDataKey", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:*"}
    users = []
    for statement in props["KeyPolicy"]["Statement"]:
        assert statement["Effect"] == "Allow"
        actions = set(as_list(statement["Action"]))
        principals = as_list(statement["Principal"].get("AWS"))
        if actions & crypto:
            users.append(statement)
            assert actions == {"kms:Encrypt", "kms:Decrypt"}
            assert principals == [getatt(api_role), getatt(worker_role)]
            assert statement["Condition"] == {
                "ForAllValues:StringEquals": {"kms:EncryptionContextKeys": ["tenant_id"]},
                "Null": {"kms:EncryptionContext:tenant_id": "false"},
            }
        else:  # the account administers the key (so it can never be locked out) but cannot use it
            assert "kms:PutKeyPolicy" in actions or "kms:Put*" in actions
    assert len(users) == 1


@pytest.mark.parametrize("role_prefix", ["ApiRole", "WorkerRole"])
def test_function_roles_use_the_token_key_only_under_a_tenant_context(synth: Any, role_prefix: str) -> None:
    key_id, _ = synth.one("AWS::KMS::Key", "TokenKey")
    role_id, _ = synth.one("AWS::IAM::Role", role_prefix)
    kms = [s for s in role_statements(synth, role_id) if any(a.startswith("kms:") for a in as_list(s["Action"]))]
    assert len(kms) == 1
    assert set(as_list(kms[0]["Action"])) == {"kms:Encrypt", "kms:Decrypt"}
    assert as_list(kms[0]["Resource"]) == [getatt(key_id)]
    assert kms[0]["Condition"]["ForAllValues:StringEquals"] == {"kms:EncryptionContextKeys": ["tenant_id"]}
    assert kms[0]["Condition"]["Null"] == {"kms:EncryptionContext:tenant_id": "false"}


# --- EventBridge Scheduler ------------------------------------------------------------------


def test_schedule_group_and_the_role_schedules_assume(synth: Any) -> None:
    groups = synth.of_type("AWS::Scheduler::ScheduleGroup")
    assert [g["Properties"]["Name"] for g in groups.values()] == [Config().scheduler_group]
    (group_id,) = groups
    role_id, role = synth.one("AWS::IAM::Role", "SchedulerRole")
    (trust,) = role["Properties"]["AssumeRolePolicyDocument"]["Statement"]
    assert trust["Principal"] == {"Service": "scheduler.amazonaws.com"}
    assert trust["Action"] == "sts:AssumeRole"
    assert trust["Condition"]["StringEquals"]["aws:SourceArn"] == getatt(group_id)
    assert "aws:SourceAccount" in trust["Condition"]["StringEquals"]
    assert not role["Properties"].get("ManagedPolicyArns")

    queue_id, _ = synth.one("AWS::SQS::Queue", "SyncQueue")
    dlq_id, _ = synth.one("AWS::SQS::Queue", "SyncDeadLetterQueue")
    stmts = role_statements(synth, role_id)
    assert {a for s in stmts for a in as_list(s["Action"])} == {"sqs:SendMessage"}
    # the target queue, and the schedules' DeadLetterConfig (chalicelib/aws/schedules.py), nothing else
    assert sorted(json.dumps(r) for s in stmts for r in as_list(s["Resource"])) == sorted(
        json.dumps(getatt(q)) for q in (queue_id, dlq_id))


def test_api_role_manages_schedules_in_the_group_and_passes_only_the_scheduler_role(synth: Any) -> None:
    role_id, _ = synth.one("AWS::IAM::Role", "ApiRole")
    scheduler_role, _ = synth.one("AWS::IAM::Role", "SchedulerRole")
    stmts = role_statements(synth, role_id)
    (schedules,) = [s for s in stmts if any(a.startswith("scheduler:") for a in as_list(s["Action"]))]
    assert set(as_list(schedules["Action"])) >= {
        "scheduler:CreateSchedule", "scheduler:UpdateSchedule", "scheduler:DeleteSchedule"}
    assert json.dumps(schedules["Resource"]).endswith(f':schedule/{Config().scheduler_group}/*"]]}}')
    (pass_role,) = [s for s in stmts if "iam:PassRole" in as_list(s["Action"])]
    assert as_list(pass_role["Resource"]) == [getatt(scheduler_role)]
    assert pass_role["Condition"] == {"StringEquals": {"iam:PassedToService": "scheduler.amazonaws.com"}}


# --- functions ------------------------------------------------------------------------------


def test_api_function_runs_on_its_own_role_and_sends_to_the_sync_queue_only(synth: Any) -> None:
    api = synth.resources["APIHandler"]
    role_id, _ = synth.one("AWS::IAM::Role", "ApiRole")
    queue_id, _ = synth.one("AWS::SQS::Queue", "SyncQueue")
    assert api["Type"] == "AWS::Serverless::Function"
    assert api["Properties"]["Role"] == getatt(role_id)
    stmts = role_statements(synth, role_id)
    sqs = [s for s in stmts if any(a.startswith("sqs:") for a in as_list(s["Action"]))]
    assert [(as_list(s["Action"]), as_list(s["Resource"])) for s in sqs] == [(["sqs:SendMessage"], [getatt(queue_id)])]


@pytest.mark.parametrize("role_prefix", ["ApiRole", "WorkerRole"])
def test_function_roles_reach_every_table_and_nothing_else_in_dynamodb(synth: Any, role_prefix: str) -> None:
    role_id, _ = synth.one("AWS::IAM::Role", role_prefix)
    stmts = [s for s in role_statements(synth, role_id) if any(a.startswith("dynamodb:") for a in as_list(s["Action"]))]
    tables = {k for k, v in synth.of_type("AWS::DynamoDB::Table").items()}
    granted = {json.dumps(r, sort_keys=True) for s in stmts for r in as_list(s["Resource"])}
    assert {json.dumps(getatt(t), sort_keys=True) for t in tables} <= granted
    actions = {a for s in stmts for a in as_list(s["Action"])}
    assert "dynamodb:DescribeTable" in actions and "dynamodb:PutItem" in actions
    assert not {a for a in actions if "*" in a or a in {
        "dynamodb:DeleteTable", "dynamodb:CreateTable", "dynamodb:UpdateTable"}}


def test_functions_get_every_setting_config_reads_from_the_environment(synth: Any) -> None:
    api_env = function_env(synth.resources["APIHandler"])
    needed = {name for attribute, name in ENV_NAMES.items()
              if not attribute.endswith("_endpoint") and attribute not in SECRET_VALUE_ATTRIBUTES}
    assert needed <= set(api_env), sorted(needed - set(api_env))
    assert not {ENV_NAMES[a] for a in SECRET_VALUE_ATTRIBUTES} & set(api_env)
    assert not {name for attribute, name in ENV_NAMES.items() if attribute.endswith("_endpoint")} & set(api_env)
    assert api_env["CLASSBOOKS_STAGE"] == "production"
    assert api_env["CLASSBOOKS_TABLE_PREFIX"] == PREFIX
    assert api_env["CLASSBOOKS_SCHEDULER_GROUP"] == Config().scheduler_group
    key_id, _ = synth.one("AWS::KMS::Key", "TokenKey")
    assert api_env["CLASSBOOKS_TOKEN_KEY_ID"] == getatt(key_id)


def test_secrets_reach_the_functions_by_name_and_are_read_at_run_time(synth: Any) -> None:
    secrets = synth.of_type("AWS::SecretsManager::Secret")
    names = {v["Properties"]["Name"]: k for k, v in secrets.items()}
    assert set(names) == {f"{PREFIX}intuit", f"{PREFIX}jwt"}
    api_env = function_env(synth.resources["APIHandler"])
    assert api_env["CLASSBOOKS_INTUIT_SECRET_NAME"] == f"{PREFIX}intuit"
    assert api_env["CLASSBOOKS_JWT_SECRET_NAME"] == f"{PREFIX}jwt"
    # no dynamic reference anywhere: nothing resolves a secret value into a function's configuration
    assert "{{resolve:secretsmanager:" not in json.dumps(synth.template)
    api_role, _ = synth.one("AWS::IAM::Role", "ApiRole")
    worker_role, _ = synth.one("AWS::IAM::Role", "WorkerRole")
    read = {"secretsmanager:GetSecretValue"}
    assert actions_on(role_statements(synth, api_role), {"Ref": names[f"{PREFIX}intuit"]}) == read
    assert actions_on(role_statements(synth, api_role), {"Ref": names[f"{PREFIX}jwt"]}) == read
    assert actions_on(role_statements(synth, worker_role), {"Ref": names[f"{PREFIX}intuit"]}) == read
    assert actions_on(role_statements(synth, worker_role), {"Ref": names[f"{PREFIX}jwt"]}) == set()
    # no secret value is written into the template: Secrets Manager generates them
    for secret in secrets.values():
        assert "SecretString" not in secret["Properties"] and "GenerateSecretString" in secret["Properties"]
    assert DEV_JWT_SECRET not in json.dumps(synth.template)


def test_alarms_on_the_dead_letter_queue_failed_runs_and_worker_errors(synth: Any) -> None:
    topic_id, _ = synth.one("AWS::SNS::Topic", "AlarmTopic")
    dlq_id, _ = synth.one("AWS::SQS::Queue", "SyncDeadLetterQueue")
    alarms = {k: v["Properties"] for k, v in synth.of_type("AWS::CloudWatch::Alarm").items()}
    for props in alarms.values():
        assert props["AlarmActions"] == [{"Ref": topic_id}]
        assert props["ComparisonOperator"] == "GreaterThanThreshold"

    (dlq_alarm,) = [p for p in alarms.values() if p.get("Namespace") == "AWS/SQS"
                    and p["MetricName"] == "ApproximateNumberOfMessagesVisible"]
    assert dlq_alarm["Threshold"] == 0
    assert dlq_alarm["MetricName"] == "ApproximateNumberOfMessagesVisible"
    assert dlq_alarm["Dimensions"] == [{"Name": "QueueName", "Value": getatt(dlq_id, "QueueName")}]

    (failed,) = [p for p in alarms.values() if p.get("MetricName") == "FailedRuns"]
    assert failed["Namespace"] == "Classbooks" and failed["Threshold"] == 0
    assert failed["MetricName"] == "FailedRuns"
    worker_logs, _ = synth.one("AWS::Logs::LogGroup", "WorkerLogs")
    (metric_filter,) = synth.of_type("AWS::Logs::MetricFilter").values()
    assert metric_filter["Properties"]["LogGroupName"] == {"Ref": worker_logs}
    assert metric_filter["Properties"]["MetricTransformations"][0]["MetricName"] == "FailedRuns"
    assert '$.status = "failed"' in metric_filter["Properties"]["FilterPattern"]


def test_no_iam_policy_grants_wildcard_actions_or_resources_beyond_the_justified_ones(synth: Any) -> None:
    justified = [
        "/index/*",  # the postings table's GSIs (by_task, by_qbo_id) and the tenants' (by_connection_status, by_run_attention)
        f":schedule/{Config().scheduler_group}/*",  # one schedule per tenant, in the app's group
    ]
    xray = {"xray:PutTraceSegments", "xray:PutTelemetryRecords"}  # no resource-level permissions exist
    offending = []
    for policy_id, policy in synth.of_type("AWS::IAM::Policy").items():
        for statement in statements(policy):
            for action in as_list(statement["Action"]):
                if "*" in action:
                    offending.append((policy_id, action))
            for resource in as_list(statement["Resource"]):
                text = json.dumps(resource)
                if resource == "*" and set(as_list(statement["Action"])) <= xray:
                    continue
                if "*" in text and not any(j in text for j in justified):
                    offending.append((policy_id, text))
    for role_id, role in synth.of_type("AWS::IAM::Role").items():
        assert not role["Properties"].get("Policies"), f"{role_id} has inline policies"
        assert not role["Properties"].get("ManagedPolicyArns"), f"{role_id} has managed policies"
    assert offending == []


# --- the worker's SQS trigger ---------------------------------------------------------------


def _app_has_sqs_handler() -> bool:
    from chalice.app import SQSEventConfig

    from app import app

    return any(isinstance(source, SQSEventConfig) for source in app.event_sources)


def test_worker_event_source_mapping_reports_batch_item_failures(synth: Any) -> None:
    if not _app_has_sqs_handler():
        pytest.skip("worker not yet registered")
    functions = {k: v for k, v in synth.of_type("AWS::Serverless::Function").items()
                 if any(e["Type"] == "SQS" for e in v["Properties"].get("Events", {}).values())}
    assert list(functions) == ["SyncWorker"]
    worker = functions["SyncWorker"]["Properties"]
    queue_id, _ = synth.one("AWS::SQS::Queue", "SyncQueue")
    role_id, _ = synth.one("AWS::IAM::Role", "WorkerRole")
    (event,) = worker["Events"].values()
    # aws/chalice#2029: Chalice never sets this; infra/stack.py does. SAM copies it onto the
    # AWS::Lambda::EventSourceMapping it generates.
    assert event["Properties"]["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert event["Properties"]["Queue"] == getatt(queue_id)
    assert worker["Role"] == getatt(role_id)
    assert worker["Timeout"] == WORKER_TIMEOUT_SECONDS
    # the trigger never runs more batches than the function may: no throttled batch comes back
    # to the queue to count against maxReceiveCount
    assert event["Properties"]["ScalingConfig"]["MaximumConcurrency"] == worker["ReservedConcurrentExecutions"]
    worker_policy, _ = synth.one("AWS::IAM::Policy", "WorkerRoleDefaultPolicy")
    assert worker_policy in as_list(synth.resources["SyncWorker"].get("DependsOn", []))
    stmts = role_statements(synth, role_id)
    assert {"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"} <= actions_on(stmts, getatt(queue_id))
    # the worker may only pause a failing tenant's schedule (issue 19), never create or delete one
    assert {a for s in stmts for a in as_list(s["Action"]) if a.startswith(("scheduler:", "iam:"))} == {
        "scheduler:GetSchedule", "scheduler:UpdateSchedule", "iam:PassRole"}
    assert "CLASSBOOKS_JWT_SECRET" not in function_env(synth.resources["SyncWorker"])
    assert "CLASSBOOKS_JWT_SECRET_NAME" not in function_env(synth.resources["SyncWorker"])
