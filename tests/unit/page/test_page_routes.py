"""The page's routes: sign-in turns the JWT into the cookie; the page needs that cookie."""
from __future__ import annotations

import json
import re
from typing import Any

from chalicelib.page.session import COOKIE_NAME

from .conftest import CONFIG, FORM, cookie_from, jwt, sign_in

PAGE = "/v1/tenants/studio-1/quickbooks/page"


def page_data(html: str) -> dict[str, Any]:
    block = re.search(r'<script type="application/json" id="page-data">(.*?)</script>', html, re.S)
    assert block is not None
    return json.loads(block.group(1))


def test_signing_in_sets_the_session_cookie_and_redirects_to_the_page(page_client: Any) -> None:
    response = sign_in(page_client)
    assert response.status_code == 303
    assert response.headers["Location"] == PAGE
    assert response.headers["Set-Cookie"].startswith(f"{COOKIE_NAME}=")


def test_signing_in_keeps_the_requested_step(page_client: Any) -> None:
    assert sign_in(page_client, step="configure").headers["Location"] == PAGE + "?step=configure"


def test_an_unknown_step_is_dropped(page_client: Any) -> None:
    assert sign_in(page_client, step="javascript:alert(1)").headers["Location"] == PAGE


def test_signing_in_with_an_expired_jwt_is_refused(page_client: Any) -> None:
    body = f"token={jwt(ttl=-5)}"
    response = page_client.http.post(PAGE, body=body, headers=FORM)
    assert response.status_code == 401
    assert "Set-Cookie" not in response.headers
    assert "token has expired" in response.body.decode()


def test_signing_in_without_a_token_is_refused(page_client: Any) -> None:
    assert page_client.http.post(PAGE, body="", headers=FORM).status_code == 401


def test_another_tenants_admin_cannot_sign_in_to_this_page(page_client: Any) -> None:
    response = page_client.http.post(PAGE, body=f"token={jwt(tenant_id='studio-2')}", headers=FORM)
    assert response.status_code == 403


def test_the_platform_role_cannot_open_the_page(page_client: Any) -> None:
    response = page_client.http.post(PAGE, body=f"token={jwt(role='platform', tenant_id=None)}", headers=FORM)
    assert response.status_code == 403


def test_the_page_with_a_session_shows_the_integration(page_client: Any) -> None:
    cookie = cookie_from(sign_in(page_client))
    response = page_client.http.get(PAGE, headers={"Cookie": cookie})
    html = response.body.decode()
    assert response.status_code == 200
    for words in ("SETTINGS", "INTEGRATION", "Intuit QuickBooks", "Connect to QuickBooks",
                  "Configure QuickBooks Integration", "Go Live Date", "Synchronization Schedule",
                  "Save and Continue", "Sync Now", "Next Sync Date", "Background Tasks"):
        assert words in html


def test_the_page_hands_its_script_the_sessions_csrf_token_and_api_base(page_client: Any) -> None:
    cookie = cookie_from(sign_in(page_client))
    data = page_data(page_client.http.get(PAGE, headers={"Cookie": cookie}).body.decode())
    assert data["api_base"] == "/v1/tenants/studio-1/quickbooks"
    assert data["role"] == "admin" and len(data["csrf"]) >= 32


def test_the_page_without_a_session_is_only_the_opening_shell(page_client: Any) -> None:
    response = page_client.http.get(PAGE)
    assert response.status_code == 401
    assert "page-data" not in response.body.decode()


def test_a_session_for_another_tenant_does_not_open_this_page(page_client: Any) -> None:
    cookie = cookie_from(sign_in(page_client, tenant_id="studio-2"))
    assert page_client.http.get(PAGE, headers={"Cookie": cookie}).status_code == 401


def test_the_page_forbids_inline_script_framing_and_caching(page_client: Any) -> None:
    cookie = cookie_from(sign_in(page_client))
    headers = page_client.http.get(PAGE, headers={"Cookie": cookie}).headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["Cache-Control"] == "no-store"
    assert headers["Referrer-Policy"] == "no-referrer"


def test_page_data_cannot_break_out_of_its_script_block(page_client: Any) -> None:
    from chalicelib.page.render import json_block
    assert "</script>" not in json_block({"x": "</script><script>alert(1)</script>"})


def test_intuits_launch_url_leads_to_the_signed_in_studios_page(page_client: Any) -> None:
    cookie = cookie_from(sign_in(page_client))
    response = page_client.http.get("/v1/quickbooks/page?step=connect", headers={"Cookie": cookie})
    assert response.status_code == 303
    assert response.headers["Location"] == PAGE + "?step=connect"


def test_intuits_launch_url_without_a_session_asks_to_open_from_the_platform(page_client: Any) -> None:
    response = page_client.http.get("/v1/quickbooks/page")
    assert response.status_code == 401
    assert "SETTINGS &gt; INTEGRATION" in response.body.decode()


def test_static_assets_are_served_with_their_type_and_etag(page_client: Any) -> None:
    response = page_client.http.get("/page/static/main.js")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/javascript")
    etag = response.headers["ETag"]
    assert page_client.http.get("/page/static/main.js", headers={"If-None-Match": etag}).status_code == 304


def test_only_shipped_assets_are_served(page_client: Any) -> None:
    assert page_client.http.get("/page/static/..%2Fsession.py").status_code == 404
    assert page_client.http.get("/page/static/page.html").status_code == 404


def test_every_asset_the_page_links_to_is_served(page_client: Any) -> None:
    cookie = cookie_from(sign_in(page_client))
    html = page_client.http.get(PAGE, headers={"Cookie": cookie}).body.decode()
    assets = re.findall(r'(?:src|href)="(/page/static/[^"]+)"', html)
    assert len(assets) == 9  # page.css and eight scripts (mapping.js, payouts.js, correction.js: what they draw)
    for asset in assets:
        assert page_client.http.get(asset.replace("&amp;", "&")).status_code == 200


def test_the_stage_prefix_is_used_when_the_service_sits_behind_one(page_client: Any) -> None:
    from chalicelib import bootstrap
    bootstrap.install(bootstrap.Container(CONFIG.with_overrides(public_base_url="https://x.example/api")))
    response = sign_in(page_client)
    assert response.headers["Location"] == "/api" + PAGE
