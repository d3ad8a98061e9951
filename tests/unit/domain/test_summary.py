from __future__ import annotations

from dataclasses import replace

from chalicelib.domain.keys import doc_number, document_key
from chalicelib.domain.posting import plan_sync
from chalicelib.domain.summary import preview_text, summarize

from .builders import GO_LIVE, charge, credit, d, gift_card_sale, money, payment, refund, settings


def _plan():  # type: ignore[no-untyped-def]
    p1 = payment("p1", 1, "2025-02-01", "50.00", "credit_card")
    rows = [p1, refund("r1", 2, "2025-02-01", "5.00", "p1", "credit_card"),
            payment("p2", 3, "2025-02-02", "7.00", "custom", custom="Venmo"),
            credit("k1", 4, "2025-02-02", "3.00", "coupon"), charge("c1", 5, "2025-02-02", "60.00")]
    return plan_sync(settings(), run_id="run-9", sync_date=d("2025-02-10"), cursor=0, upto=5,
                     first_sync=False, transactions=rows, history=[])


def test_summary_totals_payments_credits_and_revenue_by_type() -> None:
    s = summarize(_plan())
    assert s.payments_by_type == {"credit_card": money("45.00"), "custom:Venmo": money("7.00")}
    assert s.credits_by_type == {"coupon": money("3.00")}
    assert s.revenue_by_category == {"tuition": money("60.00")}
    assert (s.documents, s.transactions) == (2, 5)


def test_summary_balance_changes_are_revenue_less_payments_and_credits() -> None:
    s = summarize(_plan())
    assert s.receivables_change - s.unapplied_credits_change == money("60.00") - money("52.00") - money("3.00")


def test_preview_names_each_document_and_account() -> None:
    plan = _plan()
    text = preview_text(plan)
    assert all(doc.doc_number in text for doc in plan.documents)
    assert "Merchant Settlement Account" in text and "Tuition Revenue" in text


def test_preview_shows_opening_figures_on_a_first_sync() -> None:
    plan = plan_sync(settings(), run_id="r", sync_date=d("2025-02-10"), cursor=0, upto=1, first_sync=True,
                     transactions=[payment("p0", 1, "2024-12-02", "25.00")], history=[])
    assert "unapplied credits (FIN-12) 25.00" in preview_text(plan)


def test_the_same_inputs_give_the_same_key_and_doc_number() -> None:
    key = document_key("t1", 0, GO_LIVE, 0, 5, "daily", d("2025-02-02"))
    assert key == document_key("t1", 0, GO_LIVE, 0, 5, "daily", d("2025-02-02"))
    assert key != document_key("t1", 0, GO_LIVE, 0, 6, "daily", d("2025-02-02"))
    assert doc_number(key) == doc_number(key) and doc_number(key).startswith("CB-")


def test_summary_shows_refunds_tax_and_gift_cards_sold_apart() -> None:
    p1 = payment("p1", 1, "2025-02-01", "50.00", "credit_card")
    rows = [p1, refund("r1", 2, "2025-02-01", "5.00", "p1", "credit_card"),
            charge("c1", 3, "2025-02-01", "108.00", tax={"Sales Tax": "8.00"}),
            gift_card_sale("g1", 4, "2025-02-01", "25.00")]
    s = summarize(plan_sync(settings(), run_id="r", sync_date=d("2025-02-10"), cursor=0, upto=4,
                            first_sync=False, transactions=rows, history=[]))
    assert s.refunds_by_type == {"credit_card": money("5.00")}
    assert s.tax_by_name == {"Sales Tax": money("8.00")}
    assert (s.gift_cards_sold, s.revenue_by_category) == (money("25.00"), {"tuition": money("100.00")})


def test_a_plan_written_before_lines_carried_their_flow_still_sums_by_role() -> None:
    plan = _plan()
    old = replace(plan, documents=tuple(replace(doc, lines=tuple(replace(ln, flow=None) for ln in doc.lines))
                                        for doc in plan.documents))
    s = summarize(old)
    assert s.revenue_by_category == {"tuition": money("60.00")} and s.credits_by_type == {"coupon": money("3.00")}
    assert s.payments_by_type == {"credit_card": money("45.00"), "custom:Venmo": money("7.00")}
