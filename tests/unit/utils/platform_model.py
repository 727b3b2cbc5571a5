# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""An in-memory model of one campaign on the platform, with faults, late visibility and other actors.

It answers the client's HTTP requests through `responses` callbacks, so that the whole client runs (retries
included) against it. Its rules come from the reference page as written out in fakes.py, never from the code
under test. Time is a fakes.FakeClock: a change becomes visible ``visibility_delay`` seconds after it is made.
"""

from __future__ import annotations

import json
import typing as t
from dataclasses import dataclass, field

import requests
import responses

from ansible_collections.eightbyeight.contact_center.tests.unit.utils.fakes import (
    LANDS_IN,
    REFERENCE_STATUSES,
    REFERENCE_TRANSITIONS,
    FakeClock,
    campaign_answer,
    read_url,
    write_url,
)

STATE_OF = {code: state for code, (_name, state) in REFERENCE_STATUSES.items()}

#: What a fault does to the one request it is used on.
FAULTS = (
    "lost",  # a write is applied, then the connection drops before the answer; a read gets no answer
    "drop",  # the connection drops before anything is applied
    "503",  # answered 503, nothing applied
    "504_applied",  # a write is applied, then answered 504 (a gateway gave up); a read is answered 504
    "429",  # answered 429 with Retry-After (``retry_after``, 1 unless set), nothing applied
)


@dataclass
class ModelPlatform:
    """One campaign (ID 125) as the platform holds it; ``faults`` and ``outside`` script what goes wrong."""

    clock: FakeClock
    status: int
    visibility_delay: float = 0.0
    #: The Retry-After of a 429 fault, in seconds.
    retry_after: float = 1
    #: Faults for the next requests, in order (None: that request goes well).
    faults: list[str | None] = field(default_factory=list)
    #: Request number (counting from 1) -> status someone else sets just before that request is handled.
    outside: dict[int, int] = field(default_factory=dict)
    #: Every change made, in order: ("ours", word) for a write this client got accepted, ("outside", status).
    events: list[tuple[str, t.Any]] = field(default_factory=list)
    requests: int = 0
    writes: int = 0
    faults_used: int = 0
    _shown: list[tuple[float, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """The campaign shows its status as it is now, with nothing pending."""
        self._shown = [(self.clock.monotonic(), self.status)]

    def serve(self, mock: responses.RequestsMock) -> ModelPlatform:
        mock.add_callback(responses.GET, read_url(125), callback=self._read)
        mock.add_callback(responses.POST, write_url(125), callback=self._write)
        return self

    @property
    def accepted(self) -> list[str]:
        """The status words this client got accepted, in order."""
        return [what for who, what in self.events if who == "ours"]

    @property
    def visible_status(self) -> int:
        now = self.clock.monotonic()
        return [status for at, status in self._shown if at <= now][-1]

    def _set(self, status: int) -> None:
        self.status = status
        self._shown.append((self.clock.monotonic() + self.visibility_delay, status))

    def _begin(self) -> str | None:
        """Count the request, let another actor act if scripted, and take this request's fault."""
        self.requests += 1
        outside = self.outside.get(self.requests)
        if outside is not None and (STATE_OF[self.status], STATE_OF[outside]) in REFERENCE_TRANSITIONS:
            self._set(outside)
            self.events.append(("outside", outside))
        fault = self.faults.pop(0) if self.faults else None
        self.faults_used += fault is not None
        return fault

    def _read(self, request: t.Any) -> tuple[int, dict[str, str], str]:
        fault = self._begin()
        if fault in ("lost", "drop"):
            raise requests.exceptions.ConnectionError("Connection aborted.")
        if fault in ("503", "504_applied", "429"):
            return _error(fault, self.retry_after)
        return 200, {}, json.dumps(campaign_answer(125, self.visible_status))

    def _write(self, request: t.Any) -> tuple[int, dict[str, str], str]:
        self.writes += 1
        fault = self._begin()
        if fault == "drop":
            raise requests.exceptions.ConnectionError("Connection aborted.")
        if fault in ("503", "429"):
            return _error(fault, self.retry_after)
        word = json.loads(request.body)["status"]
        status, message = self._apply(word)
        if fault == "lost":
            raise requests.exceptions.ConnectionError("Connection aborted.")
        if fault == "504_applied":
            return _error(fault, self.retry_after)
        return status, {}, json.dumps({"message": message})

    def _apply(self, word: str) -> tuple[int, str]:
        """The platform's checks and the change, as the reference page gives them."""
        here = STATE_OF[self.status]
        target = LANDS_IN[word][2]
        if not any(start == here for start, _end in REFERENCE_TRANSITIONS):
            return 500, "Internal server error"  # a final state: the vendor answers 500 ("CampaignStopped")
        if (here, target) not in REFERENCE_TRANSITIONS:
            return 400, "Invalid state transition"
        self._set(LANDS_IN[word][0])
        self.events.append(("ours", word))
        return 200, "Campaign status changed."


def _error(fault: str, retry_after: float) -> tuple[int, dict[str, str], str]:
    if fault == "429":
        return 429, {"Retry-After": f"{retry_after:g}"}, json.dumps({"message": "Too Many Requests"})
    status = int(fault[:3])
    return status, {}, json.dumps({"message": "Service Unavailable" if status == 503 else "Gateway Timeout"})
