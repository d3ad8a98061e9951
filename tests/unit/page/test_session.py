"""The page session cookie: signed, expiring, tenant-scoped, and never a JWT."""
from __future__ import annotations

import pytest

from chalicelib.api.auth import principal_from_token
from chalicelib.config import Config
from chalicelib.errors import Unauthenticated
from chalicelib.page.session import (
    COOKIE_NAME,
    SESSION_SECONDS,
    cookie_value,
    decode,
    encode,
    new_session,
    set_cookie_header,
)
from chalicelib.principal import Principal

SECRET = "session-test-secret-session-test-secret-0"
ADMIN = Principal(user_id="u1", role="admin", tenant_id="studio-1")
NOW = 1_750_000_000


def test_a_session_survives_encoding_and_decoding() -> None:
    session = new_session(ADMIN, NOW)
    assert decode(encode(session, SECRET), SECRET, NOW + 1) == session


def test_a_session_carries_the_principal_it_was_made_for() -> None:
    assert new_session(ADMIN, NOW).principal == ADMIN


def test_each_session_gets_its_own_csrf_secret() -> None:
    assert new_session(ADMIN, NOW).csrf != new_session(ADMIN, NOW).csrf


def test_a_session_expires_after_its_lifetime() -> None:
    value = encode(new_session(ADMIN, NOW), SECRET)
    with pytest.raises(Unauthenticated, match="ended"):
        decode(value, SECRET, NOW + SESSION_SECONDS)


def test_a_session_signed_with_another_key_is_refused() -> None:
    value = encode(new_session(ADMIN, NOW), "another-secret-another-secret-another-0")
    with pytest.raises(Unauthenticated, match="not valid"):
        decode(value, SECRET, NOW)


def test_a_tampered_session_is_refused() -> None:
    version, _payload, signature = encode(new_session(ADMIN, NOW), SECRET).split(".")
    forged = encode(new_session(Principal("u1", "admin", "studio-2"), NOW), SECRET).split(".")[1]
    with pytest.raises(Unauthenticated):
        decode(f"{version}.{forged}.{signature}", SECRET, NOW)


@pytest.mark.parametrize("value", ["", "v1", "v1..", "v2.abc.def", "v1.!!!.???", "garbage"])
def test_a_malformed_session_is_refused(value: str) -> None:
    with pytest.raises(Unauthenticated):
        decode(value, SECRET, NOW)


def test_a_session_cookie_is_not_accepted_as_a_jwt() -> None:
    value = encode(new_session(ADMIN, NOW), SECRET)
    with pytest.raises(Unauthenticated):
        principal_from_token(value, Config(jwt_secret=SECRET))


@pytest.mark.parametrize("principal", [Principal("p", "platform", None), Principal("s", "support", None),
                                       Principal("a", "admin", None)])
def test_only_tenant_scoped_admin_or_staff_get_a_page_session(principal: Principal) -> None:
    with pytest.raises(Unauthenticated):
        new_session(principal, NOW)


def test_the_cookie_is_host_only_secure_httponly_and_strict() -> None:
    header = set_cookie_header("value")
    assert header.startswith(f"{COOKIE_NAME}=value;")
    assert {"Path=/", "Secure", "HttpOnly", "SameSite=Strict", f"Max-Age={SESSION_SECONDS}"} <= {
        part.strip() for part in header.split(";")}
    assert "Domain" not in header


def test_the_session_cookie_is_found_among_other_cookies() -> None:
    assert cookie_value({"cookie": f"a=1; {COOKIE_NAME}=v1.x.y; b=2"}) == "v1.x.y"


def test_a_request_without_the_session_cookie_has_none() -> None:
    assert cookie_value({"cookie": "a=1; classbooks-session=v1.x.y"}) is None
