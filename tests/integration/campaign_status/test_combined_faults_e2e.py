# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Two faults at once, against the simulator: each step accepted once, and changed/transitions that tell the truth."""

# pylint: disable=redefined-outer-name  # pytest hands fixtures in by name

from __future__ import annotations

import threading
import time
import typing as t

import pytest
import requests
from e2e import DEMO, SECRETS, writes

from simulator import SimulatorClient

# Timed: changes show late by a delay longer than ansible-playbook takes to start (make integration runs these as they would run alone).
pytestmark = pytest.mark.timed

CAMPAIGN = 103  # Manual Running in the demo data


class WhenSeen:
    """Acts once the simulator's log holds a request of ``method`` (the ``nth`` one): faults that start mid-task."""

    def __init__(self, control: SimulatorClient, method: str, nth: int, action: t.Callable[[], None]) -> None:
        self._control, self._method, self._nth, self._action = control, method, nth, action
        self._thread = threading.Thread(target=self._run)

    def _run(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if sum(entry["method"] == self._method for entry in self._control.log()) >= self._nth:
                self._action()
                return
            time.sleep(0.01)

    def __enter__(self) -> WhenSeen:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._thread.join()


def run_task(playbook, connection, desired: str, **options: t.Any) -> dict[str, t.Any]:
    run = playbook(
        [
            {
                "name": "change",
                "eightbyeight.contact_center.campaign_status": dict(
                    connection, campaign_id=CAMPAIGN, state=desired, wait_sleep=0.5, **options
                ),
                "ignore_errors": True,
            }
        ]
    )
    assert "Traceback" not in run.output
    assert not any(secret in run.output for secret in SECRETS)
    return dict(run.task("change"), output=run.output)


def test_the_worst_case_lost_answer_while_the_change_shows_late(playbook, control, connection):
    """Running, desired paused: the POST is applied, its answer lost, and the change shows only 3 seconds later."""
    control.add_fault(kind="drop_after_apply", method="POST", campaign=CAMPAIGN)
    control.set_campaign("demo", CAMPAIGN, visibility_delay=3)
    result = run_task(playbook, connection, "paused")
    assert not result["failed"], result.get("msg")
    assert (result["changed"], result["transitions"], result["unconfirmed"]) == (True, ["PAUSED"], [])
    assert writes(control) == [(CAMPAIGN, "PAUSED")], "one write, never repeated"


def test_5xx_after_applying_while_the_change_shows_late(playbook, control, connection):
    control.add_fault(kind="504_after_apply", method="POST", campaign=CAMPAIGN)
    control.set_campaign("demo", CAMPAIGN, visibility_delay=2)
    result = run_task(playbook, connection, "paused")
    assert not result["failed"], result.get("msg")
    assert (result["changed"], result["transitions"]) == (True, ["PAUSED"])
    assert writes(control) == [(CAMPAIGN, "PAUSED")]


def test_lost_answer_then_failing_reads_says_the_outcome_is_unknown(playbook, control, connection):
    control.set_campaign("demo", CAMPAIGN, latency=0.3)  # time for the reads to start failing after the first one
    control.add_fault(kind="drop_after_apply", method="POST", campaign=CAMPAIGN)
    with WhenSeen(control, "GET", 1, lambda: control.add_fault(kind="503", method="GET", campaign=CAMPAIGN, count=-1)):
        result = run_task(playbook, connection, "paused", retries=1)
    assert result["failed"]
    assert "answered HTTP 503 after 1 retries" in result["msg"]
    assert result["msg"].endswith(
        "(PAUSED was sent but its outcome is unknown: look at the campaign in Configuration "
        "Manager before running again)"
    )
    assert (result["changed"], result["transitions"], result["unconfirmed"]) == (False, [], ["PAUSED"])
    assert writes(control, applied_only=True) == [(CAMPAIGN, "PAUSED")], "it was applied: the failure does not hide it"


def test_a_race_with_a_change_that_shows_late_is_not_reported_as_ours(playbook, control, connection, sim):
    control.set_campaign("demo", CAMPAIGN, visibility_delay=6)  # longer than ansible-playbook takes to start
    # Someone else pauses it through the API just before the task starts; the task's first read does not show it yet.
    requests.post(
        f"{sim.base_url}/api/tstats/campaigns/{CAMPAIGN}",
        json={"status": "PAUSED"},
        auth=(DEMO["username"], DEMO["action_token"]),
        timeout=10,
    ).raise_for_status()
    result = run_task(playbook, connection, "paused")
    output = result["output"]
    assert not result["failed"], result.get("msg")
    assert (result["changed"], result["transitions"]) == (False, [])
    assert f"campaign {CAMPAIGN} (" in output and "PAUSED was refused (Invalid state transition)" in output, output
    assert writes(control, applied_only=True) == [(CAMPAIGN, "PAUSED")], "only the other client's write was applied"


@pytest.mark.parametrize("step", [1, 2])
def test_lost_answer_on_either_step_of_a_two_step_change(playbook, control, connection, step):
    control.set_campaign("demo", CAMPAIGN, latency=0.3, visibility_delay=1)

    def lose_next_write() -> None:
        control.add_fault(kind="drop_after_apply", method="POST", campaign=CAMPAIGN)

    if step == 1:
        lose_next_write()
    with WhenSeen(control, "POST", step - 1, lose_next_write if step == 2 else lambda: None):
        result = run_task(playbook, connection, "purged")
    assert not result["failed"], result.get("msg")
    assert (result["changed"], result["transitions"]) == (True, ["PAUSED", "PURGED"])
    assert writes(control, applied_only=True) == [(CAMPAIGN, "PAUSED"), (CAMPAIGN, "PURGED")]
    assert writes(control) == [(CAMPAIGN, "PAUSED"), (CAMPAIGN, "PURGED")], "no step sent twice"
