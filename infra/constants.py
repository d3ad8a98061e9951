"""Numbers the stack and its tests share (no CDK import, so tests can read them cheaply)."""
from __future__ import annotations

# The sync queue's redrive: a message received this many times goes to the dead-letter queue.
# `chalicelib/sync/worker.py` (MAX_RECEIVES) marks the task failed on the last receive and the
# devstack (`devstack/resources.py`) uses the same number; tests/integration/infra checks all three.
MAX_RECEIVE_COUNT = 5
# The worker may run for Lambda's maximum; a message stays invisible a minute longer than that, so
# SQS never hands a message to a second worker while the first still runs (the run's lease,
# `chalicelib/sync/lease.py`, is 15 minutes, also below this).
WORKER_TIMEOUT_SECONDS = 900
QUEUE_VISIBILITY_SECONDS = WORKER_TIMEOUT_SECONDS + 60
API_TIMEOUT_SECONDS = 29  # API Gateway's integration timeout
