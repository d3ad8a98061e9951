"""Helpers more than one test suite uses (fixtures built on them live in tests/conftest.py)."""
