"""Entry point: each subcommand module registers itself here."""
from __future__ import annotations

import argparse
import sys

from chalicelib.cli import backfill, import_csv, support, token

COMMANDS = [token, import_csv, support, backfill]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="classbooks", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.register(sub)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
