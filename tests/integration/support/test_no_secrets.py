"""No token ever appears in a support view: not the studio's QuickBooks tokens, not the caller's JWT."""
from __future__ import annotations

import datetime as dt
import json

from chalicelib.quickbooks.oauth import TokenSet
from tests.integration.support.conftest import NOW, token

ACCESS, REFRESH = "eyJ-access-SECRET-4f1a9c", "AB11-refresh-SECRET-77e0"


def _keys(value):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from _keys(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _keys(inner)


def test_support_views_never_show_a_token(api, container, studios):
    tokens = TokenSet(ACCESS, REFRESH, NOW + dt.timedelta(hours=1), NOW + dt.timedelta(days=100))
    container.vault().replace("lakeside-swim", "realm-lakeside-swim", tokens, NOW)
    jwt = token(container)
    head = {"Authorization": f"Bearer {jwt}"}
    for path in ("/v1/support/tenants", "/v1/support/tenants/lakeside-swim",
                 "/v1/support/tenants/lakeside-swim/audit"):
        reply = api.http.get(path, headers=head)
        assert reply.status_code == 200
        text = reply.body.decode()
        for secret in (ACCESS, REFRESH, jwt, "ciphertext"):
            assert secret not in text, (path, secret)
        assert not [k for k in _keys(json.loads(text)) if "token" in k.lower()], path
