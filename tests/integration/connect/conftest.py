"""The QuickBooks sandbox for the connect tests, an app client registered for the connector's
callback, and a studio admin who drives Intuit's authorize pages with `requests`.

`qbo_sandbox` (tests/conftest.py) is the session's one in-thread server, reset for each test;
every test registers its own app client, user and companies, so tests never share a grant.
"""
from __future__ import annotations

import datetime as dt
import json
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urlencode, urljoin, urlparse

import pytest
import requests

from chalicelib import bootstrap
from chalicelib.api.auth import issue_token
from chalicelib.config import DEV_JWT_SECRET, Config

CALLBACK = "http://127.0.0.1:8000/oauth/callback"
PUBLIC_BASE = "http://127.0.0.1:8000"


class Clock:
    """The connector's clock: real time when the test starts (DynamoDB Local deletes items whose
    TTL has passed in real time, so OAuth states must be issued near real time), then moved only
    by the test. The sandbox keeps real time, so tokens it issued stay valid while this one moves."""

    def __init__(self) -> None:
        self.now = dt.datetime.now(dt.UTC).replace(microsecond=0)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@dataclass
class Intuit:
    """One app client, one user, and their companies in the sandbox."""

    base_url: str
    client_id: str
    client_secret: str
    email: str
    password: str
    realms: dict[str, str] = field(default_factory=dict)

    def control(self, method: str, path: str, body: dict[str, Any] | None = None, **params: Any) -> Any:
        response = requests.request(method, f"{self.base_url}/_sandbox{path}", json=body, params=params, timeout=10)
        assert response.status_code < 300, response.text
        return response.json()

    def company(self, key: str, name: str, plan: str, fiscal_year_start_month: int = 1,
                class_tracking: str = "none", book_close_date: str | None = None) -> str:
        """Create a company the user may connect; returns its realm id."""
        created = self.control("POST", "/companies", {
            "name": name, "plan": plan, "fiscal_year_start_month": fiscal_year_start_month,
            "class_tracking": class_tracking, "book_close_date": book_close_date})
        self.realms[key] = created["realm_id"]
        self.control("POST", "/users", {"email": self.email, "password": self.password,
                                         "companies": list(self.realms.values())})
        return created["realm_id"]

    def authorize(self, authorize_url: str, realm_id: str) -> dict[str, str]:
        """Sign in and press Connect like a person would; the redirect's query parameters."""
        session = requests.Session()
        page = session.get(authorize_url, timeout=10)
        assert page.status_code == 200, page.text
        sign_in = parse_page(page.text)
        consent = session.post(urljoin(self.base_url, sign_in.forms[0]["action"]), timeout=10,
                               data={**sign_in.hidden(), "email": self.email, "password": self.password,
                                     "action": "signin"})
        assert consent.status_code == 200, consent.text
        choice = parse_page(consent.text)
        done = session.post(urljoin(self.base_url, choice.forms[0]["action"]), allow_redirects=False,
                            data={**choice.hidden(), "realm_id": realm_id, "action": "connect"}, timeout=10)
        assert done.status_code == 302, done.text
        location = done.headers["Location"]
        assert location.startswith(CALLBACK)
        return {k: v[0] for k, v in parse_qs(urlparse(location).query).items()}

    def disconnect_in_quickbooks(self, realm_id: str) -> None:
        self.control("POST", f"/companies/{realm_id}/disconnect")


@pytest.fixture
def intuit(qbo_sandbox: str) -> Intuit:
    """A fresh app client whose redirect URI is the connector's callback, and a studio owner."""
    suffix = uuid.uuid4().hex[:10]
    app = requests.post(f"{qbo_sandbox}/_sandbox/apps", timeout=10, json={
        "redirect_uris": [CALLBACK], "name": f"Classbooks test {suffix}"}).json()
    found = Intuit(qbo_sandbox, app["client_id"], app["client_secret"], f"owner-{suffix}@studio.example",
                   "pw-" + suffix)
    found.company("plus", "Northside Dance Academy", "Plus", fiscal_year_start_month=7, class_tracking="per_line")
    found.company("essentials", "Riverside Swim School", "Essentials", fiscal_year_start_month=1)
    return found


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def container(config: Config, intuit: Intuit, clock: Clock) -> Iterator[bootstrap.Container]:
    """The test's resources, with Intuit and QBO pointed at the sandbox and a movable clock."""
    built = bootstrap.Container(config.with_overrides(
        intuit_client_id=intuit.client_id, intuit_client_secret=intuit.client_secret,
        intuit_redirect_uri=CALLBACK, intuit_discovery_url=f"{intuit.base_url}/.well-known/openid_configuration",
        qbo_api_base=f"{intuit.base_url}/v3/company/", public_base_url=PUBLIC_BASE,
        jwt_secret=config.jwt_secret or DEV_JWT_SECRET))
    built.clock = clock  # type: ignore[method-assign]
    bootstrap.install(built)
    yield built
    bootstrap.install(None)


class Studio:
    """Acts through the HTTP API as the platform, the studio's admin, staff and support."""

    def __init__(self, api: Any, container: bootstrap.Container, intuit: Intuit, tenant_id: str) -> None:
        self.api, self.container, self.intuit, self.tenant_id = api, container, intuit, tenant_id
        self.browser_cookie = ""  # what the admin's browser keeps from Connect (the OAuth binding)

    def token(self, role: str = "admin", tenant_id: str | None = None, user: str = "admin-1") -> str:
        tenant = (tenant_id or self.tenant_id) if role in ("admin", "staff") else None
        return issue_token(self.container.config, sub=user, role=role, tenant_id=tenant, now=int(time.time()))

    def headers(self, role: str = "admin", **kw: Any) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(role, **kw)}", "Content-Type": "application/json"}

    def profile(self, *, age_days: int = 200, onboarding: bool = False, timezone: str = "America/Chicago",
                last_import_at: dt.datetime | None = None) -> None:
        created = self.container.clock() - dt.timedelta(days=age_days)
        body = {"name": "Studio " + self.tenant_id, "timezone": timezone, "onboarding": onboarding,
                "created_at": created.isoformat().replace("+00:00", "Z")}
        if last_import_at:
            body["last_import_at"] = last_import_at.isoformat().replace("+00:00", "Z")
        reply = self.api.http.put(f"/v1/tenants/{self.tenant_id}", body=_json(body), headers=self.headers("platform"))
        assert reply.status_code in (200, 201), reply.body

    def path(self, tail: str) -> str:
        return f"/v1/tenants/{self.tenant_id}/quickbooks/{tail}"

    def get(self, tail: str, role: str = "admin", **kw: Any) -> Any:
        return self.api.http.get(self.path(tail), headers=self.headers(role, **kw))

    def put(self, tail: str, body: dict[str, Any], role: str = "admin") -> Any:
        return self.api.http.put(self.path(tail), body=_json(body), headers=self.headers(role))

    def post(self, tail: str, role: str = "admin") -> Any:
        return self.api.http.post(self.path(tail), body=b"{}", headers=self.headers(role))

    def delete(self, tail: str, role: str = "admin") -> Any:
        return self.api.http.delete(self.path(tail), headers=self.headers(role))

    def start_connect(self, role: str = "admin", **kw: Any) -> Any:
        reply = self.get("connect", role, **kw)
        if "Set-Cookie" in reply.headers:
            self.browser_cookie = reply.headers["Set-Cookie"].split(";", 1)[0]
        return reply

    def callback(self, params: dict[str, str], accept: str = "text/html,*/*;q=0.8",
                 cookie: str | None = None) -> Any:
        """Intuit's redirect as the Connect browser follows it (`accept`: what a browser sends;
        `cookie`: what it sends, by default the binding cookie Connect set)."""
        sent = self.browser_cookie if cookie is None else cookie
        headers = {"Accept": accept, **({"Cookie": sent} if sent else {})}
        return self.api.http.get("/oauth/callback?" + urlencode(params), headers=headers)

    def connect(self, company: str = "plus") -> Any:
        """The whole path: Connect → Intuit's pages → callback. Returns the callback's response."""
        started = self.start_connect()
        assert started.status_code == 302, started.body
        return self.callback(self.intuit.authorize(started.headers["Location"], self.intuit.realms[company]))

    def status(self, role: str = "admin") -> dict[str, Any]:
        reply = self.get("status", role)
        assert reply.status_code == 200, reply.body
        return json_body(reply)

    def configure(self, go_live: str, schedule: str = "manual", **extra: Any) -> Any:
        return self.put("settings", {"go_live_date": go_live, "schedule": schedule, **extra})


def _json(body: dict[str, Any]) -> bytes:
    return json.dumps(body).encode()


def json_body(reply: Any) -> Any:
    return json.loads(reply.body)


class Forms(HTMLParser):
    """The forms of a page: action and inputs (enough to fill Intuit's authorize pages)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action"), "inputs": []})
        elif tag == "input" and self.forms:
            self.forms[-1]["inputs"].append(a)

    def hidden(self) -> dict[str, str]:
        return {i["name"]: i.get("value") or "" for i in self.forms[0]["inputs"] if i.get("type") == "hidden"}


def parse_page(html: str) -> Forms:
    return Forms(html)


@pytest.fixture
def connected(studio: Studio) -> Studio:
    """The studio connected to its Plus company (fiscal year from July, class tracking on)."""
    reply = studio.connect("plus")
    assert reply.status_code == 302, reply.body
    return studio


@pytest.fixture
def studio(api: Any, container: bootstrap.Container, intuit: Intuit) -> Studio:
    """A studio with a 200-day-old profile (eligible), not yet connected."""
    made = Studio(api, container, intuit, f"studio-{uuid.uuid4().hex[:8]}")
    made.profile()
    return made
