"""The DynamoDB tables, as pynamodb models bound to one `Config`.

Each table's attributes are declared once, at module level (`TenantItem`, `RunItem`, ...), so
mypy and readers see every field. `build_models(config)` binds them to a configuration by
subclassing each with its own `Meta` (table name with the configured prefix, the endpoint), so a
test gets its own tables and the deployed functions get theirs from the environment, and nothing
here reads the environment. Only the adapters in `chalicelib/store/` (and the ledger's) use them.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from pynamodb.attributes import (
    BinaryAttribute,
    BooleanAttribute,
    JSONAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
    VersionAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, IncludeProjection, KeysOnlyProjection
from pynamodb.models import Model

from chalicelib.config import Config
from chalicelib.store.sessions import share_botocore_loader

share_botocore_loader()

M = TypeVar("M", bound=Model)


class TenantItem(Model):
    """One studio: the platform's profile, its QuickBooks connection, settings and sync state."""

    tenant_id = UnicodeAttribute(hash_key=True)
    name = UnicodeAttribute(null=True)
    timezone = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute(null=True)
    onboarding = BooleanAttribute(default=False)
    last_import_at = UTCDateTimeAttribute(null=True)
    locations = JSONAttribute(null=True)
    profile_updated_at = UTCDateTimeAttribute(null=True)
    # ledger sequence: allocated counter (ingest) and the sync's cursor (last posted seq)
    next_seq = NumberAttribute(default=0)
    ledger_alloc_at = UTCDateTimeAttribute(null=True)  # when the latest seq block was allocated
    cursor_seq = NumberAttribute(default=0)
    # QuickBooks connection
    connection_status = UnicodeAttribute(default="not_connected")
    realm_id = UnicodeAttribute(null=True)
    company_name = UnicodeAttribute(null=True)
    plan = UnicodeAttribute(null=True)
    fiscal_year_start_month = NumberAttribute(null=True)
    book_close_date = UnicodeAttribute(null=True)
    class_tracking = BooleanAttribute(default=False)
    connected_at = UTCDateTimeAttribute(null=True)
    connected_by = UnicodeAttribute(null=True)
    # settings; `generation` goes up on every reset so keys of a new integration never collide
    generation = NumberAttribute(default=0)
    go_live_date = UnicodeAttribute(null=True)
    schedule = UnicodeAttribute(null=True)
    schedule_changed_at = UTCDateTimeAttribute(null=True)
    # sync state
    first_sync_done = BooleanAttribute(default=False)
    last_run_started_at = UTCDateTimeAttribute(null=True)
    last_run_task_id = UnicodeAttribute(null=True)
    lease_task_id = UnicodeAttribute(null=True)
    lease_expires_at = UTCDateTimeAttribute(null=True)
    open_plan_task_id = UnicodeAttribute(null=True)  # sync: plan written, cursor not yet moved
    pending_task_id = UnicodeAttribute(null=True)  # sync: Sync Now task queued or running
    qbo_refs = JSONAttribute(null=True)
    posted_balances = JSONAttribute(null=True)  # account name → what Classbooks posted to it (read-back)
    eligibility_override = JSONAttribute(null=True)
    posting_map = JSONAttribute(null=True)  # the admin's account mapping (chalicelib/domain/mapping.py)
    # support's run-based statuses (chalicelib/tenants/attention.py): `failing`, `skipped#<UTC date>`, or absent
    run_attention = UnicodeAttribute(null=True)
    last_daily_skip = UnicodeAttribute(null=True)  # `skipped#<UTC date>` of the newest skipped daily run

    class by_connection_status(GlobalSecondaryIndex):
        """Every tenant by its stored connection status, then id: support's status filter reads
        one status's tenants in tenant-id order, however many tenants the others hold.

        Not sparse in practice: every write that can create a tenant item stores a status (the
        profile write sets `not_connected` where none is stored; `python -m chalicelib.cli
        backfill-connection-status` fills rows written before that). Projects the keys and what
        the list filters on (plan, time zone), nothing the nightly sync writes (lease, cursor,
        last run), so a night's tenant writes should leave this index alone (DynamoDB's GSI write
        rules; not measurable on DynamoDB Local); the list reads its page's items from the table
        (one BatchGetItem).
        """

        class Meta:
            index_name = "by_connection_status"
            projection = IncludeProjection(["plan", "timezone"])

        connection_status = UnicodeAttribute(hash_key=True)
        tenant_id = UnicodeAttribute(range_key=True)

    status_index = by_connection_status()

    class by_run_attention(GlobalSecondaryIndex):
        """Sparse: only tenants whose runs need a look, by `run_attention` then id. The sync's
        run ends write it (a failure `failing`, a skipped daily run `skipped#<UTC date>`, a
        success the last skip's value or nothing), so support's `failing` and
        `skipped_last_night` read one or a few small partitions, not every connected tenant.
        Projects what the list filters on, like `by_connection_status`."""

        class Meta:
            index_name = "by_run_attention"
            projection = IncludeProjection(["plan", "timezone"])

        run_attention = UnicodeAttribute(hash_key=True)
        tenant_id = UnicodeAttribute(range_key=True)

    attention_index = by_run_attention()


class RealmClaimItem(Model):
    """A QuickBooks company belongs to at most one tenant: claimed with a conditional put."""

    realm_id = UnicodeAttribute(hash_key=True)
    tenant_id = UnicodeAttribute()
    claimed_at = UTCDateTimeAttribute()
    landing_checked_at = UTCDateTimeAttribute(null=True)  # the disconnect landing's last check (issue #16)


class TokenItem(Model):
    """A tenant's OAuth tokens, KMS-encrypted; the version guards rotation races."""

    tenant_id = UnicodeAttribute(hash_key=True)
    realm_id = UnicodeAttribute()
    ciphertext = BinaryAttribute(legacy_encoding=False)
    access_expires_at = UTCDateTimeAttribute()
    refresh_expires_at = UTCDateTimeAttribute(null=True)
    updated_at = UTCDateTimeAttribute()
    version = VersionAttribute()


class LedgerEntryItem(Model):
    """Ledger rows (`seq#…`), idempotency claims (`id#…`) and gap tombstones, per tenant."""

    tenant_id = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    kind = UnicodeAttribute()
    seq = NumberAttribute(null=True)
    txn_id = UnicodeAttribute(null=True)
    txn_type = UnicodeAttribute(null=True)
    txn_date = UnicodeAttribute(null=True)
    body = JSONAttribute(null=True)
    body_hash = UnicodeAttribute(null=True)
    ingested_at = UTCDateTimeAttribute(null=True)


class RunItem(Model):
    """A background task: one sync run (queued, running, succeeded, failed, skipped)."""

    tenant_id = UnicodeAttribute(hash_key=True)
    task_id = UnicodeAttribute(range_key=True)
    trigger = UnicodeAttribute()
    status = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    scheduled_for = UTCDateTimeAttribute(null=True)
    started_at = UTCDateTimeAttribute(null=True)
    finished_at = UTCDateTimeAttribute(null=True)
    range_from = NumberAttribute(null=True)
    range_to = NumberAttribute(null=True)
    business_date = UnicodeAttribute(null=True)
    first_sync = BooleanAttribute(default=False)
    documents = JSONAttribute(null=True)
    totals = JSONAttribute(null=True)
    error = UnicodeAttribute(null=True)
    reason = UnicodeAttribute(null=True)
    next_run_at = UTCDateTimeAttribute(null=True)
    plan = JSONAttribute(null=True)  # sync: the plan's header (range, accounts, figures)
    reason_code = UnicodeAttribute(null=True)  # skipped/failed: the decision's code
    next_step = UnicodeAttribute(null=True)  # failed: what to do, in words
    readback = JSONAttribute(null=True)  # succeeded: the read-back of Classbooks' accounts (ok / drift)
    reason_facts = JSONAttribute(null=True)  # skipped: the skip's facts (code, elapsed, since, next run); absent on older runs


class PostingItem(Model):
    """One planned document of a run, keyed by its deterministic key, then its QBO id."""

    tenant_id = UnicodeAttribute(hash_key=True)
    doc_key = UnicodeAttribute(range_key=True)
    task_id = UnicodeAttribute()
    doc_number = UnicodeAttribute()
    txn_date = UnicodeAttribute()
    document = JSONAttribute()
    status = UnicodeAttribute(default="planned")
    qbo_id = UnicodeAttribute(null=True)
    posted_at = UTCDateTimeAttribute(null=True)
    realm_id = UnicodeAttribute(null=True)  # the company it is for (absent on rows older than this field)
    undone = UnicodeAttribute(null=True)  # "deleted" or "reversed" by an undo after a reset
    undone_by = UnicodeAttribute(null=True)  # the reversal's QBO id
    undone_at = UTCDateTimeAttribute(null=True)

    class by_task(GlobalSecondaryIndex):
        class Meta:
            index_name = "by_task"
            projection = AllProjection()

        task_id = UnicodeAttribute(hash_key=True)
        doc_key = UnicodeAttribute(range_key=True)

    task_index = by_task()

    class by_qbo_id(GlobalSecondaryIndex):
        """Sparse (only posted rows have a QBO id): a change notification finds its posting
        with one query however many postings the tenant has."""

        class Meta:
            index_name = "by_qbo_id"
            projection = KeysOnlyProjection()

        qbo_id = UnicodeAttribute(hash_key=True)
        tenant_id = UnicodeAttribute(range_key=True)

    qbo_index = by_qbo_id()


class OAuthStateItem(Model):
    """A single-use OAuth `state`, bound to tenant and user, expiring in 10 minutes."""

    state = UnicodeAttribute(hash_key=True)
    tenant_id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    expires_at = TTLAttribute()
    used_at = UTCDateTimeAttribute(null=True)
    browser_hash = UnicodeAttribute(null=True)  # sha256 of the Connect browser's nonce (issue #16)


class AuditEventItem(Model):
    """Who did what, when: support reads, overrides, connects, resets, disconnects."""

    subject = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    actor = UnicodeAttribute()
    role = UnicodeAttribute()
    action = UnicodeAttribute()
    at = UTCDateTimeAttribute()
    detail = JSONAttribute(null=True)


@dataclass(frozen=True)
class Models:
    """The model classes of one deployment, by logical table."""

    Tenant: type[TenantItem]
    RealmClaim: type[RealmClaimItem]
    Token: type[TokenItem]
    LedgerEntry: type[LedgerEntryItem]
    Run: type[RunItem]
    Posting: type[PostingItem]
    OAuthState: type[OAuthStateItem]
    AuditEvent: type[AuditEventItem]

    def all(self) -> Iterable[type[Model]]:
        return (self.Tenant, self.RealmClaim, self.Token, self.LedgerEntry, self.Run, self.Posting,
                self.OAuthState, self.AuditEvent)


def _meta(config: Config, key: str) -> type:
    attrs: dict[str, Any] = {
        "table_name": config.table_name(key),
        "region": config.region,
        "host": config.dynamodb_endpoint,
        "billing_mode": "PAY_PER_REQUEST",
        "max_retry_attempts": 5,
    }
    return type("Meta", (), attrs)


def _bind(base: type[M], config: Config, key: str) -> type[M]:
    """A subclass of `base` on `config`'s table for `key` (attributes and indexes inherited)."""
    bound = type(base.__name__.removesuffix("Item"), (base,),
                 {"Meta": _meta(config, key), "__module__": __name__, "__qualname__": base.__qualname__})
    return cast("type[M]", bound)


def build_models(config: Config) -> Models:
    """Bind every table's model to `config`'s endpoint and table prefix."""
    return Models(
        Tenant=_bind(TenantItem, config, "tenants"),
        RealmClaim=_bind(RealmClaimItem, config, "realm_claims"),
        Token=_bind(TokenItem, config, "tokens"),
        LedgerEntry=_bind(LedgerEntryItem, config, "ledger"),
        Run=_bind(RunItem, config, "runs"),
        Posting=_bind(PostingItem, config, "postings"),
        OAuthState=_bind(OAuthStateItem, config, "oauth_states"),
        AuditEvent=_bind(AuditEventItem, config, "audit"),
    )
