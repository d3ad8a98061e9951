"""What the QBO adapter needs from the token vault: a fresh access token and the realm id.

The connect side's token store satisfies `AccessTokenProvider` (refresh-before-expiry inside it);
`force_refresh=True` is asked once after a 401, in case the token died before its expiry.
On `invalid_grant` the provider raises `NeedsReauthorization` (a bare `InvalidGrant` from the
token endpoint means the same to the client).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class Credentials:
    access_token: str = field(repr=False)
    realm_id: str


class AccessTokenProvider(Protocol):
    def __call__(self, *, force_refresh: bool = False) -> Credentials:
        """A valid access token for the tenant's realm (refreshed first when forced)."""
