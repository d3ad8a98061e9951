"""Which index partitions support's status filter reads (pure: `sources`, no table)."""
from __future__ import annotations

import datetime as dt

from chalicelib.support.service import sources

AFTERNOON = dt.datetime(2026, 1, 15, 15, 0, tzinfo=dt.UTC)
EARLY = dt.datetime(2026, 1, 15, 2, 0, tzinfo=dt.UTC)


def read(statuses: set[str], now: dt.datetime = AFTERNOON) -> list[str]:
    return [f"{s.index}={s.value}" for s in sources(frozenset(statuses), now)]


def test_failing_reads_only_the_failing_partition() -> None:
    assert read({"failing"}) == ["run_attention=failing"]


def test_skipped_last_night_reads_the_utc_dates_of_the_last_27_hours() -> None:
    assert read({"skipped_last_night"}) == ["run_attention=skipped#2026-01-14", "run_attention=skipped#2026-01-15"]
    assert read({"skipped_last_night"}, EARLY) == [
        "run_attention=skipped#2026-01-13", "run_attention=skipped#2026-01-14", "run_attention=skipped#2026-01-15"]


def test_healthy_or_never_synced_reads_the_connected_partition_for_every_derived_status() -> None:
    assert read({"healthy", "failing"}) == ["connection_status=connected"]
    assert read({"never_synced"}) == ["connection_status=connected"]


def test_stored_statuses_come_first_in_name_order() -> None:
    assert read({"failing", "not_connected", "needs_reauth"}) == [
        "connection_status=needs_reauth", "connection_status=not_connected", "run_attention=failing"]


def test_a_tenant_in_an_attention_partition_is_listed_only_under_that_partitions_status() -> None:
    (failing,) = sources(frozenset({"failing", "skipped_last_night"}), AFTERNOON)[:1]
    assert failing.keeps == {"failing"}
