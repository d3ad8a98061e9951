"""Demo data through the control API: one app client, one user, two companies.

``seed(base_url)`` works against any running sandbox (in-thread or ``python -m``), so tests,
the demo and the other stacks share one definition. Essentials has no class tracking; Plus has
class tracking per line and location tracking.
"""
from __future__ import annotations

import time
from dataclasses import asdict, dataclass

import requests

DEMO_CLIENT_ID = "ABsandboxClassbooksDemoClient0001"
DEMO_CLIENT_SECRET = "sandbox-demo-secret-not-for-production"
DEMO_REDIRECT_URI = "http://127.0.0.1:8000/oauth/callback"
DEMO_EMAIL = "owner@studio.example"
DEMO_PASSWORD = "correct horse battery staple"


@dataclass
class Seeded:
    base_url: str
    discovery_url: str
    client_id: str
    client_secret: str
    redirect_uri: str
    email: str
    password: str
    essentials_realm: str
    plus_realm: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def _post(base_url: str, path: str, body: dict) -> dict:
    response = requests.post(f"{base_url}/_sandbox{path}", json=body, timeout=10)
    response.raise_for_status()
    return response.json()


def seed(base_url: str, redirect_uris: list[str] | None = None,
         book_close_date: str | None = None) -> Seeded:
    uris = redirect_uris or [DEMO_REDIRECT_URI]
    app = _post(base_url, "/apps", {"client_id": DEMO_CLIENT_ID,
                                    "client_secret": DEMO_CLIENT_SECRET, "redirect_uris": uris,
                                    "name": "Classbooks (demo)"})
    essentials = _post(base_url, "/companies", {
        "name": "Riverside Swim School", "plan": "Essentials", "fiscal_year_start_month": 1,
        "book_close_date": book_close_date, "class_tracking": "none"})
    plus = _post(base_url, "/companies", {
        "name": "Northside Dance Academy", "plan": "Plus", "fiscal_year_start_month": 7,
        "book_close_date": book_close_date, "class_tracking": "per_line",
        "track_departments": True})
    _post(base_url, "/users", {"email": DEMO_EMAIL, "password": DEMO_PASSWORD,
                               "given_name": "Studio", "family_name": "Owner",
                               "companies": [essentials["realm_id"], plus["realm_id"]]})
    return Seeded(base_url, f"{base_url}/.well-known/openid_configuration", app["client_id"],
                  app["client_secret"], uris[0], DEMO_EMAIL, DEMO_PASSWORD,
                  essentials["realm_id"], plus["realm_id"])


def wait_until_up(base_url: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            requests.get(f"{base_url}/_sandbox/clock", timeout=1)
            return
        except requests.ConnectionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
