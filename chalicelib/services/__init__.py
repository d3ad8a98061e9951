"""Use cases: each composed from ports, built by the wiring in chalicelib/quickbooks/wiring.py."""
