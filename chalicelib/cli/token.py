"""`classbooks token`: print a platform-style JWT for local use (signed with the dev key)."""
from __future__ import annotations

import argparse
import time

from chalicelib.api.auth import ROLES, issue_token
from chalicelib.config import Config


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("token", help="print a JWT signed with the configured (local: dev) key")
    parser.add_argument("--role", choices=ROLES, default="admin")
    parser.add_argument("--tenant", default="demo-studio", help="tenant id (admin and staff)")
    parser.add_argument("--user", default="dev-admin")
    parser.add_argument("--ttl", type=int, default=12 * 3600, help="seconds the token lives")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    config = Config.from_env()
    if config.stage != "local" and not config.jwt_secret:
        config = Config.from_env({"CLASSBOOKS_STAGE": "local"})
    tenant = args.tenant if args.role in ("admin", "staff") else None
    print(issue_token(config, sub=args.user, role=args.role, tenant_id=tenant, now=int(time.time()), ttl=args.ttl))
    return 0
