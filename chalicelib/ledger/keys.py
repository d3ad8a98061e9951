"""The ledger table's sort keys, built so that no id can collide with another in any key.

Ids come from the platform (transactions) and may hold any printable text, `#` included. Each id
is one key component: `%` and `#` are percent-encoded, so a component never contains the `#`
separator and decoding is exact. Then `rf#<payment>#` is a prefix of the refund marks of that
payment alone (before, refunds of payment `P#2` counted against payment `P`). Ids without `%` or
`#` (every id stored so far) keep exactly the keys they had.
"""
from __future__ import annotations

SEP = "#"


def part(value: str) -> str:
    """One key component: injective, and never contains the separator."""
    return value.replace("%", "%25").replace(SEP, "%23")


def unpart(component: str) -> str:
    return component.replace("%23", SEP).replace("%25", "%")


def claim_key(txn_id: str) -> str:
    return f"id{SEP}{part(txn_id)}"


def void_mark_key(target_id: str) -> str:
    return f"vd{SEP}{part(target_id)}"


def void_target(sort_key: str) -> str:
    """The voided id a `vd#…` key names."""
    return unpart(sort_key[len("vd" + SEP):])


def refund_prefix(payment_id: str) -> str:
    """The prefix of every refund mark of `payment_id`, and of no other payment's."""
    return f"rf{SEP}{part(payment_id)}{SEP}"


def refund_mark_key(payment_id: str, refund_id: str) -> str:
    return refund_prefix(payment_id) + part(refund_id)
