"""One-off: give every tenant item written before profile writes stored a status `not_connected`.

Until the profile write set `connection_status` where none was stored, a profile-only tenant's
item had no status at all, so the `by_connection_status` index (support's list) does not hold it.
`backfill_connection_status` finds those items (a scan filtered on the missing attribute, reading
only their ids) and sets `not_connected` on each with a conditional UpdateItem that succeeds only
while the item exists and still has no status: a status written meanwhile (a connect, a re-auth)
is never replaced and no item is created. Running it again finds nothing to do (idempotent).

Run it once per deployment, after the code that stores the status on profile writes is live:
`python -m chalicelib.cli backfill-connection-status [--dry-run]` with the deployment's environment
(see docs/support.md).
"""
from __future__ import annotations

from dataclasses import dataclass

from pynamodb.exceptions import UpdateError

from chalicelib.store.models import TenantItem
from chalicelib.tenants.model import ConnectionStatus

NOT_CONNECTED = ConnectionStatus.NOT_CONNECTED.value


@dataclass(frozen=True)
class BackfillReport:
    missing: int  # items the scan found without a status
    set: int  # of those, how many this run gave `not_connected`
    skipped: int  # got a status (or went away) between the scan and the write: left alone

    def to_dict(self) -> dict[str, int]:
        return {"missing": self.missing, "set": self.set, "skipped": self.skipped}


def fill_one(tenant: type[TenantItem], tenant_id: str) -> bool:
    """`not_connected` on `tenant_id` if it exists and has no status; False when it did nothing."""
    T = tenant
    try:
        T(tenant_id).update(actions=[T.connection_status.set(NOT_CONNECTED)],
                            condition=T.tenant_id.exists() & T.connection_status.does_not_exist())
    except UpdateError as exc:
        if exc.cause_response_code != "ConditionalCheckFailedException":
            raise
        return False
    return True


def backfill_connection_status(tenant: type[TenantItem], *, dry_run: bool = False,
                               page_size: int = 100) -> BackfillReport:
    """Set `not_connected` on every tenant item that has no status (none changed with `dry_run`)."""
    T = tenant
    missing = done = 0
    for item in T.scan(filter_condition=T.connection_status.does_not_exist(), attributes_to_get=["tenant_id"],
                       page_size=page_size):
        missing += 1
        if not dry_run and fill_one(T, item.tenant_id):
            done += 1
    return BackfillReport(missing=missing, set=done, skipped=0 if dry_run else missing - done)
