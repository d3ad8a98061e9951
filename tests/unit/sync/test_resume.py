"""Batches of 30 and a safe resume: a plan whose posting had started is looked up before posting."""
from __future__ import annotations

import datetime as dt

import pytest

from chalicelib.quickbooks.errors import IntuitUnavailable
from chalicelib.sync.run import RetryLater
from tests.unit.domain.builders import charge
from tests.unit.sync.fakes import WorkerKilled
from tests.unit.sync.test_run import first_sync_done


def days(world, count: int, first_seq: int = 5) -> None:
    """`count` charges on as many business dates after the first sync: one document each."""
    start = dt.date(2025, 2, 1)
    world.ledger.rows += [charge(f"d{i}", first_seq + i, (start + dt.timedelta(days=i)).isoformat(), "10.00")
                          for i in range(count)]


def killed_after_commit(world, count: int, committed: int) -> None:
    """m2 plans `count` documents; its worker dies after QBO committed `committed` of its batch."""
    first_sync_done(world)
    days(world, count)
    world.qbo.inject(WorkerKilled(), after=committed)
    with pytest.raises(WorkerKilled):
        world.run.handle(world.manual("m2"))
    world.clock.advance(minutes=16)  # the lease expires; the message comes back
    world.qbo.log.clear()


def test_a_resumed_plan_is_looked_up_before_anything_is_posted_again(world) -> None:
    killed_after_commit(world, count=5, committed=3)
    world.run.handle(world.manual("m2"))
    assert world.qbo.log == [("recover", 5), ("post", 2)]


def test_a_resume_after_a_kill_mid_batch_posts_nothing_twice(world) -> None:
    killed_after_commit(world, count=5, committed=3)
    assert world.run.handle(world.manual("m2")).status == "succeeded"
    assert world.qbo.writes == len(world.qbo.book) == 6 and world.tenant.cursor_seq == 9


def test_what_the_look_up_finds_is_recorded_even_if_the_next_post_fails(world) -> None:
    killed_after_commit(world, count=5, committed=3)
    world.qbo.inject(IntuitUnavailable("503"), after=0)
    with pytest.raises(RetryLater):
        world.run.handle(world.manual("m2"))
    assert len(world.plans.load("t1", "m2").posted) == 3


def test_a_resume_whose_look_up_finds_everything_posts_nothing(world) -> None:
    killed_after_commit(world, count=4, committed=4)
    world.run.handle(world.manual("m2"))
    assert world.qbo.log == [("recover", 4)] and world.qbo.writes == 5


def test_a_fresh_plan_is_posted_without_a_look_up(world) -> None:
    first_sync_done(world)
    days(world, 3)
    world.run.handle(world.manual("m2"))
    assert world.qbo.lookups == 0


def test_documents_go_to_quickbooks_in_batches_of_at_most_30(world) -> None:
    first_sync_done(world)
    days(world, 31)
    world.qbo.log.clear()
    world.run.handle(world.manual("m2"))
    assert world.qbo.log == [("post", 30), ("post", 1)]


def test_the_posting_mark_is_written_before_the_first_post(world) -> None:
    first_sync_done(world)
    days(world, 2)
    post, seen = world.qbo.post, []

    def checking(documents, references):
        seen.append(world.plans.load("t1", "m2").posting_started)
        return post(documents, references)
    world.qbo.post = checking  # type: ignore[method-assign]
    world.run.handle(world.manual("m2"))
    assert seen == [True]


def test_a_plan_that_failed_before_its_first_post_resumes_without_a_look_up(world) -> None:
    first_sync_done(world)
    days(world, 2)

    def unreachable(plan, cached):
        raise IntuitUnavailable("503 while reading the chart of accounts")
    ensure = world.qbo.ensure_references
    world.qbo.ensure_references = unreachable  # type: ignore[method-assign]
    with pytest.raises(RetryLater):
        world.run.handle(world.manual("m2"))
    world.qbo.ensure_references = ensure  # type: ignore[method-assign]
    world.run.handle(world.manual("m2"))
    assert world.qbo.lookups == 0 and world.tenant.cursor_seq == 6
