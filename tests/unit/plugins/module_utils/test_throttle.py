# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The pace of a client's requests after HTTP 429, shared by every thread of the client."""

from __future__ import annotations

import pytest

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._throttle import Throttle as _Throttle


def test_a_request_waiting_for_its_turn_when_a_429_comes_waits_out_its_retry_after(clock):
    def sleep(seconds):
        if late_answers:  # another thread's request is answered 429 while this one sleeps
            clock.sleep(seconds / 2)
            throttle.slow_down(*late_answers.pop())
            seconds /= 2
        clock.sleep(seconds)

    throttle = _Throttle(clock.monotonic, sleep)
    first, second = throttle.wait(), throttle.wait()  # two requests in flight
    throttle.slow_down(1.0, first)  # answered 429: one a second, after a second
    late_answers = [(5.0, second)]
    assert throttle.wait() == pytest.approx(first + 0.5 + 5.0), "after the Retry-After that came while it slept"
    assert clock.now == pytest.approx(first + 5.5)


def test_429s_to_requests_sent_at_the_old_pace_halve_the_rate_once(clock):
    throttle = _Throttle(clock.monotonic, clock.sleep)
    starts = [throttle.wait() for _request in range(8)]  # eight requests in flight at once
    for started in starts:
        throttle.slow_down(1.0, started)  # all answered 429
    first = throttle.wait()
    second = throttle.wait()
    assert first == pytest.approx(starts[0] + 1.0), "after Retry-After"
    assert second - first == pytest.approx(1 / 4), "half of the eight a second seen, halved once, not eight times"


def test_after_a_429_at_a_limited_rate_the_rate_nears_the_limit_gently(clock):
    throttle = _Throttle(clock.monotonic, clock.sleep)
    for _turn in range(20):  # 20 requests within a second, then a 429: no limit was known
        throttle.wait()
    throttle.slow_down(0.0, clock.now)
    assert throttle._rate == 10.0  # pylint: disable=protected-access
    throttle.recover()
    assert throttle._rate == pytest.approx(10.02), "below the rate the 429 came at: gently"  # pylint: disable=protected-access
    for _turn in range(120):
        throttle.recover()
    clock.sleep(1)
    started = throttle.wait()
    throttle.slow_down(0.0, started)  # a 429 at a limited rate: the limit is just above it
    rate = throttle._rate  # pylint: disable=protected-access
    throttle.recover()
    assert throttle._rate == pytest.approx(rate * 1.002), "below the rate of that 429: gently"  # pylint: disable=protected-access
    for _turn in range(200):
        throttle.recover()
    assert throttle._rate > 12.0  # pylint: disable=protected-access
    throttle.recover()
    assert throttle._rate > 12.0 * 1.19, "past it without a 429: fast again"  # pylint: disable=protected-access
