"""Duplicate DocNumber refusal (6140) for journal entries, as QBO does when the company warns.

QBO refuses a JournalEntry whose DocNumber another journal entry already has while the company
preference "Warn if duplicate journal number is used" (Settings > Advanced > Other preferences)
is on; `include=allowduplicatedocnum` on the URI (or in a batch item's `optionsData`) lets the
duplicate through. Sources are in docs/qbo-sandbox.md.
"""
from __future__ import annotations

from typing import Any

from .. import faults
from ..store import Company, Doc

CHECKED = {"JournalEntry": "Journal Entry"}  # entity -> the TxnType QBO names in the Detail
ALLOW = "allowduplicatedocnum"


def allows_duplicates(option: Any) -> bool:
    """True when `include` / `optionsData` (a string, comma list or list) names the opt-out."""
    if isinstance(option, (list, tuple)):
        return any(allows_duplicates(o) for o in option)
    return ALLOW in {part.strip().lower() for part in str(option or "").split(",")}


def check(company: Company, entity: str, doc: Doc, own_id: str | None, allowed: bool) -> None:
    """Raise 6140 when another live `entity` of the company already uses doc's DocNumber."""
    number = doc.get("DocNumber")
    if allowed or not number or entity not in CHECKED:
        return
    if entity == "JournalEntry" and not company.warn_duplicate_journal_number:
        return
    for other in company.table(entity).values():
        if other.get("DocNumber") == number and other.get("Id") != own_id:
            raise faults.duplicate_doc_number(str(number), CHECKED[entity], str(other["Id"]))
