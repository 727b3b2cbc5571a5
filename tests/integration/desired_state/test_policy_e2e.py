# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A desired state with policies, applied by name with ansible-playbook: calling hours, modes, a freeze."""

# pylint: disable=redefined-outer-name  # pytest hands fixtures in by name

from __future__ import annotations

import json
import pathlib
import typing as t

import pytest
import yaml
from e2e import PlaybookRun, run_playbook, writes
from fleet import applied, demo_env

APPLY = "eightbyeight.contact_center.apply"
# 101, 102 and 103 are running in the demo tenant; each is desired running, with its own mode.
CAMPAIGNS = [
    {"id": 101, "state": "running"},
    {"id": 102, "state": "running", "mode": "guard"},
    {"id": 103, "state": "running", "mode": "observe"},
]
CALLING_HOURS = {
    "name": "US calling hours",
    "kind": "calling_hours",
    "time_zone": "America/Chicago",
    "days": ["mon", "tue", "wed", "thu", "fri", "sat"],
    "start": "08:00",
    "end": "21:00",
}
LATE = "2026-12-01T21:30:00-06:00"  # a Tuesday, half an hour after the window closed in Chicago
EARLY = "2026-12-01T10:00:00-06:00"


@pytest.fixture
def apply(collections_path: pathlib.Path, tmp_path: pathlib.Path, sim, control) -> t.Callable[..., PlaybookRun]:
    def run(desired: dict[str, t.Any], *options: str) -> PlaybookRun:
        (tmp_path / "desired-state.yml").write_text(yaml.safe_dump(desired, sort_keys=False))
        return run_playbook(
            collections_path, tmp_path, APPLY, "-e", "@desired-state.yml", *options, env=demo_env(sim.base_url)
        )

    return run


def test_a_calling_window_closed_at_policy_time_pauses_enforce_and_guard_and_leaves_observe(apply, control, tmp_path):
    desired = {"campaigns": CAMPAIGNS, "windows": [CALLING_HOURS]}
    gate = apply(desired, "--check", "-e", f"policy_time={LATE}", "-e", "fail_on_drift=true", "-e", "plan_file=plan")
    assert gate.returncode == 2, gate.output
    assert "2 campaign(s) drifted from the desired state: campaign 101" in gate.output
    assert "campaign 103" not in gate.output.split("drifted from the desired state")[1].split("\n")[0], (
        "observe never fails it"
    )
    plan = json.loads((tmp_path / "plan.json").read_text())
    rows = {row["id"]: row for row in plan["campaigns"]}
    assert {i: (r["desired"], r["transitions"], r.get("held"), r["mode"]) for i, r in rows.items()} == {
        101: ("paused", ["PAUSED"], None, "enforce"),
        102: ("paused", ["PAUSED"], None, "guard"),
        103: ("paused", [], ["PAUSED"], "observe"),
    }
    assert rows[101]["decided_by"].startswith("outside US calling hours")
    assert rows[103]["held_because"].startswith("mode observe")
    assert writes(control) == []

    in_hours = apply(desired, "--check", "-e", f"policy_time={EARLY}", "-e", "fail_on_drift=true")
    assert in_hours.returncode == 0, in_hours.output

    real = apply(desired, "-e", f"policy_time={LATE}")
    assert (
        real.returncode != 0
        and "policy_time plans as of another time, so it is taken in check mode only" in real.output
    )
    assert writes(control) == []


def test_a_freeze_refuses_apply_with_nothing_sent_and_override_freeze_applies(apply, control):
    freeze = {
        "name": "Year-end freeze",
        "kind": "freeze",
        "from": "2026-01-01T00:00:00+00:00",
        "until": "2099-01-01T00:00:00+00:00",
    }
    desired = {"campaigns": [{"id": 103, "state": "paused"}, {"id": 108, "state": "running"}], "windows": [freeze]}
    refused = apply(desired)
    assert refused.returncode == 2, refused.output
    assert (
        "2 campaigns not changed, inside a freeze: campaign 103 (Customer satisfaction survey) would be sent PAUSED, but "
        "the freeze Year-end freeze lasts until 2099-01-01T00:00:00Z" in refused.output
    )
    assert writes(control) == []
    assert applied(refused)["summary"]["held"] == 2

    overridden = apply(desired, "-e", "override_freeze=true")
    assert overridden.returncode == 0, overridden.output
    assert sorted(writes(control, applied_only=True)) == [(103, "PAUSED"), (108, "RUNNING")]
    assert "override_freeze: the freeze Year-end freeze was overridden" in overridden.output


def test_a_freeze_never_blocks_a_pause_for_calling_hours(apply, control):
    closed_all_day = {**CALLING_HOURS, "days": ["sun"], "start": "00:00", "end": "00:01"}
    freeze = {
        "name": "Freeze",
        "kind": "freeze",
        "from": "2026-01-01T00:00:00+00:00",
        "until": "2099-01-01T00:00:00+00:00",
    }
    desired = {"campaigns": [{"id": 101, "state": "running"}], "windows": [closed_all_day, freeze]}
    done = apply(desired)
    assert done.returncode == 0, done.output
    assert writes(control, applied_only=True) == [(101, "PAUSED")]


def test_a_broken_window_is_named_with_its_place_before_anything_is_sent(apply, control):
    desired = {
        "campaigns": CAMPAIGNS,
        "windows": [CALLING_HOURS, {**CALLING_HOURS, "name": "Texas", "time_zone": "Texas/Austin"}],
    }
    done = apply(desired, "--check")
    assert done.returncode != 0
    assert "windows[1].time_zone" in done.output
    assert control.log() == []
