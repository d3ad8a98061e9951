"""Issue #16 item 2: a page sign-in JWT is spent once, in DynamoDB (not only in one process)."""
from __future__ import annotations

import time

from chalicelib.api.auth import issue_token

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def _sign_in(api, studio, token: str):
    return api.http.post(f"/v1/tenants/{studio.tenant_id}/quickbooks/page", body=f"token={token}", headers=FORM)


def _page_token(container, studio) -> str:
    return issue_token(container.config, sub="admin-1", role="admin", tenant_id=studio.tenant_id,
                       now=int(time.time()), ttl=300)


def test_a_replayed_sign_in_token_opens_no_second_session(api, container, studio):
    token = _page_token(container, studio)
    assert _sign_in(api, studio, token).status_code == 303
    replay = _sign_in(api, studio, token)
    assert replay.status_code == 401
    assert "Set-Cookie" not in replay.headers


def test_a_refused_sign_in_spends_nothing(api, container, studio):
    token = _page_token(container, studio)
    cross_site = api.http.post(f"/v1/tenants/{studio.tenant_id}/quickbooks/page", body=f"token={token}",
                               headers={**FORM, "Origin": "https://evil.example"})
    assert cross_site.status_code == 403
    assert _sign_in(api, studio, token).status_code == 303
