"""``python -m devstack.qbo_sandbox --host 127.0.0.1 --port 8765 [--seed]``."""
from __future__ import annotations

import argparse
import json
import threading

from .server import serve_forever


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="QuickBooks Online sandbox (OAuth + API v3)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--seed", action="store_true",
                        help="create the demo app client, user and companies once listening")
    args = parser.parse_args(argv)
    if args.seed:
        def seed_later() -> None:
            from .seed import seed, wait_until_up
            base = f"http://{args.host}:{args.port}"
            wait_until_up(base)
            print(json.dumps(seed(base).as_dict(), indent=2), flush=True)
        threading.Thread(target=seed_later, daemon=True).start()
    serve_forever(args.host, args.port)


if __name__ == "__main__":
    main()
