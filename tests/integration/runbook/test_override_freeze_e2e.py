# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""``-e override_freeze=true`` through each playbook that documents it, by name with ansible-playbook: the tenant's
desired state (a file, named by its inventory host) is inside a freeze; without the override the change is held back
and nothing is sent, with it the change is sent."""

# pylint: disable=redefined-outer-name  # pytest hands fixtures in by name

from __future__ import annotations

import pathlib
import typing as t

import pytest
import yaml
from e2e import PlaybookRun, run_playbook, writes
from fleet import applied

from simulator import Simulator, SimulatorClient

APPLY = "eightbyeight.contact_center.apply"
PAUSE = "eightbyeight.contact_center.pause"
RESUME = "eightbyeight.contact_center.resume"
HOST = "acme_tenant"
# Both running in the demo tenant (Manual Started, Manual Running), both desired running.
CAMPAIGNS = [101, 103]
FREEZE = {
    "name": "Year-end freeze",
    "kind": "freeze",
    "from": "2026-01-01T00:00:00+00:00",
    "until": "2099-01-01T00:00:00+00:00",
}
HELD_BACK = "frozen by Year-end freeze until 2099-01-01T00:00:00+00:00"
OVERRIDDEN = "override_freeze: the freeze Year-end freeze was overridden"


class Tenant(t.NamedTuple):
    """Runs a playbook against the inventory host whose desired state is the frozen file."""

    run: t.Callable[..., PlaybookRun]
    directory: pathlib.Path


@pytest.fixture
def tenant(collections_path: pathlib.Path, tmp_path: pathlib.Path, sim: Simulator, control: SimulatorClient) -> Tenant:
    desired = {"campaigns": [{"id": c, "state": "running"} for c in CAMPAIGNS], "windows": [FREEZE]}
    (tmp_path / "desired-state.yml").write_text(yaml.safe_dump(desired, sort_keys=False), encoding="utf-8")
    host = {
        "ansible_connection": "local",
        "desired_state_api_url": sim.base_url,
        "desired_state_username": "demo",
        "desired_state_data_token_env": "ACME_DATA",
        "desired_state_action_token_env": "ACME_ACTION",
        "desired_state_file": str(tmp_path / "desired-state.yml"),
    }
    inventory = tmp_path / "tenants.yml"
    inventory.write_text(yaml.safe_dump({"tenants": {"hosts": {HOST: host}}}), encoding="utf-8")
    # The pause's hold goes beside its snapshot, in the test's own directory.
    env = {
        "ACME_DATA": "demo-data-token",
        "ACME_ACTION": "demo-action-token",
        "EIGHTBYEIGHT_CC_HOLD_DIR": str(tmp_path),
    }

    def run(playbook: str, *options: str) -> PlaybookRun:
        return run_playbook(
            collections_path, tmp_path, playbook, "-i", str(inventory), "-e", f"target={HOST}", *options, env=env
        )

    return Tenant(run, tmp_path)


def statuses(control: SimulatorClient) -> list[int]:
    return [control.campaign("demo", c)["status"] for c in CAMPAIGNS]


def resume_lines(run: PlaybookRun) -> list[str]:
    [entry] = [e for e in run.results if e["task"].endswith("Say what became of each campaign")]
    return entry["result"]["msg"]


def test_resume_in_a_freeze_holds_back_without_the_override_and_resumes_with_it(
    tenant: Tenant, control: SimulatorClient
) -> None:
    pause = tenant.run(PAUSE)  # the pause is never frozen: it takes the host's whole desired state
    assert pause.returncode == 0, pause.output
    assert sorted(writes(control, applied_only=True)) == [(c, "PAUSED") for c in CAMPAIGNS]
    assert statuses(control) == [8, 8]
    [snapshot] = sorted(tenant.directory.glob(f"paused-{HOST}-*.json"))
    paused = len(writes(control))

    for spelling in ([], ["-e", "override_freeze=false"]):
        held = tenant.run(RESUME, "-e", f"@{snapshot}", *spelling)
        assert held.returncode == 0, f"a campaign held back is no failure of the resume: {held.output}"
        assert writes(control)[paused:] == [], f"nothing is sent inside the freeze ({spelling}): {held.output}"
        assert statuses(control) == [8, 8]
        not_resumed = [line for line in resume_lines(held) if "NOT RESUMED" in line]
        assert len(not_resumed) == 2 and all(HELD_BACK in line for line in not_resumed), resume_lines(held)

    overridden = tenant.run(RESUME, "-e", f"@{snapshot}", "-e", "override_freeze=true")
    assert overridden.returncode == 0, overridden.output
    assert sorted(writes(control, applied_only=True)[paused:]) == [(c, "RUNNING") for c in CAMPAIGNS]
    assert statuses(control) == [3, 3], "back to Manual Running, as the API starts a campaign"
    campaign_lines = [line for line in resume_lines(overridden) if line.startswith("campaign ")]
    assert [line.rsplit(": ", 1)[1] for line in campaign_lines] == ["resumed (RUNNING)"] * 2, resume_lines(overridden)


def test_apply_in_a_freeze_holds_back_without_the_override_and_applies_with_it(
    tenant: Tenant, control: SimulatorClient
) -> None:
    desired = {"campaigns": [{"id": 101, "state": "paused"}, {"id": 108, "state": "running"}], "windows": [FREEZE]}
    (tenant.directory / "desired-state.yml").write_text(yaml.safe_dump(desired, sort_keys=False), encoding="utf-8")

    for spelling in ([], ["-e", "override_freeze=false"]):
        held = tenant.run(APPLY, *spelling)
        assert held.returncode == 2, f"a real run fails after the plan ({spelling}): {held.output}"
        assert writes(control) == []
        assert applied(held)["summary"]["held"] == 2
        assert OVERRIDDEN not in held.output
    assert [control.campaign("demo", c)["status"] for c in (101, 108)] == [1, 8]

    overridden = tenant.run(APPLY, "-e", "override_freeze=true")
    assert overridden.returncode == 0, overridden.output
    assert sorted(writes(control, applied_only=True)) == [(101, "PAUSED"), (108, "RUNNING")]
    assert [control.campaign("demo", c)["status"] for c in (101, 108)] == [8, 3]
    assert OVERRIDDEN in overridden.output
