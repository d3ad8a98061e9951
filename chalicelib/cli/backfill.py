"""`classbooks backfill-connection-status | backfill-run-attention [--dry-run]`: the one-offs of
`chalicelib/store/backfill.py`.

Talks to DynamoDB directly (not the API), with the configuration from the environment the
functions get (CLASSBOOKS_STAGE, CLASSBOOKS_TABLE_PREFIX, AWS_REGION, credentials; locally
AWS_ENDPOINT_URL_DYNAMODB too). Prints what it did as JSON; safe to run again.
"""
from __future__ import annotations

import argparse
import json

from chalicelib.config import Config


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("backfill-connection-status",
                            help="give tenant items without a connection status `not_connected` (idempotent)")
    parser.add_argument("--dry-run", action="store_true", help="count them, change nothing")
    parser.set_defaults(func=run)
    attention = sub.add_parser("backfill-run-attention",
                               help="set every tenant's run attention (support's failing / skipped index) "
                                    "from its latest runs (idempotent)")
    attention.add_argument("--dry-run", action="store_true", help="count them, change nothing")
    attention.set_defaults(func=run_attention)


def run(args: argparse.Namespace) -> int:
    from chalicelib.store.backfill import backfill_connection_status  # pynamodb only for this command
    from chalicelib.store.models import build_models

    config = Config.from_env()
    report = backfill_connection_status(build_models(config).Tenant, dry_run=args.dry_run)
    print(json.dumps({"table": config.table_name("tenants"), "dry_run": args.dry_run, **report.to_dict()}))
    return 0


def run_attention(args: argparse.Namespace) -> int:
    from chalicelib.store.backfill import backfill_run_attention
    from chalicelib.store.models import build_models

    config = Config.from_env()
    m = build_models(config)
    report = backfill_run_attention(m.Tenant, m.Run, dry_run=args.dry_run)
    print(json.dumps({"table": config.table_name("tenants"), "dry_run": args.dry_run, **report.to_dict()}))
    return 0
