# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A jurisdiction's calling rule against the enforcement rulebook, run by the real ansible-rulebook (its event source
and its playbook) against the simulator: a campaign that reaches a jurisdiction closing in half a minute (a rule of
the desired-state file's own ``jurisdictions``) is paused within two poll intervals of its close, not before, and
the event names the jurisdiction's rule and carries its citation."""

# pylint: disable=redefined-outer-name  # pytest hands fixtures in by name

from __future__ import annotations

import time
import typing as t
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from e2e import SECRETS, writes
from event_driven import test_eda_e2e
from event_driven.test_eda_e2e import (
    READY,
    STARTUP_TIMEOUT,
    status,
    wait_for,
    write_desired_state,
)

# Timed: the rulebook must pause within two poll intervals (make integration runs these as they would run alone).
pytestmark = pytest.mark.timed

rulebook = test_eda_e2e.rulebook  # the fixture that starts the collection's rulebook, and stops it

INTERVAL = 3  # seconds between two polls
CLOSE_AHEAD = 30  # seconds from the edit of the file to the jurisdiction's close: between 20 and 40
CAMPAIGN = 103  # Manual Running in the demo data: dialing, as its desired state (running) wants until the close
CODE = "ZZ"  # a code the shipped rules do not have: the file's own row, and nothing else, decides
CITATION = "the test suite's rule, closing in half a minute"
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def closing_at(close: float) -> dict[str, t.Any]:
    """A rule of the file's own, open every day from midnight until ``close`` (a time.time(), to the second), in a
    zone where that is at least an hour after midnight, so that the day's hours are open now and end then."""
    for zone in ("UTC", "Asia/Kolkata"):
        local = datetime.fromtimestamp(close, ZoneInfo(zone))
        if local.hour >= 1:
            end = local.strftime("%H:%M:%S")
            return {
                "code": CODE,
                "name": "Closing soon, for the tests",
                "zones": [zone],
                "hours": {day: f"00:00-{end}" for day in _DAYS},
                "citation": CITATION,
                "checked": "2026-12-06",
            }
    raise AssertionError("UTC and Asia/Kolkata are never both in the first hour of a day")


def reaching(*rules: dict[str, t.Any]) -> dict[str, t.Any]:
    campaign: dict[str, t.Any] = {"id": CAMPAIGN, "state": "running"}
    if rules:
        campaign["reaches"] = [CODE]
    return {"version": 2, "jurisdictions": list(rules), "campaigns": [campaign]}


def test_a_jurisdiction_that_closes_pauses_the_campaign_within_two_intervals(rulebook, control, tmp_path):
    assert status(control, CAMPAIGN) == 3, "the demo data: dialing"
    running = rulebook(reaching(), interval=INTERVAL)
    wait_for(lambda: READY in running.output, STARTUP_TIMEOUT, running, "the rules engine waiting for events")
    # The rule arrives in an edit of the file once the rulebook is ready, so its start (a JVM) takes none of the time.
    close = float(int(time.time()) + CLOSE_AHEAD)
    write_desired_state(tmp_path / "desired-state.yml", reaching(closing_at(close)))

    while time.time() < close:
        assert status(control, CAMPAIGN) == 3, "still dialing while the jurisdiction is open"
        time.sleep(0.2)
    took = wait_for(lambda: status(control, CAMPAIGN) == 8, 10 * INTERVAL, running, f"PAUSED for campaign {CAMPAIGN}")
    assert took <= 2 * INTERVAL, f"paused {took:.1f} seconds after the jurisdiction closed"
    wait_for(lambda: CITATION in running.output, 5 * INTERVAL, running, "the event with the rule's citation")
    running.stop()
    assert writes(control) == [(CAMPAIGN, "PAUSED")], "one pause, and nothing else written"
    assert f"{CODE} closed at " in running.output, "the event names the jurisdiction's rule"
    for secret in SECRETS:
        assert secret not in running.output
