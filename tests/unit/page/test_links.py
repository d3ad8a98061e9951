"""Where the page points: its own routes (stage prefix included) and journal entries in QuickBooks."""
from __future__ import annotations

from chalicelib.config import Config
from chalicelib.page.links import api_path, journal_link_template, page_path


def test_page_urls_keep_the_stage_prefix_of_the_public_base_url() -> None:
    config = Config(public_base_url="https://abc.execute-api.us-east-1.amazonaws.com/api/")
    assert page_path(config, "studio-1") == "/api/v1/tenants/studio-1/quickbooks/page"


def test_tenant_ids_are_escaped_in_page_urls() -> None:
    assert api_path(Config(public_base_url="http://127.0.0.1:8000"), "a/b c") == "/v1/tenants/a%2Fb%20c/quickbooks"


def test_production_links_open_the_journal_entry_in_quickbooks_online() -> None:
    assert journal_link_template(Config()) == "https://app.qbo.intuit.com/app/journal?txnId={id}"


def test_intuit_sandbox_links_open_the_sandbox_company() -> None:
    config = Config(qbo_api_base="https://sandbox-quickbooks.api.intuit.com/v3/company/")
    assert journal_link_template(config) == "https://app.sandbox.qbo.intuit.com/app/journal?txnId={id}"


def test_local_sandbox_links_list_the_companys_journal_entries() -> None:
    config = Config(qbo_api_base="http://127.0.0.1:8102/v3/company/")
    assert journal_link_template(config) == (
        "http://127.0.0.1:8102/_sandbox/companies/{realm}/documents?entity=JournalEntry#id-{id}")
