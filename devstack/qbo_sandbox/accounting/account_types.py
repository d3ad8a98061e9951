"""Which AccountSubType belongs to which AccountType, as Intuit's Account reference tables it.

The table is the "AccountType / AccountSubType" table of Intuit's Account entity reference
(US and global sub-types, including those "available with minor version 13"; the sandbox
serves minor version 75). The first name of each tuple is the sub-type Intuit marks
"(default)": the one QBO gives an account created without an AccountSubType.
QBO refuses a sub-type that is not listed under the account's type.
"""
from __future__ import annotations

from .. import faults

SUBTYPES: dict[str, tuple[str, ...]] = {
    "Bank": (
        "CashOnHand", "Checking", "MoneyMarket", "RentsHeldInTrust", "Savings", "TrustAccounts",
        "CashAndCashEquivalents", "OtherEarMarkedBankAccounts"),
    "Other Current Asset": (
        "EmployeeCashAdvances", "AllowanceForBadDebts", "DevelopmentCosts", "OtherCurrentAssets",
        "Inventory", "Investment_MortgageRealEstateLoans", "Investment_Other",
        "Investment_TaxExemptSecurities", "Investment_USGovernmentObligations",
        "LoansToOfficers", "LoansToOthers", "LoansToStockholders", "PrepaidExpenses",
        "Retainage", "UndepositedFunds", "AssetsAvailableForSale", "BalWithGovtAuthorities",
        "CalledUpShareCapitalNotPaid", "ExpenditureAuthorisationsAndLettersOfCredit",
        "GlobalTaxDeferred", "GlobalTaxRefund", "InternalTransfers", "OtherConsumables",
        "ProvisionsCurrentAssets", "ShortTermInvestmentsInRelatedParties",
        "ShortTermLoansAndAdvancesToRelatedParties", "TradeAndOtherReceivables"),
    "Fixed Asset": (
        "FurnitureAndFixtures", "AccumulatedDepletion", "AccumulatedDepreciation",
        "DepletableAssets", "FixedAssetComputers", "FixedAssetCopiers", "FixedAssetFurniture",
        "FixedAssetPhone", "FixedAssetPhotoVideo", "FixedAssetSoftware",
        "FixedAssetOtherToolsEquipment", "Land", "LeaseholdImprovements", "OtherFixedAssets",
        "AccumulatedAmortization", "Buildings", "IntangibleAssets", "MachineryAndEquipment",
        "Vehicles", "AssetsInCourseOfConstruction", "CapitalWip",
        "CumulativeDepreciationOnIntangibleAssets", "IntangibleAssetsUnderDevelopment",
        "LandAsset", "NonCurrentAssets", "ParticipatingInterests", "ProvisionsFixedAssets"),
    "Other Asset": (
        "Licenses", "LeaseBuyout", "OtherLongTermAssets", "SecurityDeposits",
        "AccumulatedAmortizationOfOtherAssets", "Goodwill", "OrganizationalCosts",
        "AssetsHeldForSale", "AvailableForSaleFinancialAssets", "DeferredTax", "Investments",
        "LongTermInvestments", "LongTermLoansAndAdvancesToRelatedParties",
        "OtherIntangibleAssets", "OtherLongTermInvestments", "OtherLongTermLoansAndAdvances",
        "PrepaymentsAndAccruedIncome", "ProvisionsNonCurrentAssets"),
    "Accounts Receivable": ("AccountsReceivable",),
    "Equity": (
        "OpeningBalanceEquity", "PartnersEquity", "RetainedEarnings", "AccumulatedAdjustment",
        "OwnersEquity", "PaidInCapitalOrSurplus", "PartnerContributions",
        "PartnerDistributions", "PreferredStock", "CommonStock", "TreasuryStock",
        "EstimatedTaxes", "Healthcare", "PersonalIncome", "PersonalExpense",
        "AccumulatedOtherComprehensiveIncome", "CalledUpShareCapital", "CapitalReserves",
        "DividendDisbursed", "EquityInEarningsOfSubsiduaries", "InvestmentGrants",
        "MoneyReceivedAgainstShareWarrants", "OtherFreeReserves",
        "ShareApplicationMoneyPendingAllotment", "ShareCapital", "Funds"),
    "Expense": (
        "Travel", "AdvertisingPromotional", "BadDebts", "BankCharges", "CharitableContributions",
        "CommissionsAndFees", "Entertainment", "EntertainmentMeals", "EquipmentRental",
        "FinanceCosts", "GlobalTaxExpense", "Insurance", "InterestPaid", "LegalProfessionalFees",
        "OfficeExpenses", "OfficeGeneralAdministrativeExpenses", "OtherBusinessExpenses",
        "OtherMiscellaneousServiceCost", "PromotionalMeals", "RentOrLeaseOfBuildings",
        "RepairMaintenance", "ShippingFreightDelivery", "SuppliesMaterials", "TravelMeals",
        "Utilities", "Auto", "CostOfLabor", "DuesSubscriptions", "PayrollExpenses", "TaxesPaid",
        "UnappliedCashBillPaymentExpense", "AmortizationExpense", "AppropriationsToDepreciation",
        "BorrowingCost", "DistributionCosts", "ExternalServices", "ExtraordinaryCharges",
        "IncomeTaxExpense", "LossOnDiscontinuedOperationsNetOfTax", "ManagementCompensation",
        "OtherCurrentOperatingCharges", "OtherExternalServices", "OtherRentalCosts",
        "OtherSellingExpenses", "ProjectStudiesSurveysAssessments", "PurchasesRebates",
        "ShippingAndDeliveryExpense", "StaffCosts", "Sundry",
        "TravelExpensesGeneralAndAdminExpenses", "TravelExpensesSellingExpense"),
    "Other Expense": (
        "Depreciation", "ExchangeGainOrLoss", "OtherMiscellaneousExpense",
        "PenaltiesSettlements", "Amortization", "GasAndFuel", "HomeOffice",
        "HomeOwnerRentalInsurance", "OtherHomeOfficeExpenses", "MortgageInterest",
        "RentAndLease", "RepairsAndMaintenance", "ParkingAndTolls", "Vehicle",
        "VehicleInsurance", "VehicleLease", "VehicleLoanInterest", "VehicleLoan",
        "VehicleRegistration", "VehicleRepairs", "OtherVehicleExpenses", "Utilities",
        "WashAndRoadServices", "DeferredTaxExpense", "Depletion", "ExceptionalItems",
        "ExtraordinaryItems", "IncomeTaxOtherExpense", "MatCredit", "PriorPeriodItems",
        "TaxRoundoffGainOrLoss"),
    "Cost of Goods Sold": (
        "CostOfLaborCos", "EquipmentRentalCos", "OtherCostsOfServiceCos",
        "ShippingFreightDeliveryCos", "SuppliesMaterialsCogs", "CostOfSales",
        "FreightAndDeliveryCost"),
    "Accounts Payable": (
        "AccountsPayable", "OutstandingDuesMicroSmallEnterprise",
        "OutstandingDuesOtherThanMicroSmallEnterprise"),
    "Credit Card": ("CreditCard",),
    "Long Term Liability": (
        "NotesPayable", "OtherLongTermLiabilities", "ShareholderNotesPayable",
        "AccrualsAndDeferredIncome", "AccruedLongLermLiabilities", "AccruedVacationPayable",
        "BankLoans", "DebtsRelatedToParticipatingInterests", "DeferredTaxLiabilities",
        "GovernmentAndOtherPublicAuthorities", "GroupAndAssociates",
        "LiabilitiesRelatedToAssetsHeldForSale", "LongTermBorrowings", "LongTermDebit",
        "LongTermEmployeeBenefitObligations", "ObligationsUnderFinanceLeases",
        "OtherLongTermProvisions", "ProvisionForLiabilities", "ProvisionsNonCurrentLiabilities",
        "StaffAndRelatedLongTermLiabilityAccounts"),
    "Other Current Liability": (
        "OtherCurrentLiabilities", "DirectDepositPayable", "LineOfCredit", "LoanPayable",
        "GlobalTaxPayable", "GlobalTaxSuspense", "PayrollClearing", "PayrollTaxPayable",
        "PrepaidExpensesPayable", "RentsInTrustLiability", "TrustAccountsLiabilities",
        "FederalIncomeTaxPayable", "InsurancePayable", "SalesTaxPayable",
        "StateLocalIncomeTaxPayable", "AccruedLiabilities", "CurrentLiabilities",
        "CurrentPortionEmployeeBenefitsObligations",
        "CurrentPortionOfObligationsUnderFinanceLeases", "CurrentTaxLiability",
        "DividendsPayable", "DutiesAndTaxes", "InterestPayables",
        "ProvisionForWarrantyObligations", "ProvisionsCurrentLiabilities", "ShortTermBorrowings",
        "SocialSecurityAgencies", "StaffAndRelatedLiabilityAccounts", "SundryDebtorsAndCreditors",
        "TradeAndOtherPayables"),
    "Income": (
        "OtherPrimaryIncome", "NonProfitIncome", "SalesOfProductIncome", "ServiceFeeIncome",
        "DiscountsRefundsGiven", "UnappliedCashPaymentIncome", "CashReceiptIncome",
        "OperatingGrants", "OtherCurrentOperatingIncome", "OwnWorkCapitalized", "RevenueGeneral",
        "SalesRetail", "SalesWholesale", "SavingsByTaxScheme"),
    "Other Income": (
        "OtherInvestmentIncome", "DividendIncome", "InterestEarned", "OtherMiscellaneousIncome",
        "TaxExemptInterest", "GainLossOnSaleOfFixedAssets", "GainLossOnSaleOfInvestments",
        "LossOnDisposalOfAssets", "OtherOperatingIncome", "UnrealisedLossOnSecuritiesNetOfTax"),
}

# Intuit: accounts of these sub-types "cannot have a sub account and cannot be a sub account
# of another account".
NO_SUB_ACCOUNTS = frozenset({"OpeningBalanceEquity", "UndepositedFunds", "RetainedEarnings",
                             "CashReceiptIncome", "CashExpenditureExpense",
                             "ExchangeGainOrLoss"})
# QBO keeps one account of these sub-types (peer-documented for Opening Balance Equity).
SINGLE_PER_COMPANY = frozenset({"OpeningBalanceEquity"})
MAX_DEPTH = 5  # FullyQualifiedName "Parent:Account1:SubAccount1:...", limited to 5 levels


def default_subtype(account_type: str) -> str:
    return SUBTYPES[account_type][0]


def _type_of(sub_type: str) -> str | None:
    """The type a lone AccountSubType implies (the first that lists it)."""
    return next((t for t, subs in SUBTYPES.items() if sub_type in subs), None)


def mismatch(account_type: str | None, sub_type: str | None) -> faults.QBOError:
    return faults.QBOError("2170", "Invalid Enumeration",
                           "Invalid Enumeration : Invalid Account.AccountType && "
                           f"Account.SubType ({account_type!r}, {sub_type!r})",
                           element="AccountSubType")


def resolve(account_type: str | None, sub_type: str | None) -> tuple[str, str]:
    """The (AccountType, AccountSubType) QBO stores, or the fault it answers.

    Intuit: AccountType is required if AccountSubType is not specified, and the other way
    round; the sub-type "is based on the AccountType value".
    """
    if not account_type and not sub_type:
        raise faults.QBOError("6010", "Invalid Account.AccountType && Account.SubType",
                              "Either an Account.AccountType or an Account.AccountSubType "
                              "must be specified", element="AccountType")
    if account_type and account_type not in SUBTYPES:
        raise faults.invalid_value("AccountType", f"has an invalid value {account_type!r}")
    if not account_type:
        implied = _type_of(str(sub_type))
        if implied is None:
            raise mismatch(account_type, sub_type)
        return implied, str(sub_type)
    if not sub_type:
        return account_type, default_subtype(account_type)
    if sub_type not in SUBTYPES[account_type]:
        raise mismatch(account_type, sub_type)
    return account_type, sub_type
