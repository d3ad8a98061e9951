"""Account AccountType/AccountSubType pairs and sub-accounts, as Intuit's Account reference has them."""
from __future__ import annotations

import pytest
from quickbooks.exceptions import QuickbooksException
from quickbooks.objects.account import Account

from .builders import ref

# The pairs the connector creates (chalicelib/domain/account_types.py QBO_TYPES), and a few more.
VALID_PAIRS = [
    ("Bank", "CashOnHand"), ("Bank", "Checking"), ("Bank", "Savings"), ("Bank", "MoneyMarket"),
    ("Bank", "TrustAccounts"), ("Other Current Asset", "OtherCurrentAssets"),
    ("Other Current Asset", "UndepositedFunds"), ("Accounts Receivable", "AccountsReceivable"),
    ("Other Current Liability", "OtherCurrentLiabilities"),
    ("Other Current Liability", "SalesTaxPayable"), ("Income", "ServiceFeeIncome"),
    ("Income", "SalesOfProductIncome"), ("Income", "DiscountsRefundsGiven"),
    ("Income", "OtherPrimaryIncome"), ("Other Income", "OtherMiscellaneousIncome"),
    ("Expense", "BankCharges"), ("Expense", "OtherMiscellaneousServiceCost"),
    ("Other Expense", "OtherMiscellaneousExpense"), ("Cost of Goods Sold", "SuppliesMaterialsCogs"),
    ("Equity", "OwnersEquity"), ("Credit Card", "CreditCard"),
]
REFUSED_PAIRS = [
    ("Bank", "DiscountsRefundsGiven"), ("Bank", "UndepositedFunds"),
    ("Income", "Checking"), ("Other Current Asset", "OtherCurrentLiabilities"),
    ("Expense", "ServiceFeeIncome"), ("Credit Card", "CashOnHand"),
    ("Other Income", "ServiceFeeIncome"), ("Income", "NotASubType"),
]
DEFAULTS = [
    ("Bank", "CashOnHand"), ("Other Current Asset", "EmployeeCashAdvances"),
    ("Accounts Receivable", "AccountsReceivable"),
    ("Other Current Liability", "OtherCurrentLiabilities"), ("Income", "OtherPrimaryIncome"),
    ("Other Income", "OtherInvestmentIncome"), ("Expense", "Travel"),
    ("Other Expense", "Depreciation"), ("Cost of Goods Sold", "CostOfLaborCos"),
    ("Credit Card", "CreditCard"),
]


def _account(name: str, acct_type: str | None, sub_type: str | None = None,
             parent: str | None = None) -> Account:
    a = Account()
    a.Name = name
    if acct_type:
        a.AccountType = acct_type
    if sub_type:
        a.AccountSubType = sub_type
    if parent:
        a.ParentRef = ref(parent)
    return a


@pytest.mark.parametrize(("acct_type", "sub_type"), VALID_PAIRS)
def test_a_pair_intuit_lists_is_accepted(roomy, plus_qb, acct_type, sub_type):
    saved = _account(f"New {sub_type}", acct_type, sub_type).save(qb=plus_qb)
    assert (saved.AccountType, saved.AccountSubType) == (acct_type, sub_type)


@pytest.mark.parametrize(("acct_type", "sub_type"), REFUSED_PAIRS)
def test_a_sub_type_of_another_type_is_refused_with_invalid_enumeration(plus_qb, acct_type,
                                                                        sub_type):
    with pytest.raises(QuickbooksException) as err:
        _account("Mismatched", acct_type, sub_type).save(qb=plus_qb)
    assert err.value.error_code == 2170
    assert "Invalid Account.AccountType && Account.SubType" in err.value.detail


def test_a_refused_pair_leaves_no_account_behind(seeded, control, plus_qb):
    with pytest.raises(QuickbooksException):
        _account("Mismatched", "Bank", "DiscountsRefundsGiven").save(qb=plus_qb)
    assert "Mismatched" not in {a["Name"] for a in control.documents(seeded.plus_realm,
                                                                     "Account")}


@pytest.mark.parametrize(("acct_type", "default"), DEFAULTS)
def test_an_omitted_sub_type_gets_the_one_intuit_marks_default(roomy, plus_qb, acct_type,
                                                               default):
    assert _account(f"Plain {acct_type}", acct_type).save(qb=plus_qb).AccountSubType == default


def test_a_lone_sub_type_implies_its_account_type(plus_qb):
    saved = _account("Payouts", None, "CashOnHand").save(qb=plus_qb)
    assert (saved.AccountType, saved.Classification) == ("Bank", "Asset")


def test_neither_type_nor_sub_type_is_6010(plus_qb):
    with pytest.raises(QuickbooksException) as err:
        _account("Typeless", None).save(qb=plus_qb)
    assert err.value.error_code == 6010


def test_changing_only_the_type_of_an_account_moves_it_to_that_types_default(plus_qb):
    saved = _account("Float", "Bank", "Checking").save(qb=plus_qb)
    saved.AccountType, saved.AccountSubType = "Other Current Asset", None
    assert saved.save(qb=plus_qb).AccountSubType == "EmployeeCashAdvances"


def test_updating_to_a_mismatched_sub_type_is_refused(plus_qb):
    saved = _account("Float", "Bank", "Checking").save(qb=plus_qb)
    saved.AccountSubType = "ServiceFeeIncome"
    with pytest.raises(QuickbooksException) as err:
        saved.save(qb=plus_qb)
    assert err.value.error_code == 2170


def test_a_second_opening_balance_equity_account_is_refused(plus_qb):
    with pytest.raises(QuickbooksException) as err:
        _account("Opening Balance Equity 2", "Equity", "OpeningBalanceEquity").save(qb=plus_qb)
    assert "only one account of detail type OpeningBalanceEquity" in err.value.detail


# ---- sub-accounts ----

def test_a_sub_account_carries_its_parents_name_in_its_fully_qualified_name(plus_qb):
    parent = _account("Tuition", "Income", "ServiceFeeIncome").save(qb=plus_qb)
    child = _account("Ballet", "Income", "ServiceFeeIncome", parent=parent.Id).save(qb=plus_qb)
    assert child.SubAccount is True and child.FullyQualifiedName == "Tuition:Ballet"
    assert child.ParentRef.value == parent.Id


def test_a_sub_account_may_have_another_sub_type_of_the_same_type(plus_qb):
    parent = _account("Tuition", "Income", "ServiceFeeIncome").save(qb=plus_qb)
    child = _account("Tuition discounts", "Income", "DiscountsRefundsGiven",
                     parent=parent.Id).save(qb=plus_qb)
    assert child.FullyQualifiedName == "Tuition:Tuition discounts"


def test_a_sub_account_of_another_account_type_is_refused(plus_qb):
    parent = _account("Tuition", "Income", "ServiceFeeIncome").save(qb=plus_qb)
    with pytest.raises(QuickbooksException) as err:
        _account("Fees", "Expense", "BankCharges", parent=parent.Id).save(qb=plus_qb)
    assert err.value.error_code == 6000 and "same account type" in err.value.detail


def test_undeposited_funds_cannot_have_a_sub_account(plus_qb):
    undeposited = Account.filter(Name="Undeposited Funds", qb=plus_qb)[0]
    with pytest.raises(QuickbooksException) as err:
        _account("Cash drawer", "Other Current Asset", "OtherCurrentAssets",
                 parent=undeposited.Id).save(qb=plus_qb)
    assert "UndepositedFunds" in err.value.detail


def test_an_unknown_parent_is_2500(plus_qb):
    with pytest.raises(QuickbooksException) as err:
        _account("Orphan", "Income", "ServiceFeeIncome", parent="99999").save(qb=plus_qb)
    assert err.value.error_code == 2500


def test_sub_accounts_nest_five_levels_and_no_deeper(roomy, plus_qb):
    parent_id = None
    for level in range(1, 6):
        parent_id = _account(f"L{level}", "Expense", "BankCharges", parent=parent_id).save(
            qb=plus_qb).Id
    assert Account.get(parent_id, qb=plus_qb).FullyQualifiedName == "L1:L2:L3:L4:L5"
    with pytest.raises(QuickbooksException) as err:
        _account("L6", "Expense", "BankCharges", parent=parent_id).save(qb=plus_qb)
    assert "5 levels" in err.value.detail


def test_the_same_name_may_be_used_under_two_parents(plus_qb):
    first = _account("Studio A", "Income", "ServiceFeeIncome").save(qb=plus_qb)
    second = _account("Studio B", "Income", "ServiceFeeIncome").save(qb=plus_qb)
    _account("Fees", "Income", "ServiceFeeIncome", parent=first.Id).save(qb=plus_qb)
    assert _account("Fees", "Income", "ServiceFeeIncome", parent=second.Id).save(
        qb=plus_qb).FullyQualifiedName == "Studio B:Fees"


def test_the_same_name_twice_under_one_parent_is_6240(plus_qb):
    parent = _account("Studio A", "Income", "ServiceFeeIncome").save(qb=plus_qb)
    _account("Fees", "Income", "ServiceFeeIncome", parent=parent.Id).save(qb=plus_qb)
    with pytest.raises(QuickbooksException) as err:
        _account("fees", "Income", "ServiceFeeIncome", parent=parent.Id).save(qb=plus_qb)
    assert err.value.error_code == 6240


def test_a_name_with_a_colon_is_refused_under_a_parent_too(plus_qb):
    parent = _account("Tuition", "Income", "ServiceFeeIncome").save(qb=plus_qb)
    with pytest.raises(QuickbooksException) as err:
        _account("Classes:Ballet", "Income", "ServiceFeeIncome", parent=parent.Id).save(qb=plus_qb)
    assert err.value.error_code == 6000 and "colon" in err.value.detail


def test_an_inactive_parent_is_2500(plus_qb):
    parent = _account("Old Tuition", "Income", "ServiceFeeIncome").save(qb=plus_qb)
    parent.Active = False
    parent.save(qb=plus_qb)
    with pytest.raises(QuickbooksException) as err:
        _account("Ballet", "Income", "ServiceFeeIncome", parent=parent.Id).save(qb=plus_qb)
    assert err.value.error_code == 2500


def test_the_fully_qualified_name_a_client_sends_is_ignored(plus_qb):
    parent = _account("Tuition", "Income", "ServiceFeeIncome").save(qb=plus_qb)
    child = _account("Ballet", "Income", "ServiceFeeIncome", parent=parent.Id)
    child.FullyQualifiedName = "Something:Else"
    assert child.save(qb=plus_qb).FullyQualifiedName == "Tuition:Ballet"


def test_a_query_by_name_returns_every_sub_account_of_that_name_with_its_full_name(plus_qb):
    """What the connector does to find "Studio B:Fees" after a lost create or a 6240."""
    for studio in ("Studio A", "Studio B"):
        parent = _account(studio, "Income", "ServiceFeeIncome").save(qb=plus_qb)
        _account("Fees", "Income", "ServiceFeeIncome", parent=parent.Id).save(qb=plus_qb)
    rows = plus_qb.query("select * from Account where Name = 'Fees'")["QueryResponse"]["Account"]
    assert sorted(r["FullyQualifiedName"] for r in rows) == ["Studio A:Fees", "Studio B:Fees"]


def test_a_query_by_fully_qualified_name_finds_one_sub_account(plus_qb):
    parent = _account("Studio B", "Income", "ServiceFeeIncome").save(qb=plus_qb)
    child = _account("Fees", "Income", "ServiceFeeIncome", parent=parent.Id).save(qb=plus_qb)
    rows = plus_qb.query("select * from Account where FullyQualifiedName = 'Studio B:Fees'")["QueryResponse"]["Account"]
    assert [r["Id"] for r in rows] == [child.Id]


def test_renaming_a_parent_renames_its_sub_accounts_fully_qualified_names(plus_qb):
    parent = _account("Tuition", "Income", "ServiceFeeIncome").save(qb=plus_qb)
    child = _account("Ballet", "Income", "ServiceFeeIncome", parent=parent.Id).save(qb=plus_qb)
    parent.Name = "Lessons"
    parent.save(qb=plus_qb)
    assert Account.get(child.Id, qb=plus_qb).FullyQualifiedName == "Lessons:Ballet"


def test_a_parent_with_sub_accounts_cannot_change_its_type(plus_qb):
    parent = _account("Tuition", "Income", "ServiceFeeIncome").save(qb=plus_qb)
    _account("Ballet", "Income", "ServiceFeeIncome", parent=parent.Id).save(qb=plus_qb)
    parent.AccountType, parent.AccountSubType = "Other Income", "OtherMiscellaneousIncome"
    with pytest.raises(QuickbooksException) as err:
        parent.save(qb=plus_qb)
    assert "sub-accounts first" in err.value.detail


def test_an_account_cannot_become_its_own_grandparent(plus_qb):
    parent = _account("Tuition", "Income", "ServiceFeeIncome").save(qb=plus_qb)
    child = _account("Ballet", "Income", "ServiceFeeIncome", parent=parent.Id).save(qb=plus_qb)
    parent.ParentRef = ref(child.Id)
    with pytest.raises(QuickbooksException) as err:
        parent.save(qb=plus_qb)
    assert err.value.error_code == 900
