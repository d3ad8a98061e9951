"""Issue #16 item 2: login CSRF. Only the platform's pages (and this service's own) may POST a sign-in."""
from __future__ import annotations

from typing import Any

from chalicelib.page.csrf import allowed_origins

from .conftest import CONFIG, FORM, jwt

PAGE = "/v1/tenants/studio-1/quickbooks/page"
PLATFORM = "https://app.studio-platform.example"


def _post(client: Any, origin: str | None, token: str | None = None) -> Any:
    headers = {**FORM, **({"Origin": origin} if origin is not None else {})}
    return client.http.post(PAGE, body=f"token={token or jwt()}", headers=headers)


def test_a_cross_site_post_from_another_origin_opens_no_session(page_client: Any) -> None:
    reply = _post(page_client, "https://evil.example")
    assert reply.status_code == 403
    assert "Set-Cookie" not in reply.headers


def test_an_opaque_origin_opens_no_session(page_client: Any) -> None:
    assert _post(page_client, "null").status_code == 403


def test_the_services_own_origin_may_sign_in(page_client: Any) -> None:
    assert _post(page_client, "http://127.0.0.1:8000").status_code == 303


def test_a_configured_platform_origin_may_sign_in(page_client: Any, monkeypatch: Any) -> None:
    from chalicelib import bootstrap
    bootstrap.container().config = CONFIG.with_overrides(platform_origins=f"{PLATFORM}, https://other.example")
    assert _post(page_client, PLATFORM).status_code == 303


def test_allowed_origins_are_scheme_and_host_only() -> None:
    config = CONFIG.with_overrides(platform_origins="https://App.Example/path, ,http://x.example:8080/")
    assert allowed_origins(config) == {"https://app.example", "http://x.example:8080", "http://127.0.0.1:8000"}


def test_a_sign_in_token_works_once(page_client: Any) -> None:
    token = jwt()
    assert _post(page_client, None, token).status_code == 303
    assert _post(page_client, None, token).status_code == 401


def test_a_long_lived_jwt_opens_no_session(page_client: Any) -> None:
    assert _post(page_client, None, jwt(ttl=3600)).status_code == 401


def test_the_browser_vouching_same_origin_may_sign_in_with_a_null_origin(page_client: Any) -> None:
    reply = page_client.http.post(PAGE, body=f"token={jwt()}",
                                  headers={**FORM, "Origin": "null", "Sec-Fetch-Site": "same-origin"})
    assert reply.status_code == 303


def test_a_cross_site_fetch_without_an_origin_opens_no_session(page_client: Any) -> None:
    reply = page_client.http.post(PAGE, body=f"token={jwt()}", headers={**FORM, "Sec-Fetch-Site": "cross-site"})
    assert reply.status_code == 403
