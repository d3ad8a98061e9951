"""Who is calling: a user, a role and (for a studio's people) the tenant.

A platform JWT (chalicelib/api/auth.py) and the hosted page's session cookie
(chalicelib/page/session.py) both come down to one; it lives here, beside neither, so the API and
the page do not import each other.
"""
from __future__ import annotations

from dataclasses import dataclass

from chalicelib.errors import Forbidden


@dataclass(frozen=True)
class Principal:
    user_id: str
    role: str
    tenant_id: str | None

    def can_read(self, tenant_id: str) -> bool:
        if self.role in ("platform", "support"):
            return True
        return self.tenant_id == tenant_id

    def require(self, tenant_id: str, *roles: str) -> Principal:
        """Refuse (403) unless this principal has one of `roles` on `tenant_id`."""
        if self.role not in roles:
            raise Forbidden(f"the {self.role} role may not do this (needs {' or '.join(roles)})")
        if self.role in ("admin", "staff") and self.tenant_id != tenant_id:
            raise Forbidden("this token belongs to another tenant")
        return self
