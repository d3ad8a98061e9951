"""Which QBO account type (and sub-type) each role's account has, and which types an account the
admin maps for the role may have. Pairs are ones QuickBooks accepts (docs/qbo-sandbox.md)."""
from __future__ import annotations

from chalicelib.domain.accounts import BANK, EQUITY, EXPENSE, INCOME, OCA, OCL, OTHER_EXPENSE, OTHER_INCOME, AccountRole

# role → (AccountType, AccountSubType) it is created as (pairs QBO accepts), and types it may be.
QBO_TYPES: dict[AccountRole, tuple[str | None, str | None]] = {
    AccountRole.RECEIVABLES_CLEARING: (OCA, "OtherCurrentAssets"),
    AccountRole.UNAPPLIED_CREDITS: (OCL, "OtherCurrentLiabilities"),
    AccountRole.MERCHANT_SETTLEMENT: (BANK, "CashOnHand"),
    AccountRole.PAYMENTS_TO_DEPOSIT: (OCA, "UndepositedFunds"),
    AccountRole.REFUND_ACCOUNT: (None, None),
    AccountRole.DISCOUNTS_AND_CREDITS: (INCOME, "DiscountsRefundsGiven"),
    AccountRole.GIFT_CARD_LIABILITY: (OCL, "OtherCurrentLiabilities"),
    AccountRole.SALES_TAX_PAYABLE: (OCL, "OtherCurrentLiabilities"),
    AccountRole.REVENUE: (INCOME, "ServiceFeeIncome"),
    AccountRole.OPENING_BALANCE_OFFSET: (None, None),
    AccountRole.MERCHANT_FEES: ("Expense", "BankCharges"),
    AccountRole.CHARGEBACKS: ("Expense", "BankCharges"),
    AccountRole.PAYOUT_BANK: ("Bank", None),
    AccountRole.CORRECTION_OFFSET: (None, None),
}
ALLOWED_TYPES: dict[AccountRole, tuple[str, ...]] = {
    AccountRole.RECEIVABLES_CLEARING: (OCA,), AccountRole.UNAPPLIED_CREDITS: (OCL,),
    AccountRole.MERCHANT_SETTLEMENT: (BANK,), AccountRole.PAYMENTS_TO_DEPOSIT: (OCA,),
    AccountRole.REFUND_ACCOUNT: (BANK, OCA),
    AccountRole.DISCOUNTS_AND_CREDITS: (INCOME, OTHER_INCOME, EXPENSE, OTHER_EXPENSE),
    AccountRole.GIFT_CARD_LIABILITY: (OCL,), AccountRole.SALES_TAX_PAYABLE: (OCL,),
    AccountRole.REVENUE: (INCOME, OTHER_INCOME),  # offset: old revenue or liability, or equity
    AccountRole.OPENING_BALANCE_OFFSET: (INCOME, OTHER_INCOME, OCL, EQUITY),
    AccountRole.MERCHANT_FEES: (EXPENSE, OTHER_EXPENSE), AccountRole.CHARGEBACKS: (EXPENSE, OTHER_EXPENSE),
    AccountRole.PAYOUT_BANK: (BANK,),
    AccountRole.CORRECTION_OFFSET: (INCOME, OTHER_INCOME, EXPENSE, OTHER_EXPENSE, "Cost of Goods Sold", EQUITY),
}
_NEVER_CREATED = (AccountRole.PAYMENTS_TO_DEPOSIT, AccountRole.REFUND_ACCOUNT,
                  AccountRole.OPENING_BALANCE_OFFSET,
                  AccountRole.PAYOUT_BANK, AccountRole.CORRECTION_OFFSET)  # payouts: mapped by the admin, never created
