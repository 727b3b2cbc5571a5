# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Poll a campaign until a change shows, within a bounded time."""

from __future__ import annotations

import time
import typing as t

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._lifecycle import CampaignError, satisfies

if t.TYPE_CHECKING:
    from ansible_collections.eightbyeight.contact_center.plugins.module_utils._campaign import Campaign


class WaitTimeout(CampaignError):
    pass


class Waiter:
    """Reads again, every ``sleep`` seconds, until the campaign is in a state, for at most ``timeout`` seconds."""

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

    def until(self, read: t.Callable[[], Campaign], state: str) -> Campaign:
        deadline = self._clock() + self.timeout
        while True:
            campaign = read()
            if satisfies(campaign.state, state):
                return campaign
            remaining = deadline - self._clock()
            if remaining <= 0:
                raise WaitTimeout(
                    f"the platform accepted the change, but after {self.timeout:g} seconds the campaign still reads "
                    f"{campaign.status} ({campaign.status_name}), not {state}: raise wait_timeout, or look at it in Configuration Manager"
                )
            self._pause(min(self.sleep, remaining))
