# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Campaigns that reach jurisdictions, applied by name with ansible-playbook on the simulator: the plan names the
jurisdiction, zone and rule of each row with its citation; a real apply pauses what reaches a closed one; the drift
gate fails for it; resume refuses to start it; an unknown code and a missing holidays package are refused with
nothing sent."""

# pylint: disable=redefined-outer-name  # pytest hands fixtures in by name

from __future__ import annotations

import json
import pathlib
import site
import subprocess
import sys
import typing as t

import pytest
import yaml
from e2e import PlaybookRun, run_playbook, writes
from fleet import demo_env

APPLY = "eightbyeight.contact_center.apply"
PAUSE = "eightbyeight.contact_center.pause"
RESUME = "eightbyeight.contact_center.resume"
# A Tuesday, 20:30 in Eastern time, 19:30 in Central: Florida has closed in its Eastern zone, Texas is open.
FLORIDA_CLOSED = "2026-12-01T20:30:00-05:00"
FLORIDA = "Fla. Stat. 501.616(6)(a), https://www.flsenate.gov/Laws/Statutes/2025/501.616"
# A test-only row of the team's own that is closed every day: "now" is always after its hours.
NEVER_OPEN = {
    "code": "ZZ",
    "name": "Closed for the tests",
    "zones": ["UTC"],
    "hours": {"mon": "closed"},
    "citation": "the test suite",
    "checked": "2026-12-06",
}


@pytest.fixture
def run(collections_path: pathlib.Path, tmp_path: pathlib.Path, sim, control) -> t.Callable[..., PlaybookRun]:
    def run_(playbook: str, desired: dict[str, t.Any] | None, *options: str) -> PlaybookRun:
        extra: tuple[str, ...] = ()
        if desired is not None:
            (tmp_path / "desired-state.yml").write_text(yaml.safe_dump(desired, sort_keys=False))
            extra = ("-e", f"desired_state_file={tmp_path / 'desired-state.yml'}")
        return run_playbook(collections_path, tmp_path, playbook, *extra, *options, env=demo_env(sim.base_url))

    return run_


def test_the_plan_names_the_jurisdiction_zone_and_rule_with_its_citation_and_the_gate_fails(run, control, tmp_path):
    desired = {
        "version": 2,
        "campaigns": [
            {"id": 101, "state": "running", "reaches": ["US-FL"]},
            {"id": 102, "state": "running", "reaches": ["US-TX"]},
        ],
    }
    gate = run(APPLY, desired, "--check", "-e", f"policy_time={FLORIDA_CLOSED}", "-e", "fail_on_drift=true")
    assert gate.returncode == 2, gate.output
    planned = run(APPLY, desired, "--check", "-e", f"policy_time={FLORIDA_CLOSED}", "-e", "plan_file=plan")
    assert planned.returncode == 0, planned.output
    rows = {row["id"]: row for row in json.loads((tmp_path / "plan.json").read_text())["campaigns"]}
    assert list(rows) == [101], "Texas is open at 19:30 Central: 102 stays running"
    assert rows[101]["transitions"] == ["PAUSED"]
    assert rows[101]["decided_by"] == "US-FL closed at 20:00 in America/New_York (Fla. Stat. 501.616(6)(a))"
    assert rows[101]["citations"] == [FLORIDA]
    assert writes(control) == []


def test_a_real_apply_pauses_what_reaches_a_closed_jurisdiction_and_resume_refuses_to_start_it(run, control, tmp_path):
    desired = {
        "jurisdictions": [NEVER_OPEN],
        "campaigns": [{"id": 101, "state": "running", "reaches": ["ZZ"]}, {"id": 102, "state": "running"}],
    }
    gate = run(APPLY, desired, "--check", "-e", "fail_on_drift=true")
    assert gate.returncode == 2 and "campaign 101" in gate.output, gate.output
    assert writes(control) == []

    applied = run(APPLY, desired)
    assert applied.returncode == 0, applied.output
    assert writes(control, applied_only=True) == [(101, "PAUSED")]
    assert "ZZ is closed on " in applied.output and " in UTC (the test suite)" in applied.output

    # The runbook: pause 102 and 103, then resume them from the snapshot with a file that says 103 may not dial.
    pause = run(PAUSE, None, "-e", "campaign_ids=102,103")
    assert pause.returncode == 0, pause.output
    [snapshot] = sorted(tmp_path.glob("paused-*.json"))
    taken = json.loads(snapshot.read_text())["pause_snapshots"]["localhost"]["campaigns"]
    assert {entry["id"] for entry in taken} == {102, 103}
    t.cast("list[dict[str, t.Any]]", desired["campaigns"]).append({"id": 103, "state": "running", "reaches": ["ZZ"]})
    resumed = run(RESUME, desired, "-e", f"@{snapshot}")
    assert (102, "RUNNING") in writes(control, applied_only=True), resumed.output
    assert (103, "RUNNING") not in writes(control), resumed.output
    assert "ZZ is closed on " in resumed.output, resumed.output


def test_a_code_with_no_rule_is_refused_by_name_with_nothing_sent(run, control):
    desired = {"campaigns": [{"id": 101, "state": "paused", "reaches": ["US-FL", "US-ZZ"]}]}
    refused = run(APPLY, desired)
    assert refused.returncode != 0
    assert "campaigns[0].reaches[1] (id 101) is 'US-ZZ', a jurisdiction with no calling rule" in refused.output
    assert writes(control) == []


@pytest.fixture
def python_without_holidays(tmp_path: pathlib.Path) -> pathlib.Path:
    """A Python for the modules with requests and PyYAML but not holidays: a virtual environment that sees only
    those packages of the test environment's."""
    home = tmp_path / "no-holidays"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(home)], check=True)
    python = home / "bin" / "python"
    packages = pathlib.Path(site.getsitepackages()[0])
    lent = home / "lent"
    lent.mkdir()
    for name in ("requests", "urllib3", "idna", "certifi", "charset_normalizer", "yaml", "_yaml"):
        if (packages / name).exists():
            (lent / name).symlink_to(packages / name)
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (pathlib.Path(purelib) / "lent.pth").write_text(f"{lent}\n")
    probe = subprocess.run(
        [str(python), "-c", "import requests, yaml; import holidays"], capture_output=True, text=True, check=False
    )
    assert "No module named 'holidays'" in probe.stderr, probe.stderr
    return python


def test_without_the_holidays_package_a_rule_that_needs_it_fails_clearly_with_nothing_sent(
    run, control, python_without_holidays
):
    interpreter = ("-e", f"ansible_python_interpreter={python_without_holidays}")
    florida = run(APPLY, {"campaigns": [{"id": 103, "state": "paused", "reaches": ["US-FL"]}]}, *interpreter)
    assert florida.returncode == 0, florida.output  # no rule of Florida's names holidays: no need for the package
    count = len(writes(control))
    alabama = run(APPLY, {"campaigns": [{"id": 101, "state": "paused", "reaches": ["US-AL"]}]}, *interpreter)
    assert alabama.returncode != 0
    assert "the Python library holidays is needed to read the calling rules of US-AL" in alabama.output
    assert "pip install holidays" in alabama.output and "Traceback" not in alabama.output
    assert len(writes(control)) == count, "nothing sent"
