"""The sync queue's ARN as the Chalice handler subscribes to it, without importing the worker.

Why its own module: `app.py` needs the ARN when it is imported (every Lambda init, API included),
and the worker pulls in Powertools' batch utilities and the whole sync run, which only the
worker's first event needs.
"""
from __future__ import annotations

PLACEHOLDER_QUEUE_ARN = "arn:aws:sqs:us-east-1:000000000000:classbooks-sync"


def configured_queue_arn() -> str:
    """The queue the Chalice handler subscribes to, read once at import (deploy) time."""
    from chalicelib.config import Config

    return Config.from_env().sync_queue_arn or PLACEHOLDER_QUEUE_ARN
