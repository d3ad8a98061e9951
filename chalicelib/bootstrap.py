"""The composition root: the one place that builds the connector's services and adapters.

Routes and handlers ask `container()` for what they need (`container().settings_service()`,
`container().sync_run`); nothing else in `chalicelib` constructs a service, a store or an AWS
client. Tests install their own with `install()` (a configuration pointing at their devstack
resources, and often a fixed `clock` or a fake `qbo_posters`).

Two kinds of member:
- cached properties, built once per container (per Lambda container): the table bindings, the
  ledger, the AWS clients, the sync's run, Sync Now, preview and poster factory;
- methods, which build a fresh object on every call (cheap: they hold no connections), so each
  request reads `config` afresh, and a secret rotated in between reaches it (aws/secrets.py).

One clock: everything that needs the time gets `now`, which reads `clock` when called, so a
clock a test sets after something was built still reaches it.

Imports are local to each member: loading this module (every API route does) loads no
service, no boto3 client and no QuickBooks code.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any

from chalicelib.config import Config

if TYPE_CHECKING:
    from chalicelib.alerts.service import Alerts
    from chalicelib.aws.schedules import TenantSchedules
    from chalicelib.ledger.ingest import LedgerIngest
    from chalicelib.ledger.payout_store import DynamoPayouts
    from chalicelib.ledger.payouts import PayoutIngest
    from chalicelib.ledger.profiles import TenantProfiles
    from chalicelib.ledger.reports import Reports
    from chalicelib.ledger.snapshots import DynamoBalanceSnapshots
    from chalicelib.ledger.store import DynamoLedger
    from chalicelib.observability import ObservedRun
    from chalicelib.payouts.clearing_report import ClearingReport
    from chalicelib.payouts.mapping import PayoutMapping
    from chalicelib.payouts.qbo import PayoutQuickBooks
    from chalicelib.quickbooks.audit import Audit
    from chalicelib.quickbooks.tokens import TokenVault
    from chalicelib.services.connect import ConnectService
    from chalicelib.services.correction import CorrectionService
    from chalicelib.services.mapping import MappingService
    from chalicelib.services.reset import ResetService
    from chalicelib.services.settings import SettingsService
    from chalicelib.services.tokens import AccessTokens
    from chalicelib.services.undo import UndoService
    from chalicelib.store.models import Models
    from chalicelib.store.tenants import DynamoTenants
    from chalicelib.support.service import SupportService
    from chalicelib.sync.plans import DynamoPlanStore
    from chalicelib.sync.ports import QuickBooksPoster
    from chalicelib.sync.preview import Preview
    from chalicelib.sync.run import SyncRun
    from chalicelib.sync.standing_store import DynamoStandingDocuments
    from chalicelib.sync.sync_now import SyncNow
    from chalicelib.sync.tasks import DynamoTaskStore
    from chalicelib.sync.worker import DeadLetter
    from chalicelib.tenants.model import Tenant
    from chalicelib.webhooks.service import WebhookService

Clock = Callable[[], datetime]
PosterFactory = Callable[["Tenant"], "QuickBooksPoster"]


@dataclass
class Container:
    """Everything built from one configuration; see the module's docstring for what is cached."""

    config: Config
    payout_reads: PayoutQuickBooks | None = None  # a test's QBO payout reads (the sandbox's), else the real ones

    # --- the clock -------------------------------------------------------------------------------

    @cached_property
    def clock(self) -> Clock:
        """Now, in UTC; tests replace it (`container.clock = ManualClock(...)`)."""
        return lambda: datetime.now(UTC)

    def now(self) -> datetime:
        """The container's clock, read at the call: what every service and adapter is given."""
        return self.clock()

    def now_seconds(self) -> int:
        """The clock as Unix seconds (the page's session expiry)."""
        return int(self.now().timestamp())

    # --- tables and AWS clients (cached) -----------------------------------------------------------

    @cached_property
    def models(self) -> Models:
        from chalicelib.store.models import build_models
        return build_models(self.config)

    @cached_property
    def ledger(self) -> DynamoLedger:
        from chalicelib.ledger.store import DynamoLedger
        return DynamoLedger(self.models, clock=self.now)

    @cached_property
    def sqs(self) -> Any:  # a boto3 client (no type stubs installed)
        from chalicelib.aws.clients import client
        return client(self.config, "sqs")

    @cached_property
    def kms(self) -> Any:  # a boto3 client (no type stubs installed)
        from chalicelib.aws.clients import client
        return client(self.config, "kms")

    @cached_property
    def scheduler(self) -> Any:  # a boto3 client (no type stubs installed)
        from chalicelib.aws.clients import client
        return client(self.config, "scheduler")

    # --- stores (per call) -----------------------------------------------------------------------

    def tenants(self) -> DynamoTenants:
        from chalicelib.store.tenants import DynamoTenants
        return DynamoTenants(self.models.Tenant)

    def plan_store(self) -> DynamoPlanStore:
        from chalicelib.sync.plans import DynamoPlanStore
        return DynamoPlanStore(self.models)

    def standing_documents(self) -> DynamoStandingDocuments:
        from chalicelib.sync.standing_store import DynamoStandingDocuments
        return DynamoStandingDocuments(self.models)

    def balance_snapshots(self) -> DynamoBalanceSnapshots:
        from chalicelib.ledger.snapshots import DynamoBalanceSnapshots
        return DynamoBalanceSnapshots(self.models)

    def payouts(self) -> DynamoPayouts:
        from chalicelib.ledger.payout_store import DynamoPayouts
        return DynamoPayouts(self.ledger)

    def tenant_profiles(self) -> TenantProfiles:
        from chalicelib.ledger.profiles import TenantProfiles
        return TenantProfiles(self.tenants(), clock=self.now)

    @cached_property
    def sync_tasks(self) -> DynamoTaskStore:
        from chalicelib.sync.tasks import DynamoTaskStore
        return DynamoTaskStore(self.models)

    # --- QuickBooks connection (per call) ----------------------------------------------------------

    def vault(self) -> TokenVault:
        from chalicelib.quickbooks.tokens import TokenCipher, TokenVault
        return TokenVault(self.models, TokenCipher(self.kms, self.config.token_key_id))

    def audit(self) -> Audit:
        from chalicelib.quickbooks.audit import Audit
        return Audit(self.models, self.now)

    def schedules(self) -> TenantSchedules:
        from chalicelib.aws.schedules import TenantSchedules
        return TenantSchedules(self.scheduler, self.config)

    def access_tokens(self) -> AccessTokens:
        """A tenant's fresh access token: `access_tokens().fresh(tenant_id)` (refreshed before expiry)."""
        from chalicelib.quickbooks.oauth import IntuitOAuth
        from chalicelib.services.tokens import AccessTokens
        return AccessTokens(self.tenants(), self.vault(), IntuitOAuth(self.config), self.audit(), self.now)

    def journal_link(self) -> Callable[[str, str], str]:
        """(realm, qbo_id) → the journal entry's page in QuickBooks."""
        from chalicelib.page.links import journal_link_template
        template = journal_link_template(self.config)
        return lambda realm, qbo_id: template.format(realm=realm, id=qbo_id)

    # --- services (per call) -----------------------------------------------------------------------

    def connect_service(self) -> ConnectService:
        from chalicelib.quickbooks.client import QboCompany
        from chalicelib.quickbooks.oauth import IntuitOAuth
        from chalicelib.services.connect import ConnectService
        from chalicelib.store.connections import DynamoOAuthStates, DynamoRealmClaims
        return ConnectService(self.tenants(), DynamoOAuthStates(self.models), DynamoRealmClaims(self.models),
                              IntuitOAuth(self.config), QboCompany(self.config), self.vault(), self.schedules(),
                              self.audit(), self.now)

    def settings_service(self) -> SettingsService:
        from chalicelib.quickbooks.client import QboCompany
        from chalicelib.services.settings import SettingsService
        from chalicelib.store.connections import DynamoLastRuns
        return SettingsService(self.tenants(), DynamoLastRuns(self.models), self.access_tokens(),
                               QboCompany(self.config), self.schedules(), self.audit(), self.now,
                               self.standing_documents())

    def undo_service(self) -> UndoService:
        from chalicelib.services.undo import UndoService
        return UndoService(self.tenants(), self.standing_documents(), self.plan_store(), self.qbo_posters,
                           self.audit(), self.now, self.journal_link(), brand=self.config.brand)

    def reset_service(self) -> ResetService:
        from chalicelib.quickbooks.oauth import IntuitOAuth
        from chalicelib.services.reset import ResetService
        from chalicelib.store.connections import DynamoPostedDocuments, DynamoRealmClaims
        return ResetService(self.tenants(), DynamoRealmClaims(self.models), DynamoPostedDocuments(self.models),
                            IntuitOAuth(self.config), self.vault(), self.schedules(), self.access_tokens(),
                            self.audit(), self.now)

    def mapping_service(self) -> MappingService:
        from chalicelib.quickbooks.gateway import QboGateway
        from chalicelib.services.mapping import MappingService
        from chalicelib.sync.qbo.directory import Directory

        tokens, config = self.access_tokens(), self.config

        def chart(tenant_id: str) -> list[Any]:  # the active accounts (JSON)
            def provider(*, force_refresh: bool = False) -> Any:  # the connect side's Credentials
                return (tokens.refresh if force_refresh else tokens.fresh)(tenant_id)
            client = QboGateway(provider, api_base=config.qbo_api_base, minor_version=config.qbo_minor_version,
                                gives_up="nothing was saved, try again")
            return Directory(client).accounts()
        return MappingService(self.tenants(), chart, self.audit(), self.now, config.brand)

    def correction_service(self) -> CorrectionService:
        from chalicelib.services.correction import CorrectionService
        return CorrectionService(self.tenants(), self.sync_tasks, self.standing_documents(), self.qbo_posters,
                                 self.audit(), self.now, self.journal_link(), self.config.brand)

    def support_service(self) -> SupportService:
        from chalicelib.support.audit import SupportAudit
        from chalicelib.support.service import SupportService
        return SupportService(self.tenants(), self.models, SupportAudit(self.models, self.now), self.now,
                              self.config.brand)

    def webhook_service(self) -> WebhookService:
        from chalicelib.webhooks.service import WebhookService
        return WebhookService(self.models)

    def ledger_ingest(self) -> LedgerIngest:
        from chalicelib.ledger.ingest import LedgerIngest
        return LedgerIngest(self.ledger)

    def reports(self) -> Reports:
        from chalicelib.ledger.reports import Reports
        return Reports(self.ledger)

    # --- payouts (per call) ------------------------------------------------------------------------

    def payout_qbo_reads(self) -> PayoutQuickBooks:
        from chalicelib.payouts.qbo import QboPayoutReads
        return self.payout_reads or QboPayoutReads(self.config, self.access_tokens())

    def payout_ingest(self) -> PayoutIngest:
        from chalicelib.ledger.payouts import PayoutIngest
        return PayoutIngest(self.payouts())

    def payout_mapping(self) -> PayoutMapping:
        from chalicelib.payouts.mapping import PayoutMapping
        return PayoutMapping(self.payouts(), self.payout_qbo_reads(), self.tenants(), self.now)

    def clearing_report(self) -> ClearingReport:
        from chalicelib.payouts.clearing_report import ClearingReport
        return ClearingReport(self.ledger, self.payouts(), self.payout_qbo_reads(), self.tenants(), self.now,
                              self.config.brand)

    # --- the sync (cached: the worker's run holds its poster factory) --------------------------------

    @cached_property
    def qbo_posters(self) -> PosterFactory:
        """A QBO poster per tenant, on the tenant's fresh access token (refreshed when QBO says 401);
        tests replace it with a fake or a sandbox one."""
        from chalicelib.sync.qbo import build_poster

        tokens, config = self.access_tokens(), self.config

        def poster_for(tenant: Tenant) -> QuickBooksPoster:
            def provider(*, force_refresh: bool = False) -> Any:  # the connect side's Credentials
                return (tokens.refresh if force_refresh else tokens.fresh)(tenant.tenant_id)
            return build_poster(config, provider, plan_tier=tenant.qbo_plan)
        return poster_for

    @cached_property
    def sync_run(self) -> SyncRun:
        from chalicelib.sync.run import SyncRun
        return SyncRun(self.tenants(), self.sync_tasks, self.plan_store(), self.ledger, self.qbo_posters, self.now,
                       self.config.brand, self.balance_snapshots(), self.payouts())

    @cached_property
    def sync_now(self) -> SyncNow:
        from chalicelib.sync.sync_now import SyncNow, sqs_enqueue
        return SyncNow(self.tenants(), self.sync_tasks, sqs_enqueue(self.sqs, self.config.sync_queue_url), self.now)

    @cached_property
    def sync_preview(self) -> Preview:
        from chalicelib.sync.preview import Preview
        return Preview(self.tenants(), self.plan_store(), self.ledger, self.now, self.config.brand,
                       self.balance_snapshots(), self.payouts())

    def alerts(self) -> Alerts:
        """What a run's end calls for: platform events, pauses, the metered-read budget."""
        from chalicelib.alerts.adapters import AuditAlertLog, DynamoMeteredReads, DynamoTenantFacts, SchedulerPause
        from chalicelib.alerts.eventbridge import EventBridgeSink, LogOnlySink
        from chalicelib.alerts.service import Alerts
        from chalicelib.aws.clients import client

        config = self.config
        sink = (EventBridgeSink(client(config, "events"), config.alert_bus_name) if config.alert_bus_name
                else LogOnlySink())
        return Alerts(sink, AuditAlertLog(self.audit()), DynamoTenantFacts(self.tenants(), self.models),
                      SchedulerPause(self.scheduler, config), DynamoMeteredReads(client(config, "dynamodb"), config),
                      self.now)

    def observed_run(self) -> ObservedRun:
        """The sync run, observed: correlation ids, run metrics, alerts (chalicelib/observability.py)."""
        from chalicelib.observability import ObservedRun
        return ObservedRun(self.sync_run, self.alerts(), self.now)

    def dead_letter(self) -> DeadLetter:
        from chalicelib.sync.worker import sqs_dead_letter
        return sqs_dead_letter(self.sqs, self.config.sync_dlq_url)


_lock = threading.Lock()
_container: Container | None = None


def container() -> Container:
    from chalicelib.aws import secrets

    global _container
    with _lock:
        if _container is None:
            _container = Container(Config.from_env())
        secrets.refresh(_container)  # run-time secrets: cached, re-read after rotation (aws/secrets.py)
        return _container


def install(new: Container | None) -> None:
    """Use `new` from now on (tests); `None` goes back to building from the environment."""
    global _container
    with _lock:
        _container = new


def handle_sync_event(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    """The sync worker on the installed container: the Lambda handler (app.py), the devstack's
    schedule runner and the tests feed SQS-shaped events here (chalicelib/sync/worker.py)."""
    from chalicelib.sync.worker import handle_event

    c = container()
    return handle_event(event, context, run=c.observed_run(), dead_letter=c.dead_letter())
