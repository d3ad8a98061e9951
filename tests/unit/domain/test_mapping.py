"""The account mapping an admin edits: what is accepted, and what is refused with its reason."""
from __future__ import annotations

import pytest

from chalicelib.domain.first_sync import FirstSyncEntries
from chalicelib.domain.mapping import AccountMapping, MappingInvalid, check_chart, locked_changes, parse_mapping


def refused(body: object) -> list[str]:
    with pytest.raises(MappingInvalid) as err:
        parse_mapping(body)
    return [e.field for e in err.value.errors]


CHART = [{"Name": "Checking", "AccountType": "Bank"}, {"Name": "Camp Income", "AccountType": "Income"},
         {"Name": "Promotions", "AccountType": "Expense"}, {"Name": "Owner Draw", "AccountType": "Equity"},
         {"Name": "Opening Balance Equity", "AccountType": "Equity"}]


def test_a_full_mapping_parses_and_round_trips() -> None:
    body = {"brand": "StudioBooks", "revenue_accounts": {"camps": "Camp Income"},
            "credit_accounts": {"coupon": "Promotions", "gift_card": "Gift Certificates"},
            "refund_accounts": {"cash": "Checking"}, "tax_accounts": {"Sales Tax": "State Tax Payable"}}
    mapping = parse_mapping(body)
    assert mapping.to_dict() == {**body, "opening_offset": None, "first_sync_entries": "lump_sum"}
    assert AccountMapping.from_stored(mapping.to_dict()) == mapping


def test_an_empty_name_puts_the_default_back() -> None:
    assert parse_mapping({"credit_accounts": {"coupon": ""}}).credit_accounts == {}


def test_an_unknown_field_or_credit_type_is_refused_by_name() -> None:
    assert refused({"colour": "red", "credit_accounts": {"voucher": "X"}}) == ["colour", "credit_accounts.voucher"]


def test_card_refunds_cannot_be_rerouted() -> None:
    assert refused({"refund_accounts": {"credit_card": "Checking"}}) == ["refund_accounts.credit_card"]


def test_a_name_with_a_colon_is_refused_because_it_would_mean_a_sub_account() -> None:
    with pytest.raises(MappingInvalid, match="sub-account"):
        parse_mapping({"revenue_accounts": {"camps": "Income:Camps"}})


def test_a_name_over_100_characters_is_refused() -> None:
    assert refused({"revenue_accounts": {"camps": "x" * 101}}) == ["revenue_accounts.camps"]


def test_a_mapping_onto_an_account_classbooks_ties_out_is_refused() -> None:
    with pytest.raises(MappingInvalid, match="keeps that account for one purpose"):
        parse_mapping({"revenue_accounts": {"camps": "Merchant Settlement Account"}})


def test_an_existing_account_of_the_wrong_type_is_refused_with_the_reason() -> None:
    [error] = check_chart(parse_mapping({"credit_accounts": {"gift_card": "Camp Income"}}), CHART)
    assert error.field == "credit_accounts.gift_card"
    assert "is an Income account" in error.message and "Other Current Liability" in error.message


def test_an_expense_account_may_take_coupon_credits() -> None:
    assert check_chart(parse_mapping({"credit_accounts": {"coupon": "Promotions"}}), CHART) == []


def test_a_revenue_category_may_not_post_to_an_equity_account() -> None:
    [error] = check_chart(parse_mapping({"revenue_accounts": {"camps": "Owner Draw"}}), CHART)
    assert "Income or Other Income" in error.message


def test_an_income_account_not_yet_in_quickbooks_is_fine_it_will_be_created() -> None:
    assert check_chart(parse_mapping({"revenue_accounts": {"camps": "Summer Camps"}}), CHART) == []


def test_a_refund_route_must_name_an_existing_bank_or_current_asset_account() -> None:
    [error] = check_chart(parse_mapping({"refund_accounts": {"cash": "Cash Drawer"}}), CHART)
    assert "no active account named \"Cash Drawer\"" in error.message
    assert check_chart(parse_mapping({"refund_accounts": {"cash": "checking"}}), CHART) == []


def test_after_posting_the_brand_gift_card_and_mapped_tax_accounts_are_locked() -> None:
    old = parse_mapping({"tax_accounts": {"Sales Tax": "Tax Owed"}})
    new = parse_mapping({"brand": "X", "credit_accounts": {"gift_card": "GC", "coupon": "Promotions"},
                         "revenue_accounts": {"camps": "Camp Income"}})
    assert locked_changes(old, new) == ["brand", "credit_accounts.gift_card", "tax_accounts.Sales Tax"]


def test_the_opening_entry_offsets_to_an_existing_equity_income_or_liability_account() -> None:
    assert check_chart(parse_mapping({"opening_offset": "Opening Balance Equity"}), CHART) == []
    [wrong] = check_chart(parse_mapping({"opening_offset": "Checking"}), CHART)
    assert wrong.field == "opening_offset" and "is a Bank account" in wrong.message
    [missing] = check_chart(parse_mapping({"opening_offset": "Old Revenue"}), CHART)
    assert "the opening entry offsets to an existing" in missing.message


def test_the_opening_entry_choice_is_locked_after_posting() -> None:
    assert locked_changes(parse_mapping({}), parse_mapping({"opening_offset": "Opening Balance Equity"})) == ["opening_offset"]


def test_the_first_sync_may_be_booked_per_month_or_per_day() -> None:
    assert parse_mapping({"first_sync_entries": "monthly"}).first_sync_entries is FirstSyncEntries.MONTHLY
    assert parse_mapping({}).first_sync_entries is FirstSyncEntries.LUMP_SUM


def test_an_unknown_first_sync_choice_is_refused_by_name() -> None:
    assert refused({"first_sync_entries": "weekly"}) == ["first_sync_entries"]


def test_the_first_sync_entries_choice_is_fixed_once_a_sync_has_posted() -> None:
    assert locked_changes(AccountMapping(), AccountMapping(first_sync_entries=FirstSyncEntries.DAILY)) == [
        "first_sync_entries"]
