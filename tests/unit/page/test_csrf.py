"""Cookie-authenticated API calls: reads pass, writes need the session's CSRF token."""
from __future__ import annotations

import time

import pytest

from chalicelib.config import Config
from chalicelib.errors import Forbidden, Unauthenticated
from chalicelib.page.csrf import principal_from_cookie
from chalicelib.page.session import COOKIE_NAME, encode, new_session
from chalicelib.principal import Principal

CONFIG = Config(jwt_secret="csrf-test-secret-csrf-test-secret-000000")
NOW = int(time.time())
SESSION = new_session(Principal("u1", "admin", "studio-1"), NOW)
COOKIE = {"cookie": f"{COOKIE_NAME}={encode(SESSION, CONFIG.jwt_secret)}"}


def test_a_read_with_the_session_cookie_is_the_sessions_principal() -> None:
    assert principal_from_cookie(COOKIE, "GET", CONFIG, NOW) == SESSION.principal


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_a_write_without_the_csrf_header_is_refused(method: str) -> None:
    with pytest.raises(Forbidden) as refused:
        principal_from_cookie(COOKIE, method, CONFIG, NOW)
    assert refused.value.code == "csrf_failed"


def test_a_write_with_a_wrong_csrf_token_is_refused() -> None:
    with pytest.raises(Forbidden):
        principal_from_cookie({**COOKIE, "x-csrf-token": "guess"}, "POST", CONFIG, NOW)


def test_a_write_with_the_sessions_csrf_token_is_allowed() -> None:
    headers = {**COOKIE, "x-csrf-token": SESSION.csrf}
    assert principal_from_cookie(headers, "DELETE", CONFIG, NOW) == SESSION.principal


def test_a_bearer_token_takes_precedence_over_the_cookie() -> None:
    assert principal_from_cookie({**COOKIE, "authorization": "Bearer x"}, "POST", CONFIG, NOW) is None


def test_a_request_without_the_cookie_is_left_to_the_bearer_check() -> None:
    assert principal_from_cookie({"cookie": "other=1"}, "POST", CONFIG, NOW) is None


def test_an_expired_session_cookie_is_refused_even_for_reads() -> None:
    with pytest.raises(Unauthenticated):
        principal_from_cookie(COOKIE, "GET", CONFIG, NOW + 3 * 3600)
