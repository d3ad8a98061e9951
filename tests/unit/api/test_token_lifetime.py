"""Issue #16 item 2: no platform token lives longer than a day; every token carries iat."""
from __future__ import annotations

import time

import jwt
import pytest

from chalicelib.api.auth import MAX_TOKEN_SECONDS, PAGE_TOKEN_SECONDS, decode_claims, issue_token, principal_from_token
from chalicelib.config import Config
from chalicelib.errors import Unauthenticated

CONFIG = Config(jwt_secret="test-secret-test-secret-test-secret-0000")


def test_a_ten_year_token_is_refused() -> None:
    token = issue_token(CONFIG, sub="u", role="platform", tenant_id=None, now=int(time.time()), ttl=10 * 365 * 86400)
    with pytest.raises(Unauthenticated) as refused:
        principal_from_token(token, CONFIG)
    assert refused.value.code == "token_lifetime"


def test_a_token_of_exactly_the_maximum_lifetime_is_accepted() -> None:
    token = issue_token(CONFIG, sub="u", role="platform", tenant_id=None, now=int(time.time()), ttl=MAX_TOKEN_SECONDS)
    assert principal_from_token(token, CONFIG).role == "platform"


def test_a_token_without_iat_is_refused() -> None:
    token = jwt.encode({"sub": "u", "role": "platform", "iss": CONFIG.jwt_issuer, "exp": int(time.time()) + 60},
                       CONFIG.jwt_secret, algorithm="HS256")
    with pytest.raises(Unauthenticated):
        principal_from_token(token, CONFIG)


def test_a_page_token_longer_than_ten_minutes_is_refused_for_sign_in() -> None:
    token = issue_token(CONFIG, sub="u", role="admin", tenant_id="a", now=int(time.time()), ttl=PAGE_TOKEN_SECONDS + 1)
    with pytest.raises(Unauthenticated):
        decode_claims(token, CONFIG, PAGE_TOKEN_SECONDS, require=("jti",))


def test_every_issued_token_has_its_own_jti() -> None:
    now = int(time.time())
    first, second = (decode_claims(issue_token(CONFIG, sub="u", role="platform", tenant_id=None, now=now), CONFIG)
                     for _ in range(2))
    assert first["jti"] != second["jti"]
