"""Where the page sends people: the page's own URLs and deep links into QuickBooks.

Both are derived from configuration alone: `public_base_url` (which carries any API Gateway
stage prefix) for the page, and `qbo_api_base` to tell Intuit's production or sandbox API from
the local QuickBooks sandbox, whose control API lists a company's documents instead of a UI.
"""
from __future__ import annotations

from urllib.parse import quote, urlsplit

from chalicelib.config import QBO_API_PRODUCTION, Config

QBO_APP_PRODUCTION = "https://app.qbo.intuit.com"
QBO_APP_INTUIT_SANDBOX = "https://app.sandbox.qbo.intuit.com"
INTUIT_SANDBOX_API_HOST = "sandbox-quickbooks.api.intuit.com"


def base_path(config: Config) -> str:
    """The path prefix every route lives under ("" locally, "/api" behind a stage URL)."""
    return urlsplit(config.public_base_url).path.rstrip("/")


def page_path(config: Config, tenant_id: str) -> str:
    return f"{base_path(config)}/v1/tenants/{quote(tenant_id, safe='')}/quickbooks/page"


def api_path(config: Config, tenant_id: str) -> str:
    return f"{base_path(config)}/v1/tenants/{quote(tenant_id, safe='')}/quickbooks"


def asset_path(config: Config, name: str, version: str) -> str:
    return f"{base_path(config)}/page/static/{name}?v={version}"


def journal_link_template(config: Config) -> str:
    """A URL with `{realm}` and `{id}` placeholders that opens one journal entry.

    Intuit's app finds the company from the signed-in user, so only the id matters there; the
    local sandbox has no UI, so the link lists the company's journal entries as JSON.
    """
    api = urlsplit(config.qbo_api_base)
    if config.qbo_api_base == QBO_API_PRODUCTION:
        return f"{QBO_APP_PRODUCTION}/app/journal?txnId={{id}}"
    if api.hostname == INTUIT_SANDBOX_API_HOST:
        return f"{QBO_APP_INTUIT_SANDBOX}/app/journal?txnId={{id}}"
    return f"{api.scheme}://{api.netloc}/_sandbox/companies/{{realm}}/documents?entity=JournalEntry#id-{{id}}"
