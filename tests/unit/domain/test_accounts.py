from __future__ import annotations

import pytest

from chalicelib.domain.accounts import (
    AccountKey,
    AccountRole,
    category_account_name,
    clean_full_name,
    clean_name,
    default_name,
    route_credit,
    route_payment,
)
from chalicelib.domain.capacity import CompanyUsage, check_capacity
from chalicelib.domain.errors import AccountNameError
from chalicelib.domain.plans import QboPlan, plan_from_sku
from chalicelib.domain.specs import account_specs
from chalicelib.domain.transactions import CreditType, PaymentType

R = AccountRole


def name(role: AccountRole, detail: str | None = None, brand: str = "Classbooks",
         studio: str = "Tumble Town", **kw: object) -> str:
    return default_name(AccountKey(role, detail), brand, studio, **kw)  # type: ignore[arg-type]


def test_default_account_names_follow_the_accounting_table() -> None:
    assert name(R.RECEIVABLES_CLEARING) == "Classbooks Receivables (Tumble Town)"
    assert name(R.UNAPPLIED_CREDITS) == "Classbooks (Tumble Town) Unapplied Credits"
    assert name(R.MERCHANT_SETTLEMENT) == "Merchant Settlement Account"
    assert name(R.PAYMENTS_TO_DEPOSIT) == "Undeposited Funds"
    assert name(R.DISCOUNTS_AND_CREDITS) == "Discounts and Credits"


def test_brand_is_configurable() -> None:
    assert name(R.UNAPPLIED_CREDITS, brand="iClassPro") == "iClassPro (Tumble Town) Unapplied Credits"


def test_revenue_account_is_named_after_its_category() -> None:
    assert category_account_name("tuition") == "Tuition Revenue"
    assert category_account_name("birthday_party") == "Birthday Party Revenue"


def test_revenue_account_mapping_overrides_the_default_and_a_colon_keeps_naming_a_sub_account() -> None:
    assert name(R.REVENUE, "tuition", revenue_names={"tuition": "Sales Classes"}) == "Sales Classes"
    assert name(R.REVENUE, "tuition", revenue_names={"tuition": "Sales : Classes"}) == "Sales:Classes"


def test_a_full_name_is_cleaned_level_by_level_and_nests_at_most_five_levels() -> None:
    assert clean_full_name(' Revenue :\tSummer  "Camps" ') == "Revenue:Summer Camps"
    assert clean_full_name("A:B:C:D:E") == "A:B:C:D:E"
    with pytest.raises(AccountNameError, match="5 levels"):
        clean_full_name("A:B:C:D:E:F")
    with pytest.raises(AccountNameError):
        clean_full_name("Revenue::Camps")


def test_names_made_from_the_platforms_words_never_name_a_sub_account() -> None:
    assert category_account_name("camps:summer") == "Camps summer Revenue"
    assert ":" not in name(R.SALES_TAX_PAYABLE, "City:Tax")


def test_names_drop_quotes_colons_tabs_and_newlines() -> None:
    assert clean_name('Bob\'s "Gym"\t:\nNorth') == "Bob's Gym North"


def test_long_studio_names_are_shortened_keeping_the_suffix() -> None:
    long = name(R.UNAPPLIED_CREDITS, studio="S" * 150)
    assert len(long) <= 100 and long.endswith(") Unapplied Credits")


def test_a_name_with_nothing_usable_is_refused() -> None:
    with pytest.raises(AccountNameError):
        clean_name(' : "\t')


def test_categories_may_share_an_income_account() -> None:
    keys = [AccountKey(R.REVENUE, "tuition"), AccountKey(R.REVENUE, "camps")]
    specs = account_specs(keys, "Classbooks", "T", {"tuition": "Sales", "camps": "sales"})
    assert [s.name for s in specs] == ["sales", "sales"]  # one account, one spelling


def test_no_role_may_share_an_account_classbooks_ties_out_whatever_the_case() -> None:
    keys = [AccountKey(R.REVENUE, "x"), AccountKey(R.GIFT_CARD_LIABILITY)]
    with pytest.raises(AccountNameError, match="both be named"):
        account_specs(keys, "Classbooks", "T", {"x": "CLASSBOOKS GIFT CARD LIABILITY (T)"})


def test_a_credit_type_may_share_an_income_account_with_a_revenue_category() -> None:
    keys = [AccountKey(R.REVENUE, "x"), AccountKey(R.DISCOUNTS_AND_CREDITS, "house")]
    specs = account_specs(keys, "Classbooks", "T", {"x": "Discounts and Credits"})
    assert {s.name for s in specs} == {"Discounts and Credits"}
    assert {(s.account_type, s.account_subtype) for s in specs} == {("Income", "ServiceFeeIncome")}


def test_accounts_that_share_a_name_must_have_a_type_in_common() -> None:
    keys = [AccountKey(R.REVENUE, "x"), AccountKey(R.REFUND_ACCOUNT, "cash")]
    with pytest.raises(AccountNameError, match="one must be"):
        account_specs(keys, "Classbooks", "T", {"x": "Checking"}, {"refund_account:cash": "Checking"})


def test_specs_carry_qbo_types_and_undeposited_funds_is_never_created() -> None:
    specs = {s.key.role: s for s in account_specs(
        [AccountKey(r) for r in R if r not in (R.REVENUE, R.OPENING_BALANCE_OFFSET, R.REFUND_ACCOUNT,
                                                R.CORRECTION_OFFSET)], "B", "S")}
    assert (specs[R.MERCHANT_SETTLEMENT].account_type, specs[R.MERCHANT_SETTLEMENT].account_subtype) == ("Bank", "CashOnHand")
    assert specs[R.UNAPPLIED_CREDITS].account_type == "Other Current Liability"
    assert specs[R.PAYMENTS_TO_DEPOSIT].account_subtype == "UndepositedFunds"
    assert not specs[R.PAYMENTS_TO_DEPOSIT].create and specs[R.RECEIVABLES_CLEARING].create


def test_card_and_echeck_payments_route_to_merchant_settlement() -> None:
    assert route_payment(PaymentType.CREDIT_CARD) is R.MERCHANT_SETTLEMENT
    assert route_payment(PaymentType.ECHECK) is R.MERCHANT_SETTLEMENT


@pytest.mark.parametrize("ptype", [PaymentType.CASH, PaymentType.CHECK, PaymentType.CUSTOM])
def test_cash_check_and_custom_payments_route_to_payments_to_deposit(ptype: PaymentType) -> None:
    assert route_payment(ptype) is R.PAYMENTS_TO_DEPOSIT


@pytest.mark.parametrize("ctype", [CreditType.HOUSE, CreditType.COUPON, CreditType.OTHER])
def test_house_coupon_and_other_credits_route_to_discounts_and_credits(ctype: CreditType) -> None:
    assert route_credit(ctype) is R.DISCOUNTS_AND_CREDITS


def test_gift_card_redemptions_route_to_the_gift_card_liability() -> None:
    assert route_credit(CreditType.GIFT_CARD) is R.GIFT_CARD_LIABILITY


def test_plan_is_read_from_the_offering_sku() -> None:
    assert plan_from_sku("QuickBooks Online Plus") is QboPlan.PLUS
    assert plan_from_sku("QuickBooks Online Advanced") is QboPlan.ADVANCED
    assert plan_from_sku("QuickBooks Online Essentials") is QboPlan.ESSENTIALS
    assert plan_from_sku("QuickBooks Online Simple Start") is QboPlan.SIMPLE_START


def test_accounts_fit_under_the_250_cap() -> None:
    assert check_capacity(CompanyUsage(QboPlan.PLUS, 240), 10, 0).fits


def test_accounts_over_the_250_cap_do_not_fit_and_say_how_many_are_left() -> None:
    check = check_capacity(CompanyUsage(QboPlan.ESSENTIALS, 248), 5, 0)
    assert not check.fits and check.accounts_left == 2
    assert "only 2 can be added" in check.message


def test_advanced_has_no_account_or_class_cap() -> None:
    check = check_capacity(CompanyUsage(QboPlan.ADVANCED, 5000, 300, 300), 50, 50)
    assert check.fits and check.accounts_left is None and check.classes_left is None


def test_plus_caps_classes_and_locations_at_forty_together() -> None:
    assert check_capacity(CompanyUsage(QboPlan.PLUS, 10, 30, 5), 5, 5).fits
    check = check_capacity(CompanyUsage(QboPlan.PLUS, 10, 30, 5), 5, 6)
    assert not check.fits and "40 classes and locations together" in check.message


def test_essentials_has_no_classes() -> None:
    check = check_capacity(CompanyUsage(QboPlan.ESSENTIALS, 10), 1, 3)
    assert not check.fits and "has no classes" in check.message


def test_tax_accounts_fit_qbo_names_whatever_the_tax_and_studio() -> None:
    long = name(R.SALES_TAX_PAYABLE, "County: Special \"District\" Tax " * 5, studio="S" * 150)
    assert len(long) <= 100 and ":" not in long and '"' not in long and long.endswith(")")


def test_the_generic_tax_name_gets_the_plain_sales_tax_payable_account() -> None:
    assert name(R.SALES_TAX_PAYABLE, "sales tax") == "Classbooks Sales Tax Payable (Tumble Town)"
    assert name(R.GIFT_CARD_LIABILITY) == "Classbooks Gift Card Liability (Tumble Town)"
