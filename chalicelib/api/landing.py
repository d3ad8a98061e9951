"""The anonymous disconnect landing's budget: at most one real check per realm per window.

`/quickbooks/disconnected?realmId=` needs no credentials, and a real check refreshes the
tenant's tokens (and audits the result). Anyone who knows a realm id could churn tokens and
flood the audit table, so a check first wins a conditional write on the realm's claim
(`landing_checked_at` older than the window); every other hit costs one failed write and
stores nothing. Unknown realms cost nothing either: the claim must exist. Realm ids are
Intuit's decimal company ids; anything else is answered without touching a table.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

WINDOW = dt.timedelta(minutes=5)
REALM_ID = re.compile(r"[0-9]{1,32}")


def plausible_realm_id(realm_id: str) -> bool:
    return bool(REALM_ID.fullmatch(realm_id))


def budget(models: Any, realm_id: str, now: dt.datetime, window: dt.timedelta = WINDOW) -> str:
    """"check" (and the window starts), "throttled" (checked within the window) or "unknown" (no claim)."""
    if may_check(models, realm_id, now, window):
        return "check"
    return "throttled" if models.RealmClaim.count(realm_id) else "unknown"


def may_check(models: Any, realm_id: str, now: dt.datetime, window: dt.timedelta = WINDOW) -> bool:
    """True (and the window starts) when this hit may check the realm; False for a throttled or unknown realm."""
    from pynamodb.exceptions import UpdateError

    claim = models.RealmClaim
    try:
        claim(realm_id).update(
            actions=[claim.landing_checked_at.set(now)],
            condition=claim.realm_id.exists() & (claim.landing_checked_at.does_not_exist()
                                                 | (claim.landing_checked_at <= now - window)))
    except UpdateError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True
