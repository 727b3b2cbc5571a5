# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Poll a campaign until it shows what is awaited, within a bounded time."""

from __future__ import annotations

import time
import typing as t

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError

if t.TYPE_CHECKING:
    from ansible_collections.eightbyeight.contact_center.plugins.module_utils._campaign import Campaign


class WaitTimeout(CampaignError):
    """The time ran out; ``campaign`` is the last one read."""

    def __init__(self, seconds: float, campaign: Campaign) -> None:
        super().__init__(
            f"after {seconds:g} seconds the campaign still reads {campaign.status} ({campaign.status_name})"
        )
        self.campaign = campaign


class Waiter:
    """Reads now, then every ``sleep`` seconds, until a deadline: by default ``timeout`` seconds after the wait starts.

    A caller that makes several waits (and sends) for one thing takes one ``deadline()`` and hands it to each.
    """

    def __init__(
        self,
        timeout: float,
        sleep: float,
        clock: t.Callable[[], float] | None = None,
        pause: t.Callable[[float], None] | None = None,
    ) -> None:
        self.timeout = timeout
        self.sleep = sleep
        self._clock = clock or time.monotonic
        self._pause = pause or time.sleep

    def deadline(self) -> float:
        """The end of a wait of ``timeout`` seconds starting now."""
        return self._clock() + self.timeout

    def left(self, deadline: float) -> float:
        """The seconds until ``deadline``; zero or less once it has passed."""
        return deadline - self._clock()

    def until(
        self, read: t.Callable[[], Campaign], done: t.Callable[[Campaign], bool], deadline: float | None = None
    ) -> Campaign:
        """The first campaign read for which ``done`` is true; ``done`` may raise to stop waiting at once.

        Reads at least once, and raises WaitTimeout once ``deadline`` (by default ``timeout`` seconds from now) has
        passed. Its message counts ``timeout`` seconds: a deadline() is that long after the start of what it bounds.
        """
        if deadline is None:
            deadline = self.deadline()
        while True:
            campaign = read()
            if done(campaign):
                return campaign
            remaining = self.left(deadline)
            if remaining <= 0:
                raise WaitTimeout(self.timeout, campaign)
            self._pause(min(self.sleep, remaining))
