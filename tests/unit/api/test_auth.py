"""Platform JWTs: roles and tenant scope."""
from __future__ import annotations

import time

import pytest

from chalicelib.api.auth import issue_token, principal_from_token
from chalicelib.config import Config
from chalicelib.errors import Forbidden, Unauthenticated

CONFIG = Config(jwt_secret="test-secret-test-secret-test-secret-0000")


def token(role: str, tenant_id: str | None = "a", ttl: int = 600, config: Config = CONFIG) -> str:
    return issue_token(config, sub="u1", role=role, tenant_id=tenant_id, now=int(time.time()), ttl=ttl)


def test_admin_token_names_its_tenant_and_role() -> None:
    principal = principal_from_token(token("admin"), CONFIG)
    assert (principal.user_id, principal.role, principal.tenant_id) == ("u1", "admin", "a")


def test_admin_of_one_tenant_is_refused_on_another() -> None:
    with pytest.raises(Forbidden):
        principal_from_token(token("admin", "a"), CONFIG).require("b", "admin")


def test_staff_cannot_do_what_needs_admin() -> None:
    with pytest.raises(Forbidden):
        principal_from_token(token("staff"), CONFIG).require("a", "admin")


def test_expired_token_is_refused() -> None:
    with pytest.raises(Unauthenticated):
        principal_from_token(token("admin", ttl=-10), CONFIG)


def test_token_signed_with_another_key_is_refused() -> None:
    other = Config(jwt_secret="another-secret-another-secret-00000000")
    with pytest.raises(Unauthenticated):
        principal_from_token(token("admin", config=other), CONFIG)


def test_admin_token_without_a_tenant_is_refused() -> None:
    with pytest.raises(Unauthenticated):
        principal_from_token(token("admin", tenant_id=None), CONFIG)


def test_platform_and_support_read_any_tenant() -> None:
    assert principal_from_token(token("platform", None), CONFIG).can_read("z")
    assert principal_from_token(token("support", None), CONFIG).can_read("z")
