"""Intuit webhooks: verify, parse and record changes accountants make to documents we posted."""
