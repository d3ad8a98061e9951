"""Use cases: each composed from ports, built by the composition root, chalicelib/bootstrap.py."""
