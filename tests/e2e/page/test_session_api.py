"""The JSON API accepts the page's session cookie: reads as they are, writes only with CSRF."""
from __future__ import annotations

import time
from typing import Any

import pytest

from chalicelib.bootstrap import Container
from chalicelib.page.session import COOKIE_NAME, Session, encode, new_session
from chalicelib.principal import Principal

STATUS = "/v1/tenants/studio-1/quickbooks/status"
SETTINGS = "/v1/tenants/studio-1/quickbooks/settings"


def cookie(container: Container, tenant_id: str = "studio-1", role: str = "admin") -> tuple[dict[str, str], Session]:
    session = new_session(Principal("u1", role, tenant_id), int(time.time()))
    return {"Cookie": f"{COOKIE_NAME}={encode(session, container.config.jwt_secret)}"}, session


@pytest.fixture
def keyed(container: Container) -> Container:
    """The provisioned configuration has no JWT key; the page's session needs one."""
    container.config = container.config.with_overrides(jwt_secret="e2e-page-secret-e2e-page-secret-0000000")
    return container


def test_a_read_with_the_session_cookie_is_authenticated(api: Any, keyed: Container) -> None:
    headers, _ = cookie(keyed)
    assert api.http.get(STATUS, headers=headers).status_code == 404  # authorised; the studio has no profile


def test_a_read_without_any_credential_is_unauthenticated(api: Any, keyed: Container) -> None:
    assert api.http.get(STATUS).status_code == 401


def test_a_session_for_another_tenant_is_forbidden(api: Any, keyed: Container) -> None:
    headers, _ = cookie(keyed, tenant_id="studio-2")
    assert api.http.get(STATUS, headers=headers).status_code == 403


def test_a_write_with_the_cookie_but_no_csrf_token_is_refused(api: Any, keyed: Container) -> None:
    headers, _ = cookie(keyed)
    response = api.http.put(SETTINGS, body='{"schedule": "daily"}',
                            headers={**headers, "Content-Type": "application/json"})
    assert response.status_code == 403
    assert response.json_body["error"] == "csrf_failed"


def test_a_write_with_the_cookie_and_its_csrf_token_reaches_the_service(api: Any, keyed: Container) -> None:
    headers, session = cookie(keyed)
    response = api.http.put(SETTINGS, body='{"schedule": "daily"}',
                            headers={**headers, "Content-Type": "application/json", "X-CSRF-Token": session.csrf})
    assert response.status_code == 404  # past authentication and CSRF: the studio does not exist


def test_a_staff_session_cannot_write(api: Any, keyed: Container) -> None:
    headers, session = cookie(keyed, role="staff")
    response = api.http.put(SETTINGS, body='{"schedule": "daily"}',
                            headers={**headers, "Content-Type": "application/json", "X-CSRF-Token": session.csrf})
    assert response.status_code == 403
    assert response.json_body["error"] == "forbidden"
