"""Intuit webhooks: change notifications the sandbox POSTs, signed, to each app's endpoint."""
