"""The token vault: a tenant's OAuth tokens in DynamoDB, encrypted with KMS, written by version.

The ciphertext is one KMS `Encrypt` of both tokens under `EncryptionContext={"tenant_id": …}`,
so a row copied to another tenant does not decrypt. Every write is conditional on the version
the writer read (pynamodb's VersionAttribute), so of two workers that refreshed at once only
one write lands and the other learns it lost (`StaleTokens`) instead of overwriting the newer
refresh token.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from typing import Any, Protocol

from pynamodb.exceptions import DoesNotExist, PutError

from chalicelib.quickbooks.oauth import TokenSet
from chalicelib.store.models import Models


class _NoKmsPlaintext(logging.Filter):
    """botocore logs request params and response bodies at DEBUG: KMS Plaintext is a secret."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "Plaintext" not in record.getMessage()


for _name in ("botocore.endpoint", "botocore.parsers"):
    logging.getLogger(_name).addFilter(_NoKmsPlaintext())


class StaleTokens(Exception):
    """Another writer stored newer tokens since this one read them."""


@dataclass(frozen=True)
class StoredTokens:
    tenant_id: str
    realm_id: str
    tokens: TokenSet
    version: int | None


class TokenVaultPort(Protocol):
    def load(self, tenant_id: str) -> StoredTokens | None: ...
    def store(self, tenant_id: str, realm_id: str, tokens: TokenSet, now: dt.datetime,
              expected_version: int | None) -> StoredTokens: ...
    def replace(self, tenant_id: str, realm_id: str, tokens: TokenSet, now: dt.datetime) -> StoredTokens: ...
    def delete(self, tenant_id: str) -> None: ...


class TokenCipher:
    """KMS Encrypt/Decrypt of a small JSON secret, bound to the tenant by encryption context."""

    def __init__(self, kms: Any, key_id: str) -> None:
        self._kms, self._key_id = kms, key_id

    def encrypt(self, tenant_id: str, secret: dict[str, str]) -> bytes:
        blob = self._kms.encrypt(KeyId=self._key_id, Plaintext=json.dumps(secret).encode(),
                                 EncryptionContext={"tenant_id": tenant_id})
        return bytes(blob["CiphertextBlob"])

    def decrypt(self, tenant_id: str, ciphertext: bytes) -> dict[str, str]:
        plain = self._kms.decrypt(CiphertextBlob=ciphertext, EncryptionContext={"tenant_id": tenant_id})
        return dict(json.loads(plain["Plaintext"]))


class TokenVault:
    """DynamoDB `tokens` table + KMS."""

    def __init__(self, models: Models, cipher: TokenCipher) -> None:
        self._Token, self._cipher = models.Token, cipher

    def load(self, tenant_id: str) -> StoredTokens | None:
        try:
            row = self._Token.get(tenant_id, consistent_read=True)
        except DoesNotExist:
            return None
        secret = self._cipher.decrypt(tenant_id, bytes(row.ciphertext))
        tokens = TokenSet(secret["access_token"], secret["refresh_token"],
                          row.access_expires_at, row.refresh_expires_at)
        return StoredTokens(tenant_id, row.realm_id, tokens, row.version)

    def store(self, tenant_id: str, realm_id: str, tokens: TokenSet, now: dt.datetime,
              expected_version: int | None) -> StoredTokens:
        """Write only if the row is still at `expected_version` (None: only if there is none)."""
        row = self._Token(tenant_id=tenant_id, realm_id=realm_id,
                          ciphertext=self._cipher.encrypt(tenant_id, tokens.secrets()),
                          access_expires_at=tokens.access_expires_at,
                          refresh_expires_at=tokens.refresh_expires_at, updated_at=now)
        if expected_version is not None:
            row.version = expected_version
        try:
            row.save()
        except PutError as error:
            if error.cause_response_code == "ConditionalCheckFailedException":
                raise StaleTokens(tenant_id) from None
            raise
        return StoredTokens(tenant_id, realm_id, tokens, row.version)

    def replace(self, tenant_id: str, realm_id: str, tokens: TokenSet, now: dt.datetime) -> StoredTokens:
        """A fresh grant (connect) supersedes whatever was stored, whatever its version."""
        for _ in range(5):
            try:
                version = self._Token.get(tenant_id, consistent_read=True).version
            except DoesNotExist:
                version = None
            try:
                return self.store(tenant_id, realm_id, tokens, now, version)
            except StaleTokens:
                continue
        raise StaleTokens(tenant_id)

    def delete(self, tenant_id: str) -> None:
        """Forget the tokens (disconnect); nothing to do when there are none."""
        self._Token(tenant_id=tenant_id).delete(add_version_condition=False)
