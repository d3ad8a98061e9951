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


def test_a_colon_names_a_sub_account_with_the_spaces_around_each_level_trimmed() -> None:
    mapping = parse_mapping({"revenue_accounts": {"camps": " Revenue :  Summer   Camps "},
                             "opening_offset": "Equity : Old Balances"})
    assert mapping.revenue_accounts == {"camps": "Revenue:Summer Camps"}
    assert mapping.opening_offset == "Equity:Old Balances"


@pytest.mark.parametrize(("name", "reason"), [
    ("Revenue::Classes", "one part is empty"), (":Classes", "one part is empty"), ("Revenue:", "one part is empty"),
    ("Revenue: :Classes", "one part is empty"), ("A:B:C:D:E:F", "at most 5 levels deep; this name has 6"),
    ('Revenue:"Classes"', "double quote"), ("Revenue:Cla\tsses", "control characters"),
    ("Revenue:" + "x" * 101, "each account name between colons must be at most 100 characters")])
def test_a_sub_account_name_quickbooks_could_not_hold_is_refused_with_the_reason(name: str, reason: str) -> None:
    with pytest.raises(MappingInvalid) as err:
        parse_mapping({"revenue_accounts": {"camps": name}})
    [error] = err.value.errors
    assert error.field == "revenue_accounts.camps" and reason in error.message


def test_five_levels_are_allowed() -> None:
    assert parse_mapping({"revenue_accounts": {"camps": "A:B:C:D:E"}}).revenue_accounts == {"camps": "A:B:C:D:E"}


def test_the_brand_may_not_hold_a_colon_it_names_classbooks_own_accounts() -> None:
    with pytest.raises(MappingInvalid, match="never sub-accounts"):
        parse_mapping({"brand": "Studio:Books"})


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


SUBS = [{"Name": "Revenue", "FullyQualifiedName": "Revenue", "AccountType": "Income", "AccountSubType": "ServiceFeeIncome"},
        {"Name": "Classes", "FullyQualifiedName": "Revenue:Classes", "AccountType": "Income"},
        {"Name": "Fees", "FullyQualifiedName": "Costs:Fees", "AccountType": "Expense"},
        {"Name": "Costs", "FullyQualifiedName": "Costs", "AccountType": "Expense"},
        {"Name": "Drawer", "FullyQualifiedName": "Checking:Drawer", "AccountType": "Bank"},
        {"Name": "Undeposited Funds", "AccountType": "Other Current Asset", "AccountSubType": "UndepositedFunds"},
        {"Name": "Classes", "FullyQualifiedName": "Classes", "AccountType": "Bank"}]


def test_a_sub_account_is_matched_by_its_full_name_not_by_its_own_name() -> None:
    assert check_chart(parse_mapping({"revenue_accounts": {"camps": "revenue:classes"}}), SUBS) == []
    [error] = check_chart(parse_mapping({"revenue_accounts": {"camps": "Classes"}}), SUBS)  # the top-level Bank one
    assert '"Classes" is a Bank account' in error.message


def test_an_existing_sub_account_of_the_wrong_type_is_refused_by_its_full_name() -> None:
    [error] = check_chart(parse_mapping({"credit_accounts": {"gift_card": "Costs:Fees"}}), SUBS)
    assert '"Costs:Fees" is an Expense account' in error.message


def test_a_missing_sub_account_is_fine_when_its_parent_has_the_type_it_would_be_created_as() -> None:
    assert check_chart(parse_mapping({"revenue_accounts": {"camps": "Revenue:Camps"}}), SUBS) == []
    assert check_chart(parse_mapping({"revenue_accounts": {"camps": "Income:Camps:Summer"}}), SUBS) == []  # all made


def test_a_missing_sub_account_under_a_parent_of_another_type_is_refused_before_anything_is_posted() -> None:
    [error] = check_chart(parse_mapping({"revenue_accounts": {"camps": "Costs:Camps"}}), SUBS)
    assert error.field == "revenue_accounts.camps"
    assert error.message == ('"Costs:Camps" cannot be created: its parent "Costs" is an Expense account in QuickBooks, '
                             "and a sub-account must have its parent's type (Income here)")


def test_the_nearest_existing_parent_decides() -> None:
    [error] = check_chart(parse_mapping({"revenue_accounts": {"camps": "Costs:Fees:Camps"}}), SUBS)
    assert 'its parent "Costs:Fees" is an Expense account' in error.message


def test_a_refund_route_may_name_an_existing_sub_account_but_never_a_missing_one() -> None:
    assert check_chart(parse_mapping({"refund_accounts": {"cash": "Checking:Drawer"}}), SUBS) == []
    [error] = check_chart(parse_mapping({"refund_accounts": {"cash": "Checking:Till"}}), SUBS)
    assert 'no active account named "Checking:Till"' in error.message


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


def test_a_parent_quickbooks_gives_no_sub_accounts_is_refused() -> None:
    chart = [{"Name": "Cash Receipts", "AccountType": "Income", "AccountSubType": "CashReceiptIncome"}]
    [error] = check_chart(parse_mapping({"revenue_accounts": {"camps": "Cash Receipts:Camps"}}), chart)
    assert "detail type CashReceiptIncome, which QuickBooks gives no sub-accounts" in error.message
