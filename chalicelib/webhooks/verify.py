"""Is this body really from Intuit? `intuit-signature` = base64(HMAC-SHA256(body, verifier)).

Pure: no I/O, no configuration. The comparison is constant-time so a forger learns nothing
from response timing. An empty verifier token refuses everything: an unconfigured deployment
must not accept unsigned notifications.
"""
from __future__ import annotations

import base64
import hashlib
import hmac


def signature(body: bytes, verifier_token: str) -> str:
    """The value Intuit puts in `intuit-signature` for `body`."""
    digest = hmac.new(verifier_token.encode(), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def is_signed(body: bytes, header: str | None, verifier_token: str) -> bool:
    if not verifier_token or not header:
        return False
    return hmac.compare_digest(signature(body, verifier_token).encode(), header.strip().encode())
