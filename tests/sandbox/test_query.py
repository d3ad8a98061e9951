"""QBO's query language subset and the QueryResponse shape."""
from __future__ import annotations

import pytest
from quickbooks.exceptions import ValidationException
from quickbooks.objects.account import Account
from quickbooks.objects.journalentry import JournalEntry

from .builders import journal_entry


def test_select_star_returns_query_response_with_paging_fields(plus_qb):
    body = plus_qb.query("select * from Account STARTPOSITION 1 MAXRESULTS 5")
    response = body["QueryResponse"]
    assert len(response["Account"]) == 5
    assert response["startPosition"] == 1 and response["maxResults"] == 5


def test_count_star_returns_total_count(plus_qb):
    assert Account.count(qb=plus_qb) == 14
    assert Account.count("AccountType = 'Bank'", qb=plus_qb) == 2


def test_where_equals_on_name_finds_one_account(plus_qb):
    assert [a.Name for a in Account.filter(Name="Undeposited Funds", qb=plus_qb)] == \
        ["Undeposited Funds"]


def test_where_in_matches_any_listed_value(plus_qb):
    found = Account.choose(["Checking", "Savings"], field="Name", qb=plus_qb)
    assert {a.Name for a in found} == {"Checking", "Savings"}


def test_where_like_matches_with_percent_wildcards(plus_qb):
    assert {a.Name for a in Account.where("Name LIKE 'Uncategorized%'", qb=plus_qb)} == \
        {"Uncategorized Asset", "Uncategorized Income", "Uncategorized Expense"}


def test_and_combines_conditions(plus_qb):
    found = Account.where("AccountType = 'Income' AND Name LIKE '%s'", qb=plus_qb)
    assert {a.Name for a in found} == {"Sales", "Services"}


def test_orderby_descending_sorts_results(plus_qb):
    names = [a.Name for a in Account.where("AccountType = 'Bank'", order_by="Name DESC",
                                           qb=plus_qb)]
    assert names == ["Savings", "Checking"]


def test_startposition_pages_through_results(plus_qb):
    first = Account.where("", start_position=1, max_results=3, qb=plus_qb)
    second = Account.where("", start_position=4, max_results=3, qb=plus_qb)
    assert len(first) == len(second) == 3 and not {a.Id for a in first} & {a.Id for a in second}


def test_maxresults_over_1000_is_refused(plus_qb):
    with pytest.raises(ValidationException) as err:
        plus_qb.query("select * from Account MAXRESULTS 1001")
    assert err.value.error_code == 4001


def test_unparseable_query_is_4000(plus_qb):
    with pytest.raises(ValidationException) as err:
        plus_qb.query("select * from Account where Name = 'a' OR Name = 'b'")
    assert err.value.error_code == 4000


def test_filtering_on_a_field_qbo_does_not_allow_is_4001(plus_qb):
    with pytest.raises(ValidationException) as err:
        plus_qb.query("select * from Account where CurrencyRef = 'USD'")
    assert err.value.error_code == 4001


def test_comparisons_on_dates_and_amounts(roomy, plus_qb):
    accounts = {a.Name: a.Id for a in Account.all(qb=plus_qb)}
    for day, amount, number in (("2026-03-01", 10, "A"), ("2026-03-05", 50, "B")):
        journal_entry([("Debit", accounts["Checking"], amount),
                       ("Credit", accounts["Services"], amount)], txn_date=day,
                      doc_number=number).save(qb=plus_qb)
    assert [j.DocNumber for j in JournalEntry.where("TxnDate >= '2026-03-02'", qb=plus_qb)] \
        == ["B"]
    assert [j.DocNumber for j in JournalEntry.where("TotalAmt < '20'", qb=plus_qb)] == ["A"]
    assert [j.DocNumber for j in JournalEntry.filter(DocNumber="B", qb=plus_qb)] == ["B"]


def test_query_with_no_match_returns_an_empty_query_response(plus_qb):
    assert plus_qb.query("select * from JournalEntry")["QueryResponse"] == {}


def test_query_also_works_as_get_with_query_parameter(plus_qb):
    url = f"{plus_qb.api_url}/company/{plus_qb.company_id}/query"
    body = plus_qb.get(url, params={"query": "select count(*) from Account"})
    assert body["QueryResponse"]["totalCount"] == 14
