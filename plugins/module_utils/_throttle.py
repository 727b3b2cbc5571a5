# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The pace of a client's requests once the platform answers "too many" (HTTP 429): shared by every thread of the
client, so that a bulk task slows down as one."""

from __future__ import annotations

import itertools
import math
import threading
import typing as t
from collections import deque

#: Seconds: a server asking to come back later than this gets a clear failure rather than a task that seems hung.
RETRY_AFTER_MAX = 120.0


class Throttle:
    """Spaces out the requests of every thread of a client once the platform answers "too many" (HTTP 429).

    After a 429 no request starts before its Retry-After has passed (at most ``RETRY_AFTER_MAX``), not even one
    that was already waiting for its turn, and then at most ``rate`` a second, in the order the requests asked, each
    at the rate of the moment it starts (a turn is not fixed at the rate of when it was asked for: eight requests
    waiting at 2 a second would hold the pace of four seconds ago). The rate:

    - at the first 429 (or the first since the limit was lifted), half the rate seen in the last second, which is
      also the ceiling it climbs back to, by ``_RAISE_NEAR`` a second: that second may have been mostly a burst
      the platform let through, or the limit may be well below it;
    - at a later 429 to a request started after the last cut (the others were sent at the old pace), what the
      platform let through since that cut, in that time: the limit is confirmed, and that is about its rate;
    - above the ceiling, raised gently at first and faster the longer no 429 comes (``_PROBE``, or ``_PROBE_FAST``
      while no limit is confirmed), and lifted altogether once it is well above what any single client needs.

    Every raise is multiplicative and goes by the seconds during which answers below HTTP 400 kept coming, not by
    their number, so that it takes as long at 5 requests a second as at 50. So a task under a real limit settles
    at it with a 429 every several seconds, a limit raised meanwhile is found within seconds, and a 429 to a task's
    first request is forgotten after some six seconds of good answers.
    """

    _FIRST_CUT = 0.5  # no limit known yet: the rate is half the rate seen in the last second
    # A later 429: the rate is what was let through since the last cut, but no less than this much of the rate the
    # 429 came at (the task may have sent little meanwhile, waiting on something else) and no more than that rate.
    _CUT = 0.5
    # Per second of good answers below the ceiling: from half of it back at it in 3 seconds. By time rather than by
    # answer: 1.002 an answer, as it was, took 9 seconds from 0.7 of the ceiling at 20 requests a second, 36 at 5,
    # and 60 from a ceiling set too low, which is how one resume of 200 campaigns under 20 a second took 141 s.
    _RAISE_NEAR = 1.25
    # Above the ceiling the rate is ceiling x exp(probe x s^2) after s seconds of good answers there. _PROBE, once a
    # limit is confirmed: 1.02 times the ceiling after one second, twice after six, so that the next 429 comes after
    # several seconds and little above the limit: a token bucket lets a pace above its rate through until its burst
    # is spent, and each 429 costs a whole-second Retry-After. _PROBE_FAST, after the first 429: twice after two
    # seconds, _LIFT from a ceiling of 1 after six. The 1.2 an answer of before passed from the ceiling to _LIFT
    # within a second, before a bucket's burst was spent; the next 429 then met a pace of a fraction of a second.
    _PROBE = math.log(2) / 36
    _PROBE_FAST = math.log(2) / 4
    _LIFT = 1000.0  # requests a second above which there is no limit any more
    _MIN_RATE = 1.0  # requests a second: the slowest pace a cut leaves
    _NAP = 0.25  # seconds: the longest a request waiting for its turn sleeps before it looks at the rate again
    _WINDOW = 1.0  # seconds: the rate seen is the number of requests started in the last _WINDOW

    def __init__(self, clock: t.Callable[[], float], sleep: t.Callable[[float], None]) -> None:
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._rate: float | None = None  # None: no limit
        self._last_start = float("-inf")  # when the last request started
        self._tickets = itertools.count()  # the order in which requests asked for a turn
        self._waiting: deque[int] = deque()  # the tickets of the requests waiting for their turn, in that order
        self._quiet_until = 0.0  # the end of the last Retry-After
        self._closed_until = float("-inf")  # the end of a Retry-After longer than RETRY_AFTER_MAX
        self._cut = float("-inf")  # when the rate was last cut
        self._ceiling = 0.0  # the rate the last 429 came at, near which the limit is
        self._raised_at = 0.0  # when the rate was last raised, or when requests could start again after a cut
        self._above = 0.0  # seconds of good answers at or above the ceiling since the last cut
        self._probe = self._PROBE_FAST  # how fast the rate rises above the ceiling
        self._answered = 0  # answers below HTTP 400 since the last cut
        # Request starts in the last _WINDOW, limited or not: a 429 that comes soon after the limit was lifted must
        # see the pace of the whole last second, not the few requests since the lift.
        self._starts: deque[float] = deque()

    def wait(self) -> float:
        """Wait for this request's turn; return when it starts."""
        with self._lock:
            now = self._clock()
            if self._rate is None and not self._waiting and self._quiet_until <= now:
                self._seen(now)
                return now
            ticket = next(self._tickets)
            self._waiting.append(ticket)
        slept_until = float("-inf")
        try:
            while True:
                with self._lock:
                    # A sleep lasts at least as long as asked (time.sleep does): a clock that says otherwise is not
                    # waited on again.
                    now = max(self._clock(), slept_until)
                    wake = self._turn(ticket, now)
                    if wake is None:
                        return now
                # Not longer than _NAP: the rate may rise meanwhile, and the turns with it.
                nap = min(wake - now, self._NAP)
                self._sleep(nap)
                slept_until = now + nap
        finally:
            # A request stopped while it waited (an interrupt) must not hold up those behind it.
            with self._lock:
                if ticket in self._waiting:
                    self._waiting.remove(ticket)

    def _turn(self, ticket: int, now: float) -> float | None:
        """None when the request holding ``ticket`` may start now (it is then counted as started); else when to look
        again. Requests start in the order they asked, each ``1 / rate`` after the one before at the rate of now, and
        none before the end of every Retry-After known now. Called with the lock held."""
        position = self._waiting.index(ticket)
        free = max(self._quiet_until, self._last_start + 1 / self._rate if self._rate else now)
        if position == 0 and free <= now:
            self._waiting.popleft()
            self._last_start = now
            self._seen(now)
            return None
        return max(free, now) + position / (self._rate or self._LIFT)

    def _seen(self, start: float) -> None:
        """Count a request that starts at ``start``, and forget those older than the window. Called with the lock
        held."""
        self._starts.append(start)
        while self._starts and self._starts[0] <= start - self._WINDOW:
            self._starts.popleft()

    def _rate_seen(self, now: float) -> float:
        """The requests started in the last _WINDOW, a second. Called with the lock held."""
        return float(sum(1 for started in self._starts if started > now - self._WINDOW)) / self._WINDOW

    def closed_for(self) -> float:
        """The seconds for which the platform asked for no request at all, longer than any request waits; else 0."""
        with self._lock:
            return max(0.0, self._closed_until - self._clock())

    def slow_down(self, retry_after: float, started: float) -> None:
        """A request that started at ``started`` was answered 429."""
        with self._lock:
            now = self._clock()
            if started > self._cut:
                if self._rate is None:
                    # The first 429, or the first since the limit was lifted: no limit known but the pace of the last
                    # second, of which a burst the platform let through may be most.
                    self._ceiling = max(self._MIN_RATE, self._rate_seen(now))
                    self._rate = max(self._MIN_RATE, self._ceiling * self._FIRST_CUT)
                    self._probe = self._PROBE_FAST
                else:
                    # The limit is confirmed. Since the last cut, its Retry-After included, the platform let through
                    # what was answered: at most its rate over that time and what it had left then (less than one
                    # request, since it answered 429); at least that rate if the task kept up with it, as a bucket
                    # saves up during a Retry-After what the task sends after it.
                    sustained = self._answered / max(now - self._cut, 1e-9)
                    self._ceiling = max(self._MIN_RATE, min(self._rate, max(sustained, self._rate * self._CUT)))
                    self._rate = self._ceiling
                    self._probe = self._PROBE
                self._cut, self._above, self._answered = now, 0.0, 0
            if retry_after > RETRY_AFTER_MAX:
                # Longer than any request waits: that request fails at once, and so does every later one, unsent,
                # rather than parking every thread of the task or sending one request per window.
                self._closed_until = max(self._closed_until, now + retry_after)
                return
            self._quiet_until = max(self._quiet_until, now + retry_after)
            # The rate rises with the time answers keep coming: none come during the Retry-After.
            self._raised_at = max(self._raised_at, self._quiet_until)

    def recover(self) -> None:
        """A request was answered below HTTP 400: raise the rate by the time since the last raise (at most a second,
        so that a task that sent nothing for a while is not let loose at once)."""
        with self._lock:
            self._answered += 1
            if not self._rate:
                return
            now = self._clock()
            elapsed = min(1.0, max(0.0, now - self._raised_at))
            self._raised_at = max(self._raised_at, now)
            if self._rate < self._ceiling:
                self._rate = min(self._ceiling, self._rate * self._RAISE_NEAR**elapsed)
            else:
                self._above += elapsed
                self._rate = max(self._rate, self._ceiling * math.exp(self._probe * self._above**2))
            if self._rate > self._LIFT:
                self._rate = None
