"""The per-realm throttle and the retry policy, on a fake clock (nothing here really waits)."""
from __future__ import annotations

import threading

import pytest

from chalicelib.quickbooks.throttle import RealmLimits, RealmThrottle, RetryPolicy, retry_after_seconds


class FakeClock:
    """`sleep` moves time on; every admitted request is stamped with the time it was let in."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def _throttle(clock: FakeClock, **limits: object) -> RealmThrottle:
    return RealmThrottle(RealmLimits(slack=0.0, **limits), clock=clock, sleep=clock.sleep)  # type: ignore[arg-type]


def _admit(throttle: RealmThrottle, clock: FakeClock, n: int, batch: bool = False) -> list[float]:
    times = []
    for _ in range(n):
        with throttle.slot(batch=batch):
            times.append(clock.now)
    return times


def test_ten_requests_in_a_second_go_straight_through():
    clock = FakeClock()
    assert _admit(_throttle(clock), clock, 10) == [0.0] * 10
    assert clock.slept == []


def test_the_eleventh_request_in_a_second_waits_until_the_first_leaves_the_window():
    clock = FakeClock()
    assert _admit(_throttle(clock), clock, 11)[-1] == pytest.approx(1.0)


def test_a_slow_answer_holds_its_place_in_the_window_from_when_it_came_back():
    """QBO may stamp a request as late as its answer: count it from then, or QBO sees 11 in a second."""
    clock = FakeClock()
    throttle = _throttle(clock)
    with throttle.slot():
        clock.now = 0.4  # the first request's answer takes 0.4 s
    _admit(throttle, clock, 9)
    assert _admit(throttle, clock, 1) == [pytest.approx(1.4)]


def test_no_sixty_second_window_ever_holds_more_than_the_minute_limit():
    clock = FakeClock()
    times = _admit(_throttle(clock, per_minute=500, per_second=1000), clock, 1001)
    assert times[499] == 0.0 and times[500] == pytest.approx(60.0)
    assert max(sum(1 for t in times if start <= t < start + 60) for start in times) == 500


def test_the_forty_first_batch_in_a_minute_waits_a_minute():
    clock = FakeClock()
    times = _admit(_throttle(clock, per_second=1000), clock, 41, batch=True)
    assert times[39] == 0.0 and times[40] == pytest.approx(60.0)


def test_plain_requests_do_not_count_against_the_batch_limit():
    clock = FakeClock()
    throttle = _throttle(clock, per_second=1000)
    _admit(throttle, clock, 100)
    assert _admit(throttle, clock, 40, batch=True)[-1] == 0.0


def test_waiting_is_recorded_for_the_benchmark():
    clock = FakeClock()
    throttle = _throttle(clock)
    _admit(throttle, clock, 12)
    assert throttle.waited == pytest.approx(sum(clock.slept))


def test_an_eleventh_concurrent_call_waits_for_a_free_slot():
    throttle = RealmThrottle(RealmLimits(concurrent=10, per_second=100))
    release, holding = threading.Event(), threading.Barrier(11)
    entered = threading.Event()

    def hold() -> None:
        with throttle.slot():
            holding.wait()
            release.wait()

    holders = [threading.Thread(target=hold) for _ in range(10)]
    for t in holders:
        t.start()
    holding.wait()
    def late_call() -> None:
        with throttle.slot():
            entered.set()

    late = threading.Thread(target=late_call)
    late.start()
    assert not entered.wait(0.1)
    release.set()
    assert entered.wait(2)
    for t in [*holders, late]:
        t.join(2)


def test_backoff_grows_exponentially_up_to_its_cap():
    policy = RetryPolicy(base_delay=1.0, max_delay=32.0)
    assert [policy.delay(n, None, rand=lambda: 1.0) for n in range(7)] == [1, 2, 4, 8, 16, 32, 32]


def test_backoff_is_full_jitter_between_zero_and_the_cap():
    policy = RetryPolicy(base_delay=1.0)
    assert policy.delay(3, None, rand=lambda: 0.0) == 0.0
    assert policy.delay(3, None, rand=lambda: 0.5) == 4.0


def test_retry_after_is_honoured_with_a_little_jitter_on_top():
    policy = RetryPolicy(base_delay=1.0)
    assert policy.delay(0, 60.0, rand=lambda: 0.0) == 60.0
    assert 60.0 <= policy.delay(0, 60.0, rand=lambda: 0.99) < 61.0


def test_an_absurd_retry_after_is_capped():
    assert RetryPolicy(max_retry_after=120.0).delay(0, 86400.0, rand=lambda: 0.0) == 120.0


@pytest.mark.parametrize("header, seconds", [("60", 60.0), (" 2.5 ", 2.5), ("", None), (None, None),
                                             ("Wed, 21 Oct 2015 07:28:00 GMT", None), ("-3", 0.0)])
def test_retry_after_header_is_read_as_seconds(header, seconds):
    assert retry_after_seconds(header) == seconds
