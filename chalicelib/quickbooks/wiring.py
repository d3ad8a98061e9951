"""Builds the connector's adapters and services from the container (per request: all cheap).

The sync runner needs the same pieces: `access_tokens(c).fresh(tenant_id)` then
`qbo_client(c.config, creds.realm_id, creds.access_token)`.
"""
from __future__ import annotations

from typing import Any

from chalicelib.aws.schedules import TenantSchedules
from chalicelib.page.links import journal_link_template
from chalicelib.quickbooks.audit import Audit
from chalicelib.quickbooks.client import QboCompany
from chalicelib.quickbooks.oauth import IntuitOAuth
from chalicelib.quickbooks.tokens import TokenCipher, TokenVault
from chalicelib.services.connect import ConnectService
from chalicelib.services.reset import ResetService
from chalicelib.services.settings import SettingsService
from chalicelib.services.tokens import AccessTokens
from chalicelib.services.undo import UndoService
from chalicelib.store.connections import DynamoLastRuns, DynamoOAuthStates, DynamoPostedDocuments, DynamoRealmClaims
from chalicelib.store.tenants import DynamoTenants
from chalicelib.sync.plans import DynamoPlanStore
from chalicelib.sync.standing_store import DynamoStandingDocuments


def vault(c: Any) -> TokenVault:
    return TokenVault(c.models, TokenCipher(c.kms, c.config.token_key_id))


def audit(c: Any) -> Audit:
    return Audit(c.models, c.clock)


def schedules(c: Any) -> TenantSchedules:
    return TenantSchedules(c.scheduler, c.config)


def access_tokens(c: Any) -> AccessTokens:
    return AccessTokens(DynamoTenants(c.models.Tenant), vault(c), IntuitOAuth(c.config), audit(c), c.clock)


def connect_service(c: Any) -> ConnectService:
    return ConnectService(DynamoTenants(c.models.Tenant), DynamoOAuthStates(c.models), DynamoRealmClaims(c.models),
                          IntuitOAuth(c.config), QboCompany(c.config), vault(c), schedules(c), audit(c), c.clock)


def settings_service(c: Any) -> SettingsService:
    return SettingsService(DynamoTenants(c.models.Tenant), DynamoLastRuns(c.models), access_tokens(c),
                           QboCompany(c.config), schedules(c), audit(c), c.clock, DynamoStandingDocuments(c.models))


def undo_service(c: Any) -> UndoService:
    template = journal_link_template(c.config)
    return UndoService(DynamoTenants(c.models.Tenant), DynamoStandingDocuments(c.models), DynamoPlanStore(c.models),
                       c.qbo_posters, audit(c), c.clock, lambda realm, qbo_id: template.format(realm=realm, id=qbo_id),
                       brand=c.config.brand)


def reset_service(c: Any) -> ResetService:
    return ResetService(DynamoTenants(c.models.Tenant), DynamoRealmClaims(c.models), DynamoPostedDocuments(c.models),
                        IntuitOAuth(c.config), vault(c), schedules(c), access_tokens(c), audit(c), c.clock)
