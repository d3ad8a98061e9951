"""How a family's new rows change its receivables/unapplied-credits split on each date.

Why per date: a family's balance splits into receivables (above zero) and unapplied credits
(below zero). A row dated before rows already posted for the family (a late row) changes that
split on every later date too, not only on its own. QuickBooks already holds, as of a date D,
split(balance of the posted rows dated ≤ D); the ledger wants split(that + the new rows ≤ D).
So each date among the new rows' and the later posted rows' dates takes the change of
(ledger − books) since the family's previous date: QuickBooks equals the ledger as of every
date, and nothing posted is edited.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal

from chalicelib.domain.balances import net_effect, signed_rows
from chalicelib.domain.money import ZERO
from chalicelib.domain.transactions import Transaction

Dated = dict[dt.date, Decimal]  # date → net balance change on that date


def receivable(balance: Decimal) -> Decimal:
    return max(balance, ZERO)


def unapplied(balance: Decimal) -> Decimal:
    return max(-balance, ZERO)


def later_effects(posted: Iterable[Transaction], first_new: Mapping[str, dt.date],
                  book_date: Callable[[dt.date], dt.date]) -> dict[str, Dated]:
    """family → what its posted rows dated (in the books, `book_date`) after its first new date add."""
    out: dict[str, Dated] = {}
    for row, subject, sign in signed_rows(posted):
        family, when = subject.family_id, book_date(row.date)
        if family in first_new and when > first_new[family]:
            dated = out.setdefault(family, {})
            dated[when] = dated.get(when, ZERO) + net_effect(subject) * sign
    return out


def split_changes(start: Decimal, new: Mapping[dt.date, Decimal],
                  posted_later: Mapping[dt.date, Decimal]) -> Iterator[tuple[dt.date, Decimal, Decimal]]:
    """(date, ΔAR, ΔUC) to post for one family, date by date.

    `start`: its balance after every posted row; `new`: its new rows' effects by date;
    `posted_later`: `later_effects` for it. Dates where both changes are zero are left out.
    """
    remaining, added, before = sum(posted_later.values(), ZERO), ZERO, (ZERO, ZERO)
    for when in sorted(new.keys() | posted_later.keys()):
        added += new.get(when, ZERO)
        remaining -= posted_later.get(when, ZERO)
        books = start - remaining
        now = (receivable(books + added) - receivable(books), unapplied(books + added) - unapplied(books))
        if now != before or when in new:
            yield when, now[0] - before[0], now[1] - before[1]
        before = now


def settle(groups: Iterable[tuple[dt.date, Mapping[str, Decimal]]], start: Mapping[str, Decimal],
           posted: Iterable[Transaction], book_date: Callable[[dt.date], dt.date],
           ) -> tuple[list[tuple[dt.date, Decimal, Decimal]], dict[str, Decimal]]:
    """Every family's (date, ΔAR, ΔUC) for the groups' (date, family → effect), and each
    family's balance after them. `posted` holds the earlier-posted rows (at least of the
    families with late rows); `start` their balances."""
    by_family: dict[str, Dated] = {}
    for when, effects in groups:
        for family, effect in effects.items():
            dated = by_family.setdefault(family, {})
            dated[when] = dated.get(when, ZERO) + effect
    later = later_effects(posted, {family: min(dated) for family, dated in by_family.items()}, book_date)
    changes: list[tuple[dt.date, Decimal, Decimal]] = []
    balances = dict(start)
    for family, new in by_family.items():
        changes.extend(split_changes(start.get(family, ZERO), new, later.get(family, {})))
        balances[family] = start.get(family, ZERO) + sum(new.values(), ZERO)
    return changes, balances
