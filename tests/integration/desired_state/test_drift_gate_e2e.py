# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The drift gate: apply --check with fail_on_drift fails when the tenant drifted, after printing the plan."""

# pylint: disable=redefined-outer-name  # pytest hands fixtures in by name

from __future__ import annotations

import json
import pathlib
import typing as t

import pytest
from e2e import SECRETS, PlaybookRun, run_playbook, writes
from fleet import DESIRED_STATE, demo_env

APPLY = "eightbyeight.contact_center.apply"


@pytest.fixture
def apply(collections_path: pathlib.Path, tmp_path: pathlib.Path, sim, control) -> t.Callable[..., PlaybookRun]:
    def run(*options: str) -> PlaybookRun:
        return run_playbook(
            collections_path, tmp_path, APPLY, "-e", f"@{DESIRED_STATE}", *options, env=demo_env(sim.base_url)
        )

    return run


def test_drift_fails_the_check_after_writing_the_plan(apply, control, tmp_path):
    plan_file = tmp_path / "plan"
    run = apply("--check", "-e", "fail_on_drift=true", "-e", f"plan_file={plan_file}")
    assert run.returncode == 2, run.output
    assert (
        "4 campaign(s) drifted from the desired state: campaign 100 (Spring renewal reminders) is new, desired running"
        in run.output
    )
    assert "campaign 103 (Customer satisfaction survey): would send PAUSED, PURGED" in run.output, (
        "the plan comes first"
    )
    assert writes(control) == []
    plan = json.loads(plan_file.with_suffix(".json").read_text(encoding="utf-8"))
    assert (plan["tenant"], plan["check_mode"], plan["complete"]) == (
        {"api_url": control.base_url, "username": "demo"},
        True,
        True,
    )
    rows = plan["campaigns"]
    assert [(r["id"], r["name"], r["status"], r["status_name"], r["desired"], r["transitions"]) for r in rows] == [
        (100, "Spring renewal reminders", 0, "New", "running", ["RUNNING"]),
        (103, "Customer satisfaction survey", 3, "Manual Running", "purged", ["PAUSED", "PURGED"]),
        (104, "Appointment confirmations", 4, "Schedule Running", "stopped", ["STOPPED"]),
        (108, "Abandoned cart recovery", 8, "Manual Paused", "running", ["RUNNING"]),
    ]
    assert set(rows[0]) == {"id", "name", "status", "status_name", "state", "desired", "transitions"}, "nothing else"
    markdown = plan_file.with_suffix(".md").read_text(encoding="utf-8")
    assert "| 103 | Customer satisfaction survey | 3 (Manual Running) | purged | PAUSED, PURGED |" in markdown
    for written in (run.output, markdown, json.dumps(plan)):
        assert not any(secret in written for secret in SECRETS)


def test_no_drift_passes_the_check_and_says_so_in_the_plan(apply, control, tmp_path):
    assert apply().returncode == 0  # bring the tenant to the desired state
    plan_file = tmp_path / "plan"
    run = apply("--check", "-e", "fail_on_drift=true", "-e", f"plan_file={plan_file}")
    assert run.returncode == 0, run.output
    plan = json.loads(plan_file.with_suffix(".json").read_text(encoding="utf-8"))
    assert (plan["campaigns"], plan["complete"]) == ([], True)
    assert "No campaign would change" in plan_file.with_suffix(".md").read_text(encoding="utf-8")


def test_without_fail_on_drift_the_check_passes_with_drift(apply):
    assert apply("--check").returncode == 0


def test_a_check_with_a_refused_token_writes_a_plan_that_says_the_check_failed(apply, control, tmp_path):
    plan_file = tmp_path / "plan"
    run = apply(
        "--check",
        "-e",
        "fail_on_drift=true",
        "-e",
        f"plan_file={plan_file}",
        "-e",
        "desired_state_data_token=not-the-data-token",
    )
    assert run.returncode == 2, run.output
    assert "was refused (HTTP 401" in run.output and "check username and data_token" in run.output
    plan = json.loads(plan_file.with_suffix(".json").read_text(encoding="utf-8"))
    assert plan["complete"] is False and plan["campaigns"] == [] and plan["failures"]
    markdown = plan_file.with_suffix(".md").read_text(encoding="utf-8")
    assert "**The check failed**" in markdown and "No campaign would change" not in markdown
    assert "not-the-data-token" not in run.output + markdown


def test_no_warning_and_no_plan_dump_in_a_normal_run(apply):
    run = apply()
    assert run.returncode == 0, run.output
    assert "[WARNING]" not in run.output and "desired_state_plan" not in run.output, run.output
