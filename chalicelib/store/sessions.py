"""Share botocore's data loader between pynamodb's per-model sessions.

pynamodb opens a new botocore session for every model class (and thread), and each session
parses DynamoDB's service description again: about 40 ms a table on a cold start, and most of
a test's set-up time. Sessions still stay one per model and thread (client creation is not
thread-safe); only the read-only, cached JSON loader is shared.
"""
from __future__ import annotations

import botocore.loaders
import botocore.session
import pynamodb.connection.base as pynamodb_base

_LOADER = botocore.loaders.create_loader()


def _session_with_shared_loader() -> botocore.session.Session:
    session = botocore.session.Session()
    session.register_component("data_loader", _LOADER)
    return session


def share_botocore_loader() -> None:
    pynamodb_base.get_session = _session_with_shared_loader
