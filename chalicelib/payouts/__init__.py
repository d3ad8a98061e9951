"""Processor payouts: the admin's bank-account mapping and the Merchant Settlement clearing report."""
