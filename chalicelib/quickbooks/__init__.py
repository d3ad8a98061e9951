"""Adapters to Intuit: OAuth 2.0 (intuit-oauth), the QBO Accounting API (python-quickbooks) and
the encrypted token vault. Nothing here logs or raises a token: errors carry codes, not bodies.
"""
