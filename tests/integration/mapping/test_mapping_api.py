"""The account mapping through the HTTP API, checked against the sandbox company's chart."""
from __future__ import annotations

from tests.integration.mapping.conftest import json_body


def test_an_admin_maps_accounts_and_reads_them_back(on_friday) -> None:
    body = {"revenue_accounts": {"camps": "Camp Income"}, "credit_accounts": {"coupon": "Coupons Given"},
            "refund_accounts": {"cash": "Checking"}}
    reply = on_friday.put("mapping", body)
    assert reply.status_code == 200, reply.body
    assert json_body(on_friday.get("mapping"))["mapping"] == {"brand": None, "tax_accounts": {}, "opening_offset": None,
                                                              "first_sync_entries": "lump_sum", **body}


def test_the_mapping_shows_the_defaults_it_replaces(on_friday) -> None:
    view = json_body(on_friday.get("mapping", role="staff"))
    assert view["defaults"]["credit_accounts"]["house"] == "Discounts and Credits"
    assert view["defaults"]["credit_accounts"]["gift_card"].startswith("Classbooks Gift Card Liability (")
    assert view["defaults"]["refund_accounts"]["cash"] == "Undeposited Funds"
    assert view["allowed_types"]["credit_accounts.gift_card"] == ["Other Current Liability"]


def test_staff_may_read_but_not_change_the_mapping(on_friday) -> None:
    assert on_friday.get("mapping", role="staff").status_code == 200
    assert on_friday.put("mapping", {"credit_accounts": {"coupon": "X"}}, role="staff").status_code == 403


def test_the_platform_may_not_change_the_mapping(on_friday) -> None:
    reply = on_friday.api.http.put(on_friday.path("mapping"), body=b'{"brand": "X"}',
                                   headers=on_friday.headers("platform"))
    assert reply.status_code == 403


def test_an_account_of_the_wrong_type_is_refused_with_the_reason_and_nothing_is_saved(on_friday) -> None:
    reply = on_friday.put("mapping", {"credit_accounts": {"gift_card": "Services"}})  # an Income account
    assert reply.status_code == 400
    body = json_body(reply)
    assert body["error"] == "invalid_mapping"
    [detail] = body["details"]
    assert detail["field"] == "credit_accounts.gift_card"
    assert '"Services" is an Income account' in detail["message"] and "Other Current Liability" in detail["message"]
    assert json_body(on_friday.get("mapping"))["mapping"]["credit_accounts"] == {}


def test_a_refund_route_to_an_account_quickbooks_does_not_have_is_refused(on_friday) -> None:
    reply = on_friday.put("mapping", {"refund_accounts": {"check": "Petty Cash"}})
    assert reply.status_code == 400 and "no active account named" in json_body(reply)["details"][0]["message"]


def test_a_malformed_mapping_is_a_400_naming_each_field(on_friday) -> None:
    reply = on_friday.put("mapping", {"credit_accounts": {"voucher": "X"}, "revenue_accounts": {"camps": "A::B"}})
    assert reply.status_code == 400
    assert {d["field"] for d in json_body(reply)["details"]} == {"credit_accounts.voucher", "revenue_accounts.camps"}


def test_a_body_that_is_not_json_is_a_400(on_friday) -> None:
    reply = on_friday.api.http.put(on_friday.path("mapping"), body=b"{nope", headers=on_friday.headers())
    assert reply.status_code == 400


def test_mapping_needs_a_connected_company(studio) -> None:
    reply = studio.put("mapping", {"credit_accounts": {"coupon": "Coupons Given"}})
    assert (reply.status_code, json_body(reply)["error"]) == (409, "not_connected")


def test_the_brand_is_locked_once_a_sync_has_posted(on_friday) -> None:
    tenant = on_friday.container.models.Tenant.get(on_friday.tenant_id)
    tenant.update(actions=[on_friday.container.models.Tenant.first_sync_done.set(True)])
    reply = on_friday.put("mapping", {"brand": "StudioBooks"})
    assert (reply.status_code, json_body(reply)["error"]) == (409, "mapping_locked")
    assert json_body(reply)["details"] == [{"field": "brand"}]


def test_a_mapping_change_is_audited(on_friday) -> None:
    on_friday.put("mapping", {"credit_accounts": {"coupon": "Coupons Given"}})
    actions = [e["action"] for e in on_friday.container.audit().history(on_friday.tenant_id)]
    assert "mapping" in actions


def test_the_opening_entry_may_offset_to_opening_balance_equity_but_not_to_a_bank_account(on_friday) -> None:
    assert on_friday.put("mapping", {"opening_offset": "Opening Balance Equity"}).status_code == 200
    reply = on_friday.put("mapping", {"opening_offset": "Checking"})
    assert reply.status_code == 400 and json_body(reply)["details"][0]["field"] == "opening_offset"


def test_a_colon_maps_a_sub_account_checked_by_its_full_name(on_friday) -> None:
    reply = on_friday.put("mapping", {"revenue_accounts": {"camps": " Services : Camps ", "tuition": "Revenue:Classes"}})
    assert reply.status_code == 200, reply.body
    assert json_body(reply)["mapping"]["revenue_accounts"] == {"camps": "Services:Camps", "tuition": "Revenue:Classes"}


def test_a_sub_account_under_a_parent_of_another_type_is_refused_with_the_reason(on_friday) -> None:
    reply = on_friday.put("mapping", {"revenue_accounts": {"camps": "Bank Charges & Fees:Camps"}})
    assert reply.status_code == 400
    [detail] = json_body(reply)["details"]
    assert detail["field"] == "revenue_accounts.camps"
    assert 'its parent "Bank Charges & Fees" is an Expense account' in detail["message"]
    assert json_body(on_friday.get("mapping"))["mapping"]["revenue_accounts"] == {}


def test_a_sub_account_name_nested_too_deep_is_refused_before_quickbooks_is_read(on_friday) -> None:
    reply = on_friday.put("mapping", {"credit_accounts": {"coupon": "A:B:C:D:E:F"}})
    assert reply.status_code == 400 and "at most 5 levels" in json_body(reply)["details"][0]["message"]
