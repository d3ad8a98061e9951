"""Everything Classbooks needs in AWS, in one stack.

- the API and functions Chalice builds (`chalice.cdk.Chalice` packages `app.py` into a SAM template
  that is included here), each function on a role of its own, written here (`autogen_policy` is
  off: Chalice's generated policy misses everything under `chalicelib/` and pynamodb);
- the DynamoDB tables, read off the pynamodb models (on-demand, point-in-time recovery, TTL where
  the model has one, deletion protection);
- the sync queue and its dead-letter queue (redrive after `MAX_RECEIVE_COUNT` receives), and the
  worker's SQS trigger with `ReportBatchItemFailures` (Chalice never sets it: aws/chalice#2029);
- the EventBridge Scheduler group and the role the schedules assume to send to the queue;
- the KMS key that encrypts OAuth tokens: only the two function roles may use it, and only with a
  `tenant_id` encryption context; the account's administrators manage it but cannot decrypt;
- Secrets Manager secrets for Intuit's app credentials and the JWT key;
- alarms on the dead-letter queue, on failed sync runs and on worker errors, sent to an SNS topic.

Every cdk-nag finding that is not fixed is acknowledged next to the code that causes it, with the
reason (`_acknowledge`).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aws_cdk import CfnOutput, CfnResource, Duration, RemovalPolicy, Stack
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as cloudwatch_actions
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as events_targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from aws_cdk import aws_scheduler as scheduler
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import aws_sqs as sqs
from cdk_nag import NagPackSuppression, NagSuppressions, RegexAppliesTo
from chalice.cdk import Chalice
from chalice.utils import to_cfn_resource_name
from constructs import Construct

from chalicelib.alerts.events import SOURCE as ALERT_SOURCE
from chalicelib.config import ENV_NAMES, INTUIT_DISCOVERY_PRODUCTION, QBO_API_PRODUCTION, Config
from chalicelib.observability import NAMESPACE, SERVICE
from infra.constants import API_TIMEOUT_SECONDS, MAX_RECEIVE_COUNT, QUEUE_VISIBILITY_SECONDS, WORKER_TIMEOUT_SECONDS
from infra.runtime import LAMBDA_ARCHITECTURE, LAMBDA_RUNTIME, chalice_packaging_for, python_version
from infra.tables import TableSpec, table_specs

ROOT = Path(__file__).resolve().parent.parent

# logical ids in the SAM template `chalice package` writes
API_FUNCTION_ID = "APIHandler"  # the function that serves every route
REST_API_ID = "RestAPI"
LOG_RETENTION = logs.RetentionDays.ONE_MONTH
# Lambda's log settings: JSON lines (Powertools writes JSON; the metric filter reads `$.status`)
LOGGING = {"LogFormat": "JSON", "ApplicationLogLevel": "INFO", "SystemLogLevel": "WARN"}
# API Gateway access log line: the route template (`$context.resourcePath`, e.g.
# /oauth/callback), never the request's path with its query string, which on the OAuth callback
# carries Intuit's one-time `code` and our `state`.
ACCESS_LOG_FORMAT = json.dumps({
    "requestId": "$context.requestId", "requestTime": "$context.requestTime",
    "httpMethod": "$context.httpMethod", "resourcePath": "$context.resourcePath",
    "status": "$context.status", "responseLength": "$context.responseLength",
    "responseLatency": "$context.responseLatency", "integrationLatency": "$context.integrationLatency",
    "sourceIp": "$context.identity.sourceIp", "userAgent": "$context.identity.userAgent",
    "errorMessage": "$context.error.message",
}, separators=(",", ":"))
OLDEST_MESSAGE_ALARM_SECONDS = 15 * 60  # a sync message waiting longer: the worker is not keeping up
ERROR_RATE_ALARM_PERCENT = 5
SYNC_LAG_ALARM_SECONDS = 3600  # the nightly wave should be done within an hour of 23:31
XRAY_ACTIONS = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]

INTUIT_DISCOVERY_SANDBOX = "https://developer.api.intuit.com/.well-known/openid_sandbox_configuration"
QBO_API_SANDBOX = "https://sandbox-quickbooks.api.intuit.com/v3/company/"

# KMS key administration without use: the account (and so its administrators, through IAM) can
# describe, tag, rotate, disable, re-policy and schedule deletion of the token key, but not
# Encrypt, Decrypt, ReEncrypt, GenerateDataKey or CreateGrant. Only the roles named in the key
# policy can use the key, so an IAM policy elsewhere in the account that says `kms:Decrypt` on `*`
# still cannot read a tenant's QuickBooks tokens. `kms:PutKeyPolicy` stays with the account so the
# key can never be locked out.
KEY_ADMIN_ACTIONS = [
    "kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias", "kms:UpdateKeyDescription",
    "kms:Describe*", "kms:List*", "kms:Get*", "kms:Put*",
    "kms:Enable*", "kms:Disable*", "kms:RotateKeyOnDemand", "kms:RevokeGrant", "kms:RetireGrant",
    "kms:TagResource", "kms:UntagResource", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion",
]
TOKEN_KEY_USE_ACTIONS = ["kms:Encrypt", "kms:Decrypt"]
TOKEN_KEY_CONDITIONS = {
    # every request names exactly the tenant_id context key (no other keys, not none at all)
    "ForAllValues:StringEquals": {"kms:EncryptionContextKeys": ["tenant_id"]},
    "Null": {"kms:EncryptionContext:tenant_id": "false"},
}

DYNAMODB_ACTIONS = [
    "dynamodb:DescribeTable",  # pynamodb reads the table's schema before its first request
    "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan",
    "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem",
    "dynamodb:ConditionCheckItem",  # TransactWriteItems checks each item's action on its table
]


@dataclass(frozen=True)
class Settings:
    """What varies between deployments, from CDK context (`cdk deploy -c name=value`)."""

    prefix: str = "classbooks-"
    public_base_url: str = ""
    intuit_environment: str = "production"  # or "sandbox" (Intuit's development keys)
    jwt_issuer: str = "platform"
    alarm_email: str = ""
    # the functions' Lambda runtime and architecture (infra/runtime.py builds the layer for them)
    lambda_runtime: str = LAMBDA_RUNTIME
    lambda_architecture: str = LAMBDA_ARCHITECTURE
    # an event bus of the platform's (another account's, usually) that alerts are forwarded to
    platform_event_bus_arn: str = ""
    # the platform's web origins whose pages may open the hosted page (comma-separated; the
    # sign-in refuses a cross-site POST from any other origin: docs/security.md)
    platform_origins: str = ""
    # API Gateway writes access logs through the region's account-level CloudWatch role; say
    # false when that role is managed elsewhere (AWS::ApiGateway::Account is one per region)
    api_gateway_account_role: bool = True
    # the API stage's throttle (requests per second, steady and burst), a ceiling on what a
    # runaway client can cost; the platform's ingest retries a 429
    api_rate_limit: int = 100
    api_burst_limit: int = 200
    # the sync worker's reserved concurrency, and its SQS trigger's maximum concurrency (the same
    # number: a trigger allowed more than the function can run gets throttled batches back, and
    # each such return counts towards maxReceiveCount; docs/schedules.md "The nightly wave")
    worker_concurrency: int = 100

    @classmethod
    def from_context(cls, node: Any) -> Settings:
        def get(name: str, default: str) -> str:
            value = node.try_get_context(name)
            return default if value is None else str(value)

        base = cls()
        settings = cls(
            prefix=get("prefix", base.prefix),
            public_base_url=get("publicBaseUrl", base.public_base_url).rstrip("/"),
            intuit_environment=get("intuitEnvironment", base.intuit_environment),
            jwt_issuer=get("jwtIssuer", base.jwt_issuer),
            alarm_email=get("alarmEmail", base.alarm_email),
            lambda_runtime=get("lambdaRuntime", base.lambda_runtime),
            lambda_architecture=get("lambdaArchitecture", base.lambda_architecture),
            platform_event_bus_arn=get("platformEventBusArn", base.platform_event_bus_arn),
            platform_origins=get("platformOrigins", base.platform_origins),
            api_gateway_account_role=get("apiGatewayAccountRole", "true").lower() != "false",
            api_rate_limit=int(get("apiRateLimit", str(base.api_rate_limit))),
            api_burst_limit=int(get("apiBurstLimit", str(base.api_burst_limit))),
            worker_concurrency=int(get("workerConcurrency", str(base.worker_concurrency))),
        )
        if settings.worker_concurrency < 2:
            raise ValueError("workerConcurrency must be at least 2 (SQS trigger MaximumConcurrency)")
        if settings.intuit_environment not in ("production", "sandbox"):
            raise ValueError("intuitEnvironment must be 'production' or 'sandbox'")
        python_version(settings.lambda_runtime)  # refuses an unsupported runtime
        if settings.lambda_architecture not in ("x86_64", "arm64"):
            raise ValueError("lambdaArchitecture must be 'x86_64' or 'arm64'")
        return settings

    @property
    def scheduler_group(self) -> str:
        return self.prefix.rstrip("-_") or "classbooks"


def _acknowledge(construct: Construct, rule: str, reason: str, applies_to: str | None = None) -> None:
    """Suppress one cdk-nag finding on `construct` (and its children), with the reason.

    `applies_to` (a regular expression over cdk-nag's finding, e.g. `Resource::<X.Arn>/index/*`)
    narrows the suppression to the findings it matches; other findings of the rule still fail.
    """
    NagSuppressions.add_resource_suppressions(
        construct,
        [NagPackSuppression(id=rule, reason=reason,
                            applies_to=[RegexAppliesTo(regex=f"/{applies_to}/")] if applies_to else None)],
        apply_to_children=True,
    )


class ClassbooksStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, *, settings: Settings | None = None,
                 **kwargs: Any) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.settings = settings or Settings.from_context(self.node)
        s = self.settings

        self.tables = {spec.key: self._table(spec) for spec in table_specs()}
        self.dead_letter_queue, self.sync_queue = self._queues()
        self.token_key = self._token_key()
        self.intuit_secret, self.jwt_secret = self._secrets()
        self.alert_bus = self._alert_bus()
        self.schedule_group = scheduler.CfnScheduleGroup(self, "ScheduleGroup", name=s.scheduler_group)
        self.scheduler_role = self._scheduler_role()
        self.api_logs = self._log_group("ApiLogs", f"/aws/lambda/{s.prefix}api")
        self.access_logs = self._log_group("ApiAccessLogs", f"/aws/apigateway/{s.prefix}api-access")
        self.worker_logs = self._log_group("WorkerLogs", f"/aws/lambda/{s.prefix}sync-worker")
        self.api_role = self._function_role("ApiRole", "the API function (every HTTP route)", self.api_logs)
        self.worker_role = self._function_role("WorkerRole", "the sync worker (SQS)", self.worker_logs)
        self._grant_api()
        self._grant_worker()
        self._grant_token_key()
        self._grant_runtime()
        self.chalice = self._chalice_app()
        self._access_logging()
        self.alarm_topic = self._alarms()
        self.dashboard = self._dashboard()
        self._outputs()

    # --- data -----------------------------------------------------------------------------

    def _table(self, spec: TableSpec) -> dynamodb.Table:
        def attribute(key: Any) -> dynamodb.Attribute:
            return dynamodb.Attribute(name=key.name, type=dynamodb.AttributeType(
                {"S": "STRING", "N": "NUMBER", "B": "BINARY"}[key.type]))

        table = dynamodb.Table(
            self, f"Table{to_cfn_resource_name(spec.key)}",
            table_name=f"{self.settings.prefix}{spec.key}",
            partition_key=attribute(spec.hash_key),
            sort_key=attribute(spec.range_key) if spec.range_key else None,
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True),
            time_to_live_attribute=spec.ttl_attribute,
            deletion_protection=True,
            removal_policy=RemovalPolicy.RETAIN,
        )
        for index in spec.indexes:
            table.add_global_secondary_index(
                index_name=index.name,
                partition_key=attribute(index.hash_key),
                sort_key=attribute(index.range_key) if index.range_key else None,
                projection_type=dynamodb.ProjectionType(index.projection),
                non_key_attributes=list(index.non_key_attributes) or None,
            )
        return table

    def _queues(self) -> tuple[sqs.Queue, sqs.Queue]:
        prefix = self.settings.prefix
        dead_letters = sqs.Queue(
            self, "SyncDeadLetterQueue",
            queue_name=f"{prefix}sync-dlq",
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            enforce_ssl=True,
            retention_period=Duration.days(14),
        )
        queue = sqs.Queue(
            self, "SyncQueue",
            queue_name=f"{prefix}sync",
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            enforce_ssl=True,
            visibility_timeout=Duration.seconds(QUEUE_VISIBILITY_SECONDS),
            retention_period=Duration.days(4),
            dead_letter_queue=sqs.DeadLetterQueue(queue=dead_letters, max_receive_count=MAX_RECEIVE_COUNT),
        )
        return dead_letters, queue

    def _token_key(self) -> kms.Key:
        policy = iam.PolicyDocument(statements=[iam.PolicyStatement(
            sid="AccountAdministersButCannotUse",
            principals=[iam.AccountRootPrincipal()],
            actions=KEY_ADMIN_ACTIONS,
            resources=["*"],
        )])
        return kms.Key(
            self, "TokenKey",
            alias=f"alias/{self.settings.prefix}tokens",
            description="Classbooks: encrypts each tenant's QuickBooks OAuth tokens (context tenant_id)",
            enable_key_rotation=True,
            policy=policy,
            removal_policy=RemovalPolicy.RETAIN,
        )

    def _secrets(self) -> tuple[secretsmanager.Secret, secretsmanager.Secret]:
        prefix = self.settings.prefix
        intuit = secretsmanager.Secret(
            self, "IntuitSecret",
            secret_name=f"{prefix}intuit",
            description="Intuit app credentials: client_id, client_secret, webhook_verifier "
                        "(put the values from the Intuit developer portal after the first deploy)",
            generate_secret_string=secretsmanager.SecretStringGenerator(
                secret_string_template=json.dumps({"client_id": "set-me", "webhook_verifier": "set-me"}),
                generate_string_key="client_secret",
                exclude_punctuation=True,
            ),
        )
        _acknowledge(intuit, "AwsSolutions-SMG4",
                     "Intuit issues and rotates the app's client secret and webhook verifier token in its "
                     "developer portal; no Lambda can rotate them. docs/infra.md gives the rotation steps.")
        jwt = secretsmanager.Secret(
            self, "JwtSecret",
            secret_name=f"{prefix}jwt",
            description="HS256 key shared with the platform that signs the JWTs this API accepts",
            generate_secret_string=secretsmanager.SecretStringGenerator(
                password_length=64, exclude_punctuation=True),
        )
        _acknowledge(jwt, "AwsSolutions-SMG4",
                     "The JWT key is shared with the platform that issues the tokens, so rotating it is "
                     "a change coordinated with that platform (docs/infra.md), not an automatic rotation.")
        return intuit, jwt

    # --- alerts to the platform ------------------------------------------------------------

    def _alert_bus(self) -> events.EventBus:
        """`<prefix>alerts`: the worker puts alerts here (chalicelib/alerts/); the platform subscribes.

        An archive keeps every alert 30 days for replay; with `platformEventBusArn` a rule
        forwards every Classbooks alert to the platform's bus (EventBridge retries for 24 hours).
        """
        bus = events.EventBus(self, "AlertBus", event_bus_name=f"{self.settings.prefix}alerts",
                              description="Classbooks alerts for the platform (source classbooks)")
        bus.archive("AlertArchive", archive_name=f"{self.settings.prefix}alerts",
                    description="Every Classbooks alert, for replay", retention=Duration.days(30),
                    event_pattern=events.EventPattern(source=[ALERT_SOURCE]))
        if self.settings.platform_event_bus_arn:
            target = events.EventBus.from_event_bus_arn(self, "PlatformBus", self.settings.platform_event_bus_arn)
            events.Rule(self, "ForwardAlerts", event_bus=bus, description="Classbooks alerts to the platform's bus",
                        event_pattern=events.EventPattern(source=[ALERT_SOURCE]),
                        targets=[events_targets.EventBus(target)])
        return bus

    # --- scheduling -----------------------------------------------------------------------

    def _scheduler_role(self) -> iam.Role:
        role = iam.Role(
            self, "SchedulerRole",
            description="Assumed by the tenants' nightly schedules to send a sync message",
            assumed_by=iam.ServicePrincipal("scheduler.amazonaws.com", conditions={
                # confused-deputy guard: only this account's schedules in this group
                "StringEquals": {
                    "aws:SourceAccount": self.account,
                    "aws:SourceArn": self.schedule_group.attr_arn,
                },
            }),
        )
        # The schedule's target is the sync queue; its DeadLetterConfig (chalicelib/aws/schedules.py)
        # is the dead-letter queue, which Scheduler also writes with this role.
        role.add_to_policy(iam.PolicyStatement(
            sid="SendSyncMessages",
            actions=["sqs:SendMessage"],
            resources=[self.sync_queue.queue_arn, self.dead_letter_queue.queue_arn],
        ))
        return role

    # --- functions ------------------------------------------------------------------------

    def _log_group(self, construct_id: str, name: str) -> logs.LogGroup:
        return logs.LogGroup(self, construct_id, log_group_name=name, retention=LOG_RETENTION,
                             removal_policy=RemovalPolicy.DESTROY)

    def _function_role(self, construct_id: str, what: str, log_group: logs.LogGroup) -> iam.Role:
        role = iam.Role(self, construct_id, description=f"Classbooks: {what}",
                        assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))
        role.add_to_policy(iam.PolicyStatement(
            sid="WriteOwnLogs",
            actions=["logs:CreateLogStream", "logs:PutLogEvents"],
            resources=[log_group.log_group_arn],
        ))
        return role

    def _grant_tables(self, role: iam.Role) -> None:
        resources: list[str] = []
        for spec in table_specs():
            table = self.tables[spec.key]
            resources.append(table.table_arn)
            if spec.indexes:
                resources.append(f"{table.table_arn}/index/*")
        role.add_to_policy(iam.PolicyStatement(sid="Tables", actions=DYNAMODB_ACTIONS, resources=resources))
        _acknowledge(role, "AwsSolutions-IAM5",
                     "Queries by a table's global secondary indexes (postings by_task and by_qbo_id, tenants "
                     "by_connection_status, by_run_attention): the index ARNs "
                     "are the table's ARN + /index/<name>, granted for this app's tables only.",
                     applies_to=r"^Resource::<Table\w+\.Arn>/index/\*$")

    def _grant_api(self) -> None:
        role, s = self.api_role, self.settings
        self._grant_tables(role)
        role.add_to_policy(iam.PolicyStatement(
            sid="SyncNow", actions=["sqs:SendMessage"], resources=[self.sync_queue.queue_arn]))
        schedules_arn = self.format_arn(service="scheduler", resource="schedule",
                                        resource_name=f"{s.scheduler_group}/*")
        role.add_to_policy(iam.PolicyStatement(
            sid="TenantSchedules",
            actions=["scheduler:CreateSchedule", "scheduler:UpdateSchedule", "scheduler:DeleteSchedule",
                     "scheduler:GetSchedule"],
            resources=[schedules_arn],
        ))
        role.add_to_policy(iam.PolicyStatement(
            sid="PassSchedulerRole",
            actions=["iam:PassRole"],
            resources=[self.scheduler_role.role_arn],
            conditions={"StringEquals": {"iam:PassedToService": "scheduler.amazonaws.com"}},
        ))
        _acknowledge(role, "AwsSolutions-IAM5",
                     "One schedule per tenant, named from the tenant id at run time: the grant is limited "
                     "to the Classbooks schedule group.",
                     applies_to=r"^Resource::arn:<AWS::Partition>:scheduler:[^:]+:[^:]+:schedule/[\w.-]+/\*$")

    def _grant_worker(self) -> None:
        role = self.worker_role
        self._grant_tables(role)
        # the event source mapping polls with the function's role
        role.add_to_policy(iam.PolicyStatement(
            sid="ConsumeSyncQueue",
            actions=["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility",
                     "sqs:GetQueueAttributes"],
            resources=[self.sync_queue.queue_arn],
        ))
        # permanent failures are dead-lettered by the worker itself (chalicelib/sync/worker.py)
        role.add_to_policy(iam.PolicyStatement(
            sid="DeadLetterPermanentFailures", actions=["sqs:SendMessage"],
            resources=[self.dead_letter_queue.queue_arn]))

    def _grant_token_key(self) -> None:
        for role in (self.api_role, self.worker_role):
            role.add_to_policy(iam.PolicyStatement(
                sid="TenantTokens", actions=TOKEN_KEY_USE_ACTIONS, resources=[self.token_key.key_arn],
                conditions=TOKEN_KEY_CONDITIONS))
        self.token_key.add_to_resource_policy(iam.PolicyStatement(
            sid="OnlyTheFunctionsUseTheKeyPerTenant",
            principals=[iam.ArnPrincipal(self.api_role.role_arn), iam.ArnPrincipal(self.worker_role.role_arn)],
            actions=TOKEN_KEY_USE_ACTIONS,
            resources=["*"],
            conditions=TOKEN_KEY_CONDITIONS,
        ))

    def _grant_runtime(self) -> None:
        """Secrets read at run time, alerts, traces (and pausing a failing tenant's schedule)."""
        api, worker = self.api_role, self.worker_role
        api.add_to_policy(iam.PolicyStatement(
            sid="ReadSecrets", actions=["secretsmanager:GetSecretValue"],
            resources=[self.intuit_secret.secret_arn, self.jwt_secret.secret_arn]))
        # the worker verifies no JWTs: Intuit's credentials only
        worker.add_to_policy(iam.PolicyStatement(
            sid="ReadSecrets", actions=["secretsmanager:GetSecretValue"],
            resources=[self.intuit_secret.secret_arn]))
        worker.add_to_policy(iam.PolicyStatement(
            sid="PublishAlerts", actions=["events:PutEvents"], resources=[self.alert_bus.event_bus_arn]))
        s = self.settings
        schedules_arn = self.format_arn(service="scheduler", resource="schedule",
                                        resource_name=f"{s.scheduler_group}/*")
        # after PAUSE_AFTER_NIGHTS failed nights the worker disables the tenant's schedule, which
        # UpdateSchedule does by re-sending it with the scheduler role
        worker.add_to_policy(iam.PolicyStatement(
            sid="PauseFailingSchedules", actions=["scheduler:GetSchedule", "scheduler:UpdateSchedule"],
            resources=[schedules_arn]))
        worker.add_to_policy(iam.PolicyStatement(
            sid="PassSchedulerRole", actions=["iam:PassRole"], resources=[self.scheduler_role.role_arn],
            conditions={"StringEquals": {"iam:PassedToService": "scheduler.amazonaws.com"}}))
        _acknowledge(worker, "AwsSolutions-IAM5",
                     "Pausing a failing tenant's schedule: one schedule per tenant, named from the tenant id "
                     "at run time; the grant is limited to the Classbooks schedule group.",
                     applies_to=r"^Resource::arn:<AWS::Partition>:scheduler:[^:]+:[^:]+:schedule/[\w.-]+/\*$")
        for role in (api, worker):
            role.add_to_policy(iam.PolicyStatement(sid="WriteTraces", actions=XRAY_ACTIONS, resources=["*"]))
            _acknowledge(role, "AwsSolutions-IAM5",
                         "X-Ray's PutTraceSegments and PutTelemetryRecords support no resource-level "
                         "permissions: AWS documents Resource * for them (what AWSXRayDaemonWriteAccess grants).",
                         applies_to=r"^Resource::\*$")

    def environment(self) -> dict[str, str]:
        """The environment every function gets: `chalicelib/config.py`'s ENV_NAMES, for AWS."""
        s = self.settings
        sandbox = s.intuit_environment == "sandbox"
        values = {
            "table_prefix": s.prefix,
            "sync_queue_url": self.sync_queue.queue_url,
            "sync_queue_arn": self.sync_queue.queue_arn,
            "sync_dlq_arn": self.dead_letter_queue.queue_arn,
            "sync_dlq_url": self.dead_letter_queue.queue_url,
            "scheduler_role_arn": self.scheduler_role.role_arn,
            "scheduler_group": s.scheduler_group,
            "token_key_id": self.token_key.key_arn,
            # secrets by name: read at run time (chalicelib/aws/secrets.py), so no value is in the
            # template or the function's configuration, and a rotation needs no deploy
            "intuit_secret_name": f"{s.prefix}intuit",  # the names _secrets gives them
            "jwt_secret_name": f"{s.prefix}jwt",
            "alert_bus_name": self.alert_bus.event_bus_name,
            "jwt_issuer": s.jwt_issuer,
            "intuit_redirect_uri": f"{s.public_base_url}/oauth/callback" if s.public_base_url else "",
            "intuit_discovery_url": INTUIT_DISCOVERY_SANDBOX if sandbox else INTUIT_DISCOVERY_PRODUCTION,
            "qbo_api_base": QBO_API_SANDBOX if sandbox else QBO_API_PRODUCTION,
            "qbo_minor_version": str(Config().qbo_minor_version),
            "public_base_url": s.public_base_url,
            "brand": Config().brand,
            "platform_origins": s.platform_origins,
        }
        env = {ENV_NAMES[attribute]: value for attribute, value in values.items()}
        env["CLASSBOOKS_STAGE"] = "production"
        env["POWERTOOLS_METRICS_NAMESPACE"] = NAMESPACE
        return env

    def _chalice_app(self) -> Chalice:
        s = self.settings
        stage_config = {
            "api_gateway_stage": "api",
            "api_gateway_endpoint_type": "REGIONAL",
            "autogen_policy": False,
            "manage_iam_role": False,
            # every function starts on the API role; the worker is moved to its own below
            "iam_role_arn": self.api_role.role_arn,
            "lambda_timeout": API_TIMEOUT_SECONDS,
            "lambda_memory_size": 512,
            # dependencies in a layer of their own: a code change re-zips the app only (and
            # `chalice package` reuses the layer from .chalice/deployments while requirements.txt
            # is unchanged)
            "automatic_layer": True,
            "lambda_architecture": s.lambda_architecture,
            "environment_variables": self.environment(),
        }
        # the runtime and the layer's wheels are the stack's choice, not the synth interpreter's
        with chalice_packaging_for(s.lambda_runtime, s.lambda_architecture):
            app = Chalice(self, "App", source_dir=str(ROOT), stage_config=stage_config)

        api = app.get_resource(API_FUNCTION_ID)
        api.add_property_override("LoggingConfig", {"LogGroup": self.api_logs.log_group_name, **LOGGING})
        api.add_property_override("Tracing", "Active")
        api.add_resource_dependency(_default_policy(self.api_role))
        rest_api = app.get_resource(REST_API_ID)
        rest_api.add_property_override("MethodSettings", [{
            "ResourcePath": "/*", "HttpMethod": "*",
            "ThrottlingRateLimit": s.api_rate_limit, "ThrottlingBurstLimit": s.api_burst_limit,
        }])

        self.worker_function, self.worker_event_source = None, None
        for name, event_name in sqs_handlers():
            worker = app.get_resource(to_cfn_resource_name(name))
            worker.add_property_override("Role", self.worker_role.role_arn)
            # the SQS trigger is created with the function and checks the role can receive then
            worker.add_resource_dependency(_default_policy(self.worker_role))
            worker.add_property_override("Timeout", WORKER_TIMEOUT_SECONDS)
            worker.add_property_override("MemorySize", 1024)
            worker.add_property_override("LoggingConfig", {"LogGroup": self.worker_logs.log_group_name, **LOGGING})
            worker.add_property_override("Tracing", "Active")
            # the worker verifies no JWTs: it is not told the key's name (nor may it read it)
            worker.add_property_deletion_override(f"Environment.Variables.{ENV_NAMES['jwt_secret_name']}")
            # aws/chalice#2029: the handler returns {"batchItemFailures": [...]}, which Lambda
            # only honours when the event source mapping says so
            worker.add_property_override(
                f"Events.{event_name}.Properties.FunctionResponseTypes", ["ReportBatchItemFailures"])
            worker.add_property_override("ReservedConcurrentExecutions", s.worker_concurrency)
            worker.add_property_override(
                f"Events.{event_name}.Properties.ScalingConfig", {"MaximumConcurrency": s.worker_concurrency})
            self.worker_function, self.worker_event_source = worker, event_name
        return app

    # --- API access logs ----------------------------------------------------------------

    def _access_logging(self) -> None:
        """Access logs of the API stage into their own group, one JSON line per request."""
        rest_api = self.chalice.get_resource(REST_API_ID)
        rest_api.add_property_override("AccessLogSetting", {
            "DestinationArn": self.access_logs.log_group_arn, "Format": ACCESS_LOG_FORMAT})
        if not self.settings.api_gateway_account_role:
            return
        role = iam.Role(self, "ApiGatewayLogsRole", assumed_by=iam.ServicePrincipal("apigateway.amazonaws.com"),
                        description="API Gateway (this region): writes the Classbooks API's access logs")
        role.add_to_policy(iam.PolicyStatement(
            sid="WriteAccessLogs",
            actions=["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups",
                     "logs:DescribeLogStreams"],
            resources=[self.access_logs.log_group_arn]))
        account = apigateway.CfnAccount(self, "ApiGatewayAccount", cloud_watch_role_arn=role.role_arn)
        account.node.add_dependency(role)
        rest_api.add_dependency(account)

    # --- alarms ---------------------------------------------------------------------------

    def _alarms(self) -> sns.Topic:
        key = kms.Key(self, "AlarmTopicKey", enable_key_rotation=True,
                      description="Classbooks: encrypts the alarm topic",
                      removal_policy=RemovalPolicy.DESTROY)
        key.add_to_resource_policy(iam.PolicyStatement(
            sid="CloudWatchAlarmsPublish",
            principals=[iam.ServicePrincipal("cloudwatch.amazonaws.com")],
            actions=["kms:GenerateDataKey*", "kms:Decrypt"],
            resources=["*"],
            conditions={"StringEquals": {"aws:SourceAccount": self.account}},
        ))
        topic = sns.Topic(self, "AlarmTopic", display_name="Classbooks alarms", master_key=key,
                          enforce_ssl=True)
        if self.settings.alarm_email:
            topic.add_subscription(subscriptions.EmailSubscription(self.settings.alarm_email))
        action = cloudwatch_actions.SnsAction(topic)

        def alarm(construct_id: str, metric: cloudwatch.IMetric, description: str,
                  threshold: float = 0) -> cloudwatch.Alarm:
            made = cloudwatch.Alarm(
                self, construct_id, metric=metric, threshold=threshold, evaluation_periods=1,
                comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
                treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
                alarm_description=description,
            )
            made.add_alarm_action(action)
            return made

        self.dlq_alarm = alarm(
            "DeadLetterAlarm",
            self.dead_letter_queue.metric_approximate_number_of_messages_visible(
                period=Duration.minutes(5), statistic="Maximum"),
            "A sync message is in the dead-letter queue: a run failed for good, a message was unreadable, "
            "or a schedule could not deliver. The task list shows the reason.")
        # Failed runs: the worker logs every handled message with its outcome (chalicelib/sync/worker.py).
        failed_runs = logs.MetricFilter(
            self, "FailedRunsFilter",
            log_group=self.worker_logs,
            metric_namespace="Classbooks",
            metric_name="FailedRuns",
            filter_pattern=logs.FilterPattern.all(
                logs.FilterPattern.string_value("$.message", "=", "sync message handled"),
                logs.FilterPattern.string_value("$.status", "=", "failed"),
            ),
            metric_value="1",
            default_value=0,
        )
        self.failed_runs_alarm = alarm(
            "FailedRunsAlarm",
            failed_runs.metric(period=Duration.minutes(5), statistic="Sum"),
            "A sync run failed (QuickBooks refused a document, re-authorisation needed, or retries ran out).")
        self.worker_errors_alarm = None
        if self.worker_function is not None:
            self.worker_errors_alarm = alarm(
                "WorkerErrorsAlarm",
                cloudwatch.Metric(namespace="AWS/Lambda", metric_name="Errors",
                                  dimensions_map={"FunctionName": self.worker_function.ref},
                                  period=Duration.minutes(5), statistic="Sum"),
                "The sync worker crashed or timed out (not a handled run failure).")
            self.worker_error_rate_alarm = alarm(
                "WorkerErrorRateAlarm", _error_rate(self.worker_function.ref),
                f"More than {ERROR_RATE_ALARM_PERCENT} % of the sync worker's invocations failed in 5 minutes.",
                threshold=ERROR_RATE_ALARM_PERCENT)
        self.api_error_rate_alarm = alarm(
            "ApiErrorRateAlarm", _error_rate(self.chalice.get_resource(API_FUNCTION_ID).ref),
            f"More than {ERROR_RATE_ALARM_PERCENT} % of the API function's invocations failed in 5 minutes.",
            threshold=ERROR_RATE_ALARM_PERCENT)
        self.oldest_message_alarm = alarm(
            "OldestSyncMessageAlarm",
            self.sync_queue.metric_approximate_age_of_oldest_message(period=Duration.minutes(5), statistic="Maximum"),
            "A sync message has waited more than 15 minutes: the worker is not keeping up (or is failing).",
            threshold=OLDEST_MESSAGE_ALARM_SECONDS)
        self.api_5xx_alarm = alarm(
            "Api5xxAlarm", self.api_metric("5XXError", "Sum"),
            "The API answered with a 5XX: a bug or an outage (inputs are answered 4XX).")
        self.sync_lag_alarm = alarm(
            "NightlyWaveLateAlarm",
            cloudwatch.Metric(namespace=NAMESPACE, metric_name="SyncLagSeconds", dimensions_map={"service": SERVICE},
                              period=Duration.minutes(5), statistic="Maximum"),
            "A nightly sync finished more than an hour after its 23:31 start: the nightly wave is late.",
            threshold=SYNC_LAG_ALARM_SECONDS)
        return topic

    def api_metric(self, name: str, statistic: str) -> cloudwatch.Metric:
        return cloudwatch.Metric(namespace="AWS/ApiGateway", metric_name=name,
                                 dimensions_map={"ApiName": chalice_app_name(), "Stage": "api"},
                                 period=Duration.minutes(5), statistic=statistic)

    def run_metric(self, name: str, statistic: str = "Sum", **dimensions: str) -> cloudwatch.Metric:
        return cloudwatch.Metric(namespace=NAMESPACE, metric_name=name,
                                 dimensions_map={"service": SERVICE, **dimensions},
                                 period=Duration.minutes(5), statistic=statistic)

    # --- dashboard ----------------------------------------------------------------------

    def _dashboard(self) -> cloudwatch.Dashboard:
        """One page: the nightly wave, QuickBooks, the queue, the functions, the API, alerts."""
        dashboard = cloudwatch.Dashboard(self, "Dashboard", dashboard_name=f"{self.settings.prefix}operations")
        outcomes = ["succeeded", "failed", "skipped", "retry", "duplicate"]

        def graph(title: str, metrics: list[cloudwatch.IMetric], **kwargs: Any) -> cloudwatch.GraphWidget:
            return cloudwatch.GraphWidget(title=title, left=metrics, width=8, **kwargs)

        functions = [fn for fn in (self.chalice.get_resource(API_FUNCTION_ID), self.worker_function) if fn is not None]
        dashboard.add_widgets(
            graph("Sync runs by outcome", [self.run_metric("SyncRuns", outcome=o) for o in outcomes], stacked=True),
            graph("Nightly lag from 23:31 (s)", [self.run_metric("SyncLagSeconds", "Maximum"),
                                                 self.run_metric("SyncLagSeconds", "p50")],
                  left_annotations=[cloudwatch.HorizontalAnnotation(value=SYNC_LAG_ALARM_SECONDS, label="late")]),
            graph("QuickBooks calls", [self.run_metric("QboCalls"), self.run_metric("QboThrottled"),
                                       self.run_metric("QboMeteredReads")]),
        )
        dashboard.add_widgets(
            graph("Sync queue", [self.sync_queue.metric_approximate_number_of_messages_visible(),
                                 self.dead_letter_queue.metric_approximate_number_of_messages_visible()]),
            graph("Oldest sync message (s)", [self.sync_queue.metric_approximate_age_of_oldest_message(
                statistic="Maximum")]),
            graph("Function errors", [cloudwatch.Metric(namespace="AWS/Lambda", metric_name="Errors",
                                                        dimensions_map={"FunctionName": fn.ref}, statistic="Sum")
                                      for fn in functions]),
        )
        dashboard.add_widgets(
            graph("API requests and errors", [self.api_metric("Count", "Sum"), self.api_metric("4XXError", "Sum"),
                                              self.api_metric("5XXError", "Sum")]),
            graph("API latency (ms)", [self.api_metric("Latency", "p90")]),
            graph("Alerts published", [self.run_metric("AlertsPublished")]),
        )
        return dashboard

    def _outputs(self) -> None:
        rest_api = self.chalice.get_resource(REST_API_ID)
        CfnOutput(self, "ApiUrl", value=f"https://{rest_api.ref}.execute-api.{self.region}.{self.url_suffix}/api",
                  description="Pass as -c publicBaseUrl=... on the next deploy unless a custom domain fronts it")
        CfnOutput(self, "IntuitSecretName", value=self.intuit_secret.secret_name)
        CfnOutput(self, "JwtSecretName", value=self.jwt_secret.secret_name)
        CfnOutput(self, "AlarmTopicArn", value=self.alarm_topic.topic_arn)
        CfnOutput(self, "AlertBusArn", value=self.alert_bus.event_bus_arn,
                  description="The platform subscribes here (or pass -c platformEventBusArn=... to forward)")
        CfnOutput(self, "DashboardName", value=self.dashboard.dashboard_name)


def _error_rate(function_ref: str) -> cloudwatch.MathExpression:
    """Per cent of a function's invocations that failed, over 5 minutes (0 when it was idle)."""
    def metric(name: str) -> cloudwatch.Metric:
        return cloudwatch.Metric(namespace="AWS/Lambda", metric_name=name, dimensions_map={"FunctionName": function_ref},
                                 period=Duration.minutes(5), statistic="Sum")
    return cloudwatch.MathExpression(expression="IF(invocations > 0, 100 * errors / invocations, 0)",
                                     using_metrics={"errors": metric("Errors"), "invocations": metric("Invocations")},
                                     label="error rate (%)", period=Duration.minutes(5))


def chalice_app_name() -> str:
    """The REST API's name (API Gateway metrics are keyed by it): `.chalice/config.json`'s app_name."""
    return str(json.loads((ROOT / ".chalice" / "config.json").read_text())["app_name"])


def _default_policy(role: iam.Role) -> CfnResource:
    """The AWS::IAM::Policy that `role.add_to_policy` filled (a function must wait for it)."""
    return role.node.find_child("DefaultPolicy").node.default_child  # type: ignore[return-value]


def sqs_handlers() -> list[tuple[str, str]]:
    """(function name, SAM event name) of each `@app.on_sqs_message` handler in app.py.

    Chalice's construct has just imported `app` (with the stage's environment) to package it, so
    this reads the same app object it packaged.
    """
    import importlib

    from chalice.app import SQSEventConfig

    chalice_app = importlib.import_module("app").app
    return [(source.name, to_cfn_resource_name(f"{source.name}-sqs-event-source"))
            for source in chalice_app.event_sources if isinstance(source, SQSEventConfig)]
