"""`python -m chalicelib.cli`: the `classbooks` command line (dev tokens, CSV import, support)."""
