# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The pace of a client's requests after HTTP 429, shared by every thread of the client; and a whole client, its
threads on a virtual clock, against a modelled token-bucket limit."""

from __future__ import annotations

import heapq
import itertools
import math
import random
import threading
import typing as t

import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import ApiError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._throttle import RETRY_AFTER_MAX
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._throttle import Throttle as _Throttle
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._transport import CampaignApi
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.fakes import (
    ACTION_TOKEN,
    BASE_URL,
    DATA_TOKEN,
    USERNAME,
)


class VirtualTime:
    """A clock for many threads: one runs at a time, and when it sleeps the clock moves on to the earliest wake-up
    of any thread, which runs next (the earlier sleeper first at a tie). So a run of threads is the same every time,
    and takes no real time."""

    def __init__(self) -> None:
        self.now = 0.0
        self.longest_sleep = 0.0
        self._queue: list[tuple[float, int, threading.Event]] = []
        self._order = itertools.count()
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._errors: list[BaseException] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.longest_sleep = max(self.longest_sleep, seconds)
        mine = threading.Event()
        self._enqueue(self.now + max(0.0, seconds), mine)
        self._hand_on()
        mine.wait()

    def run(self, works: t.Sequence[t.Callable[[], None]]) -> None:
        """Run each work in a thread of its own, all starting now, until every one has returned."""

        def body(start: threading.Event, work: t.Callable[[], None]) -> None:
            start.wait()
            try:
                work()
            except BaseException as error:  # pylint: disable=broad-exception-caught  # raised again by run()
                self._errors.append(error)
            finally:
                self._hand_on()

        threads = []
        for work in works:
            start = threading.Event()
            self._enqueue(self.now, start)
            threads.append(threading.Thread(target=body, args=(start, work), daemon=True))
        for thread in threads:
            thread.start()
        self._hand_on()
        assert self._done.wait(60), "the threads did not all end"
        for thread in threads:
            thread.join(10)
        if self._errors:
            raise self._errors[0]

    def _enqueue(self, wake: float, event: threading.Event) -> None:
        with self._lock:
            heapq.heappush(self._queue, (wake, next(self._order), event))

    def _hand_on(self) -> None:
        """Let the thread that wakes first run; when none is left, the run is over."""
        with self._lock:
            if not self._queue:
                self._done.set()
                return
            wake, _order, event = heapq.heappop(self._queue)
            self.now = max(self.now, wake)
        event.set()


def started_at_rate(rate: int, clock) -> _Throttle:
    """A throttle whose first 429 came after ``rate`` requests in the last second: its ceiling is ``rate``."""
    throttle = _Throttle(clock.monotonic, clock.sleep)
    starts = []
    for _request in range(rate):
        starts.append(throttle.wait())
        clock.sleep(1 / rate)
    clock.sleep(-1 / rate)  # the last of them was answered at once
    throttle.slow_down(0.0, starts[-1])
    return throttle


def gaps_while_answered(throttle: _Throttle, seconds: float, clock) -> list[tuple[float, float]]:
    """(start, seconds since the start before) of each request of one thread whose answers come at once, for
    ``seconds``, which must end before the limit is lifted: nothing moves the clock after that."""
    starts = [throttle.wait()]
    throttle.recover()
    while clock.now - starts[0] < seconds:
        assert len(starts) < 10000, "the limit was lifted"
        starts.append(throttle.wait())
        throttle.recover()
    return [(later, later - earlier) for earlier, later in zip(starts, starts[1:])]


def test_a_request_waiting_for_its_turn_when_a_429_comes_waits_out_its_retry_after(clock):
    def sleep(seconds):
        if late_answers:  # another thread's request is answered 429 while this one sleeps
            clock.sleep(seconds / 2)
            answered_at.append(clock.now)
            throttle.slow_down(*late_answers.pop())
            seconds /= 2
        clock.sleep(seconds)

    throttle = _Throttle(clock.monotonic, sleep)
    answered_at: list[float] = []
    first, second = throttle.wait(), throttle.wait()  # two requests in flight
    throttle.slow_down(1.0, first)  # answered 429: one a second, after a second
    late_answers = [(5.0, second)]
    assert throttle.wait() == pytest.approx(answered_at[0] + 5.0), "at the end of the Retry-After that came meanwhile"
    assert max(clock.sleeps) <= 0.25, "it looked again every quarter second, in case the rate or a Retry-After changed"


def test_429s_to_requests_sent_at_the_old_pace_halve_the_rate_once(clock):
    throttle = _Throttle(clock.monotonic, clock.sleep)
    starts = [throttle.wait() for _request in range(8)]  # eight requests in flight at once
    for started in starts:
        throttle.slow_down(1.0, started)  # all answered 429
    first = throttle.wait()
    second = throttle.wait()
    assert first == pytest.approx(starts[0] + 1.0), "after Retry-After"
    assert second - first == pytest.approx(1 / 4), "half of the eight a second seen, halved once, not eight times"


@pytest.mark.parametrize("rate", [6, 60])
def test_after_a_first_429_the_pace_is_back_at_its_ceiling_in_three_seconds_whatever_the_rate(rate, clock):
    throttle = started_at_rate(rate, clock)
    gaps = gaps_while_answered(throttle, 6.0, clock)
    assert gaps[0][1] == pytest.approx(2 / rate, rel=0.02), "half the rate seen"
    assert all(later <= earlier + 1e-9 for (_s, earlier), (_t, later) in zip(gaps, gaps[1:])), "never slower"
    back = next(start for start, gap in gaps if gap <= 1 / rate + 1e-9) - gaps[0][0]
    # 1.25 a second: from half of it to the rate in ln 2 / ln 1.25 = 3.1 seconds, at 6 requests a second as at 60
    assert back == pytest.approx(math.log(2) / math.log(1.25), abs=2.5 / rate)


def test_a_limit_once_confirmed_is_the_rate_the_platform_let_through_since_the_last_cut(clock):
    throttle = started_at_rate(20, clock)  # the first 429: 10 a second, climbing back to 20
    answered = gaps_while_answered(throttle, 4.0, clock)
    since_cut = clock.now - (answered[0][0] - answered[0][1])
    started = throttle.wait()
    throttle.slow_down(1.0, started)  # the second 429: the limit is confirmed
    let_through = (len(answered) + 1) / since_cut  # the answers since the first cut, in that time
    first = throttle.wait()
    second = throttle.wait()
    assert first == pytest.approx(started + 1.0), "after Retry-After"
    assert 1 / (second - first) == pytest.approx(let_through, rel=0.05)


def test_above_a_confirmed_limit_the_rate_rises_gently_then_faster(clock):
    throttle = started_at_rate(20, clock)
    gaps_while_answered(throttle, 4.0, clock)
    throttle.slow_down(1.0, throttle.wait())  # the limit is confirmed
    clock.sleep(1.0)  # the Retry-After
    gaps = gaps_while_answered(throttle, 8.0, clock)
    limit = 1 / gaps[0][1]
    after = {seconds: next(1 / gap for start, gap in gaps if start - gaps[0][0] >= seconds) for seconds in (1, 3, 6)}
    assert after[1] < limit * 1.05, "a token bucket lets a pace above its rate through for a while: slowly first"
    assert after[3] < limit * 1.35
    assert after[6] == pytest.approx(limit * 2, rel=0.1), "twice the limit after six seconds without a 429"


def test_a_429_soon_after_the_limit_was_lifted_sees_the_pace_of_the_whole_last_second(clock):
    throttle = started_at_rate(20, clock)
    starts: list[float] = []
    for _request in range(20000):  # good answers until the limit is lifted: then a request does not wait
        before = clock.now
        starts.append(throttle.wait())
        throttle.recover()
        if clock.now == before and len(starts) > 1:
            break
    assert clock.now == before, "lifted"
    assert starts[-2] - starts[-3] < 1 / 500, "close to 1000 a second before the lift"
    for _request in range(5):  # a few requests since the lift, then a 429
        clock.sleep(0.01)
        starts.append(throttle.wait())
    throttle.slow_down(1.0, starts[-1])
    last_second = [start for start in starts if start > clock.now - 1]
    first, second = throttle.wait(), throttle.wait()
    # Counting only the 5 since the lift, as it was, gave 2.5 a second, then 60 s to climb back near 20.
    assert 1 / (second - first) == pytest.approx(len(last_second) / 2), "half the pace of the whole last second"


def test_a_request_waiting_for_its_turn_starts_at_the_rate_of_now_not_of_when_it_asked():
    time = VirtualTime()
    throttle = _Throttle(time.monotonic, time.sleep)
    for _request in range(4):
        throttle.wait()
    throttle.slow_down(0.0, time.now)  # 4 seen in the last second: 2 a second, climbing back to 4
    starts: list[float] = []

    def request() -> None:
        starts.append(throttle.wait())

    def answers() -> None:  # the answers of the other requests under way, which raise the rate
        while time.now < 6:
            time.sleep(0.05)
            throttle.recover()

    time.run([request] * 12 + [answers])
    # At the 2 a second of when they asked, the last of the 12 would start after 5.5 seconds; at a rate that
    # reaches 4 a second after 3 seconds, after about 4.
    assert starts[-1] - starts[0] < 4.3
    assert starts == sorted(starts) and len(set(starts)) == len(starts), "one at a time, in the order they asked"


class Interrupted(Exception):
    """What stops a thread while it sleeps (KeyboardInterrupt, say, which pytest would take for its own)."""


def test_a_request_interrupted_while_it_waits_holds_up_no_other(clock):
    def sleep(seconds):
        raise Interrupted

    throttle = _Throttle(clock.monotonic, sleep)
    throttle.slow_down(1.0, throttle.wait())
    with pytest.raises(Interrupted):
        throttle.wait()
    clock.sleep(1.0)
    assert throttle.wait() == clock.now, "the turn it held is given up"


# A whole client against a token-bucket limit, as the simulator models a tenant's rate_limit: ``rate`` tokens a
# second, holding a second's worth, a 429 with Retry-After in whole seconds (at least 1) when none is left.


class TokenBucketPlatform:
    """Answers each request after its latency (jittered), 200 while the bucket has a token, else 429."""

    def __init__(self, time: VirtualTime, rate: float, latency: float, seed: int) -> None:
        self.time, self.rate, self.latency = time, rate, latency
        self.capacity = self.tokens = max(rate, 1.0)
        self.updated = 0.0
        self.random = random.Random(seed)
        self.admitted = 0
        self.sent: list[float] = []  # when each request left the client
        self.quiet: list[tuple[float, float]] = []  # each 429's answer and the end of its Retry-After

    def send(self, request: requests.PreparedRequest, **_options: t.Any) -> requests.Response:
        self.sent.append(self.time.now)
        self.time.sleep(self.latency * self.random.uniform(0.5, 1.5))
        now = self.time.now
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        answer = requests.Response()
        assert request.url is not None, "the client prepared it"
        answer.request, answer.url = request, request.url
        answer.headers["Content-Type"] = "application/json"
        if self.tokens >= 1:
            self.tokens -= 1
            self.admitted += 1
            answer.status_code, answer._content = 200, b'{"campaign": {"campaign-id": 1}}'  # pylint: disable=protected-access
        else:
            wait = max(1, math.ceil((1 - self.tokens) / self.rate))
            self.quiet.append((now, now + wait))
            answer.status_code, answer._content = 429, b'{"message": "Too many requests"}'  # pylint: disable=protected-access
            answer.headers["Retry-After"] = str(wait)
        return answer


@settings(max_examples=40, deadline=None)
@given(
    rate=st.sampled_from([2, 5, 10, 20, 35, 50]),
    concurrency=st.sampled_from([1, 2, 4, 8, 16]),
    latency=st.sampled_from([0.005, 0.02, 0.05, 0.2]),
    campaigns=st.integers(40, 120),
    seed=st.integers(0, 2**32 - 1),
)
def test_many_threads_under_a_token_bucket_limit_take_at_most_1_3_times_the_least_time(
    rate, concurrency, latency, campaigns, seed
):
    """The ideal is requests / rate (or the client's own pace, if lower); a platform that lets a burst through and
    then asks for a whole second for each 429 costs some of that, never a multiple."""
    time = VirtualTime()
    platform = TokenBucketPlatform(time, rate, latency, seed)
    with pytest.MonkeyPatch.context() as patch:
        # Every request goes to the model (the function-scoped monkeypatch fixture would serve one example only).
        patch.setattr(requests.adapters.HTTPAdapter, "send", lambda _adapter, request, **_: platform.send(request))
        run_bulk_task(time, platform, rate, concurrency, latency, campaigns)


def run_bulk_task(
    time: VirtualTime, platform: TokenBucketPlatform, rate: int, concurrency: int, latency: float, campaigns: int
) -> None:
    """``concurrency`` threads, each reading, changing and reading back one campaign after another, as a bulk task
    does, over one client; then what must hold of the whole run."""
    api = CampaignApi(
        BASE_URL, USERNAME, DATA_TOKEN, ACTION_TOKEN, connections=concurrency, sleep=time.sleep, clock=time.monotonic
    )
    todo = iter(range(1, campaigns + 1))
    failures: list[ApiError] = []

    def bulk_task_thread() -> None:
        for campaign_id in todo:
            try:
                api.read(campaign_id)
                api.write(campaign_id, "PAUSED")
                api.read(campaign_id)
            except ApiError as error:
                failures.append(error)

    time.run([bulk_task_thread] * concurrency)
    assert not failures, "no request ran out of retries"
    requests_sent = 3 * campaigns
    assert platform.admitted == requests_sent
    # The least time: the limit's, or the client's own when its threads cannot reach the limit.
    least = max(requests_sent / rate, requests_sent * latency / concurrency)
    assert time.now <= 1.3 * least
    assert time.longest_sleep <= RETRY_AFTER_MAX
    inside = [sent for sent in platform.sent for answered, end in platform.quiet if answered < sent < end]
    assert not inside, "no request left inside a Retry-After"
