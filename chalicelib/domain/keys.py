"""Deterministic document keys and DocNumbers: the same plan inputs always give the same ones.

The key is a QBO `requestid` (≤ 50 chars) and the DocNumber (≤ 21 chars) is derived from the key
alone, so the connector can find a document it made from its key after an ambiguous failure.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib

KEY_PREFIX = "cb-"
DOC_PREFIX = "CB-"
_KEY_HEX = 40  # 160 bits; key length 43
_DOC_CHARS = 12  # 60 bits of base32; DocNumber length 15


def document_key(tenant_id: str, generation: int, go_live: dt.date, cursor: int, upto: int,
                 kind: str, business_date: dt.date) -> str:
    """Key of one document: tenant, integration generation, ledger range, kind and date."""
    parts = (tenant_id, str(generation), go_live.isoformat(), str(cursor), str(upto), kind,
             business_date.isoformat())
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return KEY_PREFIX + digest[:_KEY_HEX]


def doc_number(key: str) -> str:
    """The short DocNumber shown in QBO, e.g. "CB-MFRGG2LTMVZX"."""
    digest = hashlib.sha256(key.encode()).digest()
    return DOC_PREFIX + base64.b32encode(digest).decode()[:_DOC_CHARS]
