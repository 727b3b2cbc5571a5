# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The pace of a client's requests once the platform answers "too many" (HTTP 429): shared by every thread of the
client, so that a bulk task slows down as one."""

from __future__ import annotations

import threading
import typing as t
from collections import deque

#: Seconds: a server asking to come back later than this gets a clear failure rather than a task that seems hung.
RETRY_AFTER_MAX = 120.0


class Throttle:
    """Spaces out the requests of every thread of a client once the platform answers "too many" (HTTP 429).

    After a 429 no request starts before its Retry-After has passed (at most ``RETRY_AFTER_MAX``), not even one
    that was already waiting for its turn, and then at most ``rate`` a second: half the rate seen in the last second
    at the first 429, cut by ``_CUT`` again by a 429 to a request started after the last cut (the others were sent
    at the old pace), raised by each answer below HTTP 400, and lifted altogether once it is well above what any
    single client needs. The raise is multiplicative, so that the limit one passing 429 set is gone within seconds:
    by ``_RAISE_NEAR`` below the rate the last 429 came at, by ``_RAISE`` above it (passed without a 429: the limit
    is gone). So a 429 to a task's first request is forgotten within seconds, and a task under a real limit nears it
    gently, since every 429 also meets each request already under way.
    """

    _CUT = 0.7  # the rate is multiplied by this at each 429 after the first
    # From the 1 request a second that a 429 to a task's first request leaves, 38 answers, about 6 seconds at the pace
    # they allow, reach _LIFT.
    _RAISE = 1.2
    # From a cut to 0.7 of a limited rate, 180 answers (about 10 seconds at 20 a second) reach that rate again.
    _RAISE_NEAR = 1.002
    _LIFT = 1000.0  # requests a second above which there is no limit any more

    def __init__(self, clock: t.Callable[[], float], sleep: t.Callable[[float], None]) -> None:
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._rate: float | None = None  # None: no limit
        self._next = 0.0  # when the next request may start
        self._quiet_until = 0.0  # the end of the last Retry-After
        self._closed_until = float("-inf")  # the end of a Retry-After longer than RETRY_AFTER_MAX
        self._cut = float("-inf")  # when the rate was last halved
        self._ceiling = 0.0  # the rate the last 429 came at, near which the limit is
        self._starts: deque[float] = deque()  # request starts in the last second, while there is no limit

    def wait(self) -> float:
        """Wait for this request's turn; return when it starts."""
        with self._lock:
            now = self._clock()
            start = self._turn(now)
        while start > now:
            self._sleep(start - now)
            with self._lock:
                # A turn is given after every Retry-After known at the time: one that ends later came while this
                # request slept, and sending at that turn would only earn another 429 and another cut.
                if self._quiet_until <= start:
                    break
                now = self._clock()
                start = self._turn(now)
        return start

    def _turn(self, now: float) -> float:
        """The start of the next free turn, taken. Called with the lock held."""
        start = max(now, self._next)
        if self._rate:
            self._next = start + 1 / self._rate
        else:
            while self._starts and self._starts[0] <= now - 1:
                self._starts.popleft()
            self._starts.append(now)
        return start

    def closed_for(self) -> float:
        """The seconds for which the platform asked for no request at all, longer than any request waits; else 0."""
        with self._lock:
            return max(0.0, self._closed_until - self._clock())

    def slow_down(self, retry_after: float, started: float) -> None:
        """A request that started at ``started`` was answered 429."""
        with self._lock:
            now = self._clock()
            if started > self._cut:
                self._ceiling = self._rate or float(len(self._starts))  # the rate the 429 came at
                self._rate = max(1.0, self._rate * self._CUT if self._rate else len(self._starts) / 2)
                self._cut = now
            if retry_after > RETRY_AFTER_MAX:
                # Longer than any request waits: that request fails at once, and so does every later one, unsent,
                # rather than parking every thread of the task or sending one request per window.
                self._closed_until = max(self._closed_until, now + retry_after)
                return
            self._quiet_until = max(self._quiet_until, now + retry_after)
            self._next = max(self._next, self._quiet_until)

    def recover(self) -> None:
        with self._lock:
            if self._rate:
                self._rate *= self._RAISE_NEAR if self._rate < self._ceiling else self._RAISE
                if self._rate > self._LIFT:
                    self._rate = None
                    self._starts.clear()
