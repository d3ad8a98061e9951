"""Drive the sandbox the way the connector will: real intuit-oauth and python-quickbooks.

Only the authorize page (a browser's job) and the control API use plain HTTP.
"""
from __future__ import annotations

import warnings
from html.parser import HTMLParser
from urllib.parse import parse_qs, urljoin, urlparse

import requests
from intuitlib.client import AuthClient
from intuitlib.enums import Scopes
from quickbooks.client import QuickBooks

MINOR_VERSION = 75


class FormParser(HTMLParser):
    """Collects forms, their inputs and labels from a page (enough for the authorize flow)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self.labels: dict[str, str] = {}
        self._label_for: str | None = None
        self.alerts: list[str] = []
        self._in_alert = False
        self.lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "form":
            self.forms.append({"action": a.get("action"), "inputs": [], "buttons": []})
        elif tag == "input" and self.forms:
            self.forms[-1]["inputs"].append(a)
        elif tag == "button" and self.forms:
            self.forms[-1]["buttons"].append(a)
        elif tag == "label":
            self._label_for = a.get("for")
        if a.get("role") == "alert":
            self._in_alert = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self._label_for = None
        if tag == "p":
            self._in_alert = False

    def handle_data(self, data: str) -> None:
        if self._label_for:
            self.labels[self._label_for] = self.labels.get(self._label_for, "") + data
        if self._in_alert and data.strip():
            self.alerts.append(data.strip())

    def hidden(self) -> dict[str, str]:
        return {i["name"]: i.get("value", "") for i in self.forms[0]["inputs"]
                if i.get("type") == "hidden"}


def parse_page(html: str) -> FormParser:
    parser = FormParser()
    parser.feed(html)
    return parser


def new_auth_client(sandbox: dict, seeded, redirect_uri: str | None = None) -> AuthClient:
    return AuthClient(seeded.client_id, seeded.client_secret,
                      redirect_uri or seeded.redirect_uri, seeded.discovery_url)


def authorize(base_url: str, auth_url: str, email: str, password: str,
              realm_id: str | None = None, action: str = "connect") -> dict[str, list[str]]:
    """Fill the authorize pages like a user would; returns the redirect's query parameters."""
    session = requests.Session()
    page = session.get(auth_url, timeout=10)
    page.raise_for_status()
    sign_in = parse_page(page.text)
    form = {**sign_in.hidden(), "email": email, "password": password,
            "action": "cancel" if action == "cancel-signin" else "signin"}
    consent = session.post(urljoin(base_url, sign_in.forms[0]["action"]), data=form,
                           allow_redirects=False, timeout=10)
    if consent.status_code == 302:
        return parse_qs(urlparse(consent.headers["Location"]).query)
    consent.raise_for_status()
    choice = parse_page(consent.text)
    fields = {**choice.hidden(), "action": "cancel" if action == "cancel" else "connect"}
    if realm_id and "realm_id" not in fields:
        fields["realm_id"] = realm_id
    done = session.post(urljoin(base_url, choice.forms[0]["action"]), data=fields,
                        allow_redirects=False, timeout=10)
    assert done.status_code == 302, done.text
    return parse_qs(urlparse(done.headers["Location"]).query)


def connect(seeded, realm_id: str, scopes: list | None = None) -> AuthClient:
    """Full authorization-code flow; returns an AuthClient holding fresh tokens."""
    client = new_auth_client({}, seeded)
    url = client.get_authorization_url(scopes or [Scopes.ACCOUNTING])
    params = authorize(seeded.base_url, url, seeded.email, seeded.password, realm_id)
    assert params["state"] == [client.state_token]
    client.get_bearer_token(params["code"][0], realm_id=params["realmId"][0])
    return client


def qbo(seeded, auth_client: AuthClient, realm_id: str) -> QuickBooks:
    """python-quickbooks client aimed at the sandbox (only the base URL differs)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        client = QuickBooks(auth_client=auth_client, refresh_token=auth_client.refresh_token,
                            company_id=realm_id, minorversion=MINOR_VERSION)
    client.api_url_v3 = seeded.base_url + "/v3"
    return client


class Control:
    """Thin wrapper over the control API."""

    def __init__(self, base_url: str) -> None:
        self.base = base_url + "/_sandbox"

    def call(self, method: str, path: str, body: dict | None = None, **params) -> dict:
        response = requests.request(method, self.base + path, json=body, params=params,
                                    timeout=10)
        assert response.status_code < 300, response.text
        return response.json()

    def advance(self, seconds: float) -> dict:
        return self.call("POST", "/clock", {"advance_seconds": seconds})

    def limits(self, realm: str, **changes) -> dict:
        return self.call("PUT", f"/companies/{realm}/limits", changes)

    def fault(self, **rule) -> dict:
        return self.call("POST", "/faults", rule)

    def counters(self, realm: str) -> dict:
        return self.call("GET", f"/companies/{realm}/counters")

    def company(self, realm: str, **changes) -> dict:
        return self.call("PATCH", f"/companies/{realm}", changes)

    def balances(self, realm: str, as_of: str) -> dict[str, str]:
        rows = self.call("GET", f"/companies/{realm}/balances", as_of=as_of)["accounts"]
        return {row["name"]: row["balance"] for row in rows}

    def documents(self, realm: str, entity: str) -> list[dict]:
        return self.call("GET", f"/companies/{realm}/documents", entity=entity).get(entity, [])
