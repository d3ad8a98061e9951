"""Signature verification: base64(HMAC-SHA256(raw body, verifier token)), nothing else passes."""
from __future__ import annotations

import base64
import hashlib
import hmac

from chalicelib.webhooks.verify import is_signed, signature

TOKEN = "verifier-token-from-the-intuit-portal"
BODY = b'{"eventNotifications":[]}'


def test_signature_is_base64_of_hmac_sha256_of_the_body():
    expected = base64.b64encode(hmac.new(TOKEN.encode(), BODY, hashlib.sha256).digest()).decode()
    assert signature(BODY, TOKEN) == expected


def test_correct_signature_is_accepted():
    assert is_signed(BODY, signature(BODY, TOKEN), TOKEN)


def test_missing_signature_is_refused():
    assert not is_signed(BODY, None, TOKEN)
    assert not is_signed(BODY, "", TOKEN)


def test_signature_made_with_another_token_is_refused():
    assert not is_signed(BODY, signature(BODY, "someone-else"), TOKEN)


def test_body_changed_after_signing_is_refused():
    assert not is_signed(BODY + b" ", signature(BODY, TOKEN), TOKEN)


def test_nothing_is_accepted_when_no_verifier_token_is_configured():
    assert not is_signed(BODY, signature(BODY, ""), "")
