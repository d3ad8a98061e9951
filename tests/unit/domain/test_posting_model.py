"""The posting model an accountant signs off: gift cards as a liability, sales tax apart from
revenue, refunds as lines of their own, and every credit type on its own (re-mappable) account."""
from __future__ import annotations

from collections.abc import Sequence

from chalicelib.domain.accounts import AccountRole
from chalicelib.domain.journal import JournalDocument, PostingPlan
from chalicelib.domain.posting import plan_sync
from chalicelib.domain.serialize import plan_from_dict, plan_to_dict
from chalicelib.domain.settings import PostingSettings
from chalicelib.domain.transactions import Transaction

from .builders import charge, credit, d, gift_card_sale, payment, refund, settings, void

R = AccountRole


def plan(rows: Sequence[Transaction], *, history: Sequence[Transaction] = (), first: bool = False,
         cfg: PostingSettings | None = None) -> PostingPlan:
    cursor = max((t.seq for t in history), default=0)
    upto = max([t.seq for t in rows] + [cursor])
    return plan_sync(cfg or settings(), run_id="run-1", sync_date=d("2025-02-10"), cursor=cursor, upto=upto,
                     first_sync=first, transactions=rows, history=history)


def only(p: PostingPlan) -> JournalDocument:
    assert len(p.documents) == 1
    return p.documents[0]


def lines(doc: JournalDocument) -> list[tuple[str, str, str, str]]:
    return [(ln.posting_type.value, str(ln.account), f"{ln.amount}", ln.description) for ln in doc.lines]


def names(p: PostingPlan) -> dict[str, str]:
    return {str(s.key): s.name for s in p.accounts}


def test_a_gift_card_sale_credits_the_gift_card_liability_not_income() -> None:
    doc = only(plan([gift_card_sale("g1", 1, "2025-02-01", "50.00")]))
    assert ("Credit", "gift_card_liability", "50.00", "Gift cards sold") in lines(doc)
    assert not any(ln.account.role is R.REVENUE for ln in doc.lines)


def test_the_gift_card_liability_is_named_after_brand_and_studio_as_an_other_current_liability() -> None:
    p = plan([gift_card_sale("g1", 1, "2025-02-01", "50.00")])
    spec = next(s for s in p.accounts if s.key.role is R.GIFT_CARD_LIABILITY)
    assert (spec.name, spec.account_type, spec.account_subtype) == (
        "Classbooks Gift Card Liability (Tumble Town)", "Other Current Liability", "OtherCurrentLiabilities")


def test_redeeming_a_gift_card_debits_the_liability_not_discounts_and_credits() -> None:
    doc = only(plan([credit("k1", 1, "2025-02-01", "20.00", "gift_card")]))
    assert ("Debit", "gift_card_liability", "20.00", "Gift card redemptions") in lines(doc)
    assert not any(ln.account.role is R.DISCOUNTS_AND_CREDITS for ln in doc.lines)


def test_a_taxed_charge_credits_revenue_net_and_the_tax_to_sales_tax_payable() -> None:
    doc = only(plan([charge("c1", 1, "2025-02-01", "108.00", tax={"Sales Tax": "8.00"})]))
    assert ("Credit", "revenue:tuition", "100.00", "Tuition charges") in lines(doc)
    assert ("Credit", "sales_tax_payable:Sales Tax", "8.00", "Sales Tax collected") in lines(doc)
    assert doc.balanced


def test_sales_tax_has_one_account_per_tax_name() -> None:
    p = plan([charge("c1", 1, "2025-02-01", "110.00", tax={"Sales Tax": "6.00", "City Tax": "4.00"})])
    assert names(p)["sales_tax_payable:Sales Tax"] == "Classbooks Sales Tax Payable (Tumble Town)"
    assert names(p)["sales_tax_payable:City Tax"] == "Classbooks Sales Tax Payable - City Tax (Tumble Town)"


def test_a_studio_without_tax_sees_no_tax_lines_or_accounts() -> None:
    p = plan([charge("c1", 1, "2025-02-01", "108.00")])
    assert ("Credit", "revenue:tuition", "108.00", "Tuition charges") in lines(only(p))
    assert not any(s.key.role is R.SALES_TAX_PAYABLE for s in p.accounts)


def test_a_void_of_a_taxed_charge_reverses_its_tax_too() -> None:
    c1 = charge("c1", 1, "2025-01-20", "108.00", tax={"Sales Tax": "8.00"})
    doc = only(plan([void("v1", 2, "2025-02-01", c1)], history=[c1]))
    assert ("Debit", "sales_tax_payable:Sales Tax", "8.00", "Sales Tax collected reversed by voids") in lines(doc)


def test_a_payment_and_a_refund_of_the_same_type_on_one_day_show_both_lines() -> None:
    p1 = payment("p1", 1, "2025-02-01", "150.00", "check")
    doc = only(plan([p1, refund("r1", 2, "2025-02-01", "150.00", "p1", "check")]))
    assert lines(doc) == [("Debit", "payments_to_deposit", "150.00", "Check payments"),
                          ("Credit", "payments_to_deposit", "150.00", "Check refunds")]


def test_card_and_echeck_refunds_go_back_through_merchant_settlement_even_when_others_are_rerouted() -> None:
    p1 = payment("p1", 1, "2025-02-01", "30.00", "credit_card")
    cfg = settings(refund_accounts={"cash": "Checking", "check": "Checking", "custom": "Checking"})
    doc = only(plan([refund("r1", 2, "2025-02-03", "10.00", "p1", "credit_card")], history=[p1], cfg=cfg))
    assert ("Credit", "merchant_settlement", "10.00", "Credit card refunds") in lines(doc)


def test_cash_refunds_go_to_the_account_the_admin_chose() -> None:
    p1 = payment("p1", 1, "2025-02-01", "30.00", "cash")
    p = plan([refund("r1", 2, "2025-02-03", "10.00", "p1", "cash")], history=[p1],
             cfg=settings(refund_accounts={"cash": "Checking"}))
    assert ("Credit", "refund_account:cash", "10.00", "Cash refunds") in lines(only(p))
    spec = next(s for s in p.accounts if s.key.role is R.REFUND_ACCOUNT)
    assert (spec.name, spec.create, spec.allowed_types) == ("Checking", False, ("Bank", "Other Current Asset"))


def test_without_a_choice_cash_check_and_custom_refunds_go_where_the_payment_went() -> None:
    p1 = payment("p1", 1, "2025-02-01", "30.00", "custom", custom="Venmo")
    doc = only(plan([refund("r1", 2, "2025-02-03", "10.00", "p1", "custom", custom="Venmo")], history=[p1]))
    assert ("Credit", "payments_to_deposit", "10.00", "Custom (Venmo) refunds") in lines(doc)


def test_a_voided_refund_reverses_the_refund_line_not_the_payment_line() -> None:
    p1 = payment("p1", 1, "2025-02-01", "30.00", "cash")
    r1 = refund("r1", 2, "2025-02-01", "10.00", "p1")
    doc = only(plan([void("v1", 3, "2025-02-03", r1)], history=[p1, r1]))
    assert ("Debit", "payments_to_deposit", "10.00", "Cash refunds reversed by voids") in lines(doc)


def test_house_coupon_and_other_credits_default_to_discounts_and_credits() -> None:
    rows = [credit("k1", 1, "2025-02-01", "1.00", "house"), credit("k2", 2, "2025-02-01", "2.00", "coupon"),
            credit("k3", 3, "2025-02-01", "3.00", "other")]
    p = plan(rows)
    assert {names(p)[f"discounts_and_credits:{c}"] for c in ("house", "coupon", "other")} == {"Discounts and Credits"}


def test_each_credit_type_may_be_mapped_to_its_own_account() -> None:
    rows = [credit("k1", 1, "2025-02-01", "1.00", "house"), credit("k2", 2, "2025-02-01", "2.00", "coupon")]
    p = plan(rows, cfg=settings(credit_accounts={"coupon": "Marketing Coupons"}))
    assert names(p)["discounts_and_credits:coupon"] == "Marketing Coupons"
    assert names(p)["discounts_and_credits:house"] == "Discounts and Credits"


def test_mapping_the_gift_card_credit_type_renames_the_one_liability_for_sales_and_redemptions() -> None:
    rows = [gift_card_sale("g1", 1, "2025-02-01", "50.00"), credit("k1", 2, "2025-02-01", "20.00", "gift_card")]
    p = plan(rows, cfg=settings(credit_accounts={"gift_card": "Gift Certificates Outstanding"}))
    assert [s.name for s in p.accounts if s.key.role is R.GIFT_CARD_LIABILITY] == ["Gift Certificates Outstanding"]


def test_revenue_categories_map_to_the_income_account_the_admin_chose() -> None:
    p = plan([charge("c1", 1, "2025-02-01", "10.00", category="camps")],
             cfg=settings(revenue_accounts={"camps": "Camp Income"}))
    assert names(p)["revenue:camps"] == "Camp Income"


def test_the_opening_entry_credits_the_gift_cards_outstanding_before_go_live() -> None:
    rows = [gift_card_sale("g0", 1, "2024-12-01", "50.00"), payment("p0", 2, "2024-12-01", "50.00")]
    p = plan(rows, first=True, cfg=settings(opening_offset_account="Old Revenue"))
    assert p.opening is not None and p.opening.gift_cards == 50
    doc = only(p)
    assert ("Credit", "gift_card_liability", "50.00", "Gift cards sold") in lines(doc)
    assert ("Debit", "opening_balance_offset:Old Revenue", "50.00", "Opening balance offset") in lines(doc)


def test_a_plan_keeps_the_names_it_was_planned_with() -> None:
    p = plan([credit("k1", 1, "2025-02-01", "1.00", "house")], cfg=settings(credit_accounts={"house": "House Credits"}))
    assert names(plan_from_dict(plan_to_dict(p)))["discounts_and_credits:house"] == "House Credits"
