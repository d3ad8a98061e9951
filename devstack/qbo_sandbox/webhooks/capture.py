"""Turn new entries of a company's change log into pending webhook events.

Called after every Accounting API write, under the state lock. Like Intuit, only apps that hold
a live grant on the company hear about it ("you'll only receive change notifications for
QuickBooks Online companies that are connected"), and only for changes made after the company
was created (its default chart of accounts is never announced).
"""
from __future__ import annotations

from ..store import Company, SandboxState
from .state import Event


def connected_clients(state: SandboxState, realm_id: str) -> set[str]:
    return {g.client_id for g in state.grants.values()
            if g.realm_id == realm_id and not g.revoked}


def capture(state: SandboxState, company: Company) -> int:
    """Queue events for every change since the last capture; returns how many were queued."""
    hub = state.webhooks
    start = hub.cursors.get(company.realm_id, 0)
    fresh = company.changes[start:]
    hub.cursors[company.realm_id] = len(company.changes)
    if not fresh or not hub.subscriptions:
        return 0
    queued = 0
    for client_id in connected_clients(state, company.realm_id):
        sub = hub.subscriptions.get(client_id)
        if sub is None:
            continue
        for change in fresh:
            if sub.entities is not None and change.entity not in sub.entities:
                continue
            hub.pending.setdefault(client_id, []).append(Event(
                company.realm_id, change.entity, change.obj_id,
                change.operation or ("Delete" if change.deleted else "Update"), change.at))
            queued += 1
    return queued
