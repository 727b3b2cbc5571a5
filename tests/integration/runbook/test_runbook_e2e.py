# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The on-call runbook as an engineer runs it: pause, resume and report by name with ansible-playbook, on the inputs
that broke the Jinja it replaced. make integration-older runs this file with the older ansible-cores too."""

# pylint: disable=redefined-outer-name  # pytest hands fixtures in by name

from __future__ import annotations

import json
import pathlib
import typing as t

import pytest
import yaml
from e2e import SECRETS, PlaybookRun, reads, run_playbook, writes
from fleet import demo_env, results_of

from simulator import Simulator

APPLY = "eightbyeight.contact_center.apply"
PAUSE = "eightbyeight.contact_center.pause"
RESUME = "eightbyeight.contact_center.resume"
REPORT = "eightbyeight.contact_center.report"
LIFT = "eightbyeight.contact_center.lift"
RUNNING = [
    101,
    102,
    103,
    104,
]  # the demo tenant's running campaigns: Manual Started, Scheduled, Manual Running, Schedule Running
IDLE = [100, 105, 108, 110]  # new, stopped, paused, purged


@pytest.fixture
def run(collections_path: pathlib.Path, tmp_path: pathlib.Path, sim, control) -> t.Callable[..., PlaybookRun]:
    def run_(playbook: str, *options: str, env: dict[str, str] | None = None) -> PlaybookRun:
        return run_playbook(collections_path, tmp_path, playbook, *options, env=env or demo_env(sim.base_url))

    return run_


def said(run: PlaybookRun) -> list[str]:
    [lines] = results_of(run, "Say what became of each campaign")
    return lines["msg"]


def snapshots(directory: pathlib.Path) -> list[pathlib.Path]:
    return sorted(directory.glob("paused-*.json"))


def test_pause_when_every_listed_campaign_is_running_pauses_them_all_with_three_requests_each(run, control, tmp_path):
    pause = run(PAUSE, "-e", "campaign_ids=" + ",".join(map(str, RUNNING)))
    assert pause.returncode == 0, pause.output
    assert sorted(writes(control, applied_only=True)) == [(c, "PAUSED") for c in RUNNING]
    assert sorted(reads(control)) == sorted(RUNNING * 2), "one read before, one to confirm"
    assert [control.campaign("demo", c)["status"] for c in RUNNING] == [8, 8, 8, 8]
    [snapshot] = snapshots(tmp_path)
    assert said(pause)[-1].startswith(f"Snapshot saved in {snapshot}; to resume: ")


def test_pause_when_nothing_is_running_sends_nothing_and_a_second_pause_names_the_snapshot_that_restores(
    run, control, tmp_path
):
    first = run(PAUSE, "-e", "campaign_ids=101 102".replace(" ", ","))
    assert first.returncode == 0, first.output
    [snapshot] = snapshots(tmp_path)
    count = len(writes(control))
    second = run(PAUSE, "-e", "campaign_ids=101,102")
    assert second.returncode == 0, second.output
    assert len(writes(control)) == count and snapshots(tmp_path) == [snapshot], "no write, no new snapshot"
    assert said(second)[-1] == (
        "Nothing was dialing among the 2 campaigns read: nothing to pause, and no snapshot was saved; the newest snapshot "
        f"of this tenant that would resume them is {snapshot}; to resume: "
        f"ansible-playbook eightbyeight.contact_center.resume -e @{snapshot}"
    )
    idle = run(PAUSE, "-e", "campaign_ids=" + ",".join(map(str, IDLE)))
    assert idle.returncode == 0 and len(writes(control)) == count


@pytest.mark.parametrize(
    "spelling", ['{"campaign_ids": "101 102"}', 'campaign_ids="101 102"', '{"campaign_ids": ["101", 102]}']
)
def test_ids_separated_by_spaces_or_quoted_are_each_paused(run, control, spelling):
    pause = run(PAUSE, "-e", spelling)
    assert pause.returncode == 0, pause.output
    assert sorted(writes(control, applied_only=True)) == [(101, "PAUSED"), (102, "PAUSED")]


def test_a_bad_id_is_refused_naming_it_before_any_request(run, control):
    pause = run(PAUSE, "-e", '{"campaign_ids": "101 10a2"}')
    assert pause.returncode != 0
    assert (
        "campaign_ids: item 2 ('10a2') is not a campaign ID (a positive whole number); nothing was sent" in pause.output
    )
    assert control.log() == []


def test_check_mode_pauses_nothing_saves_nothing_and_claims_no_file(run, control, tmp_path):
    pause = run(PAUSE, "--check", "-e", "campaign_ids=101,108")
    assert pause.returncode == 0, pause.output
    assert writes(control) == [] and snapshots(tmp_path) == []
    assert "Snapshot saved" not in pause.output
    assert said(pause)[-1].startswith(
        "Check mode: nothing was paused, no snapshot saved and no hold opened; a real run would save it in "
    )


def test_resume_refuses_another_tenants_snapshot_and_takes_its_own(run, control, sim, tmp_path):
    acme = {
        **demo_env(sim.base_url),
        "EIGHTBYEIGHT_CC_USERNAME": "acme",
        "EIGHTBYEIGHT_CC_DATA_TOKEN": "acme-data-token",
        "EIGHTBYEIGHT_CC_ACTION_TOKEN": "acme-action-token",
    }
    pause = run(PAUSE, "-e", "campaign_ids=100", env=acme)  # acme's 100 is running; demo's 100 is a new campaign
    assert pause.returncode == 0, pause.output
    [snapshot] = snapshots(tmp_path)
    count = len(control.log())
    wrong = run(RESUME, "-e", f"@{snapshot}")  # the demo tenant, which has a campaign 100 too
    assert wrong.returncode != 0
    assert (
        f"the snapshot is of the tenant acme at {sim.base_url}, taken at " in wrong.output
        and f"but this run connects to the tenant demo at {sim.base_url}: nothing was sent" in wrong.output
    )
    assert len(control.log()) == count, "nothing was sent, not even a read"
    right = run(RESUME, "-e", f"@{snapshot}", env=acme)
    assert right.returncode == 0, right.output
    assert writes(control)[-1] == (100, "RUNNING") and control.campaign("acme", 100)["status"] == 3


def test_a_missing_connection_shows_the_modules_own_message(run, control):
    for playbook in (PAUSE, REPORT):
        done = run(playbook, "-e", "campaign_ids=101", env={"EIGHTBYEIGHT_CC_USERNAME": "demo"})
        assert done.returncode != 0
        assert (
            "data_token is not set: set it in the task or module_defaults, or EIGHTBYEIGHT_CC_DATA_TOKEN" in done.output
        )
        assert "has no attribute" not in done.output
    assert control.log() == []


def test_a_desired_state_file_with_quoted_ids_is_applied_and_planned(run, control, tmp_path):
    (tmp_path / "quoted.yml").write_text('campaigns:\n  - {id: "103", state: paused}\n  - {id: "108", state: paused}\n')
    plan = run(APPLY, "-e", "@quoted.yml", "--check", "-e", "plan_file=plan")
    assert plan.returncode == 0, plan.output
    rows = json.loads((tmp_path / "plan.json").read_text())["campaigns"]
    assert [(r["id"], r["desired"], r["transitions"]) for r in rows] == [(103, "paused", ["PAUSED"])]
    apply = run(APPLY, "-e", "@quoted.yml", "-e", "plan_file=plan")
    assert apply.returncode == 0, apply.output
    assert writes(control, applied_only=True) == [(103, "PAUSED")]
    assert "[WARNING]" not in apply.output


def inventory(tmp_path: pathlib.Path, sim, **host: t.Any) -> pathlib.Path:
    """An inventory with one tenant, acme_tenant: the simulator's demo tenant, with a desired-state file."""
    (tmp_path / "desired").mkdir(exist_ok=True)
    (tmp_path / "desired" / "acme.yml").write_text(
        yaml.safe_dump(
            {
                "campaigns": [
                    {"id": 101, "state": "running"},
                    {"id": 103, "state": "running"},
                    {"id": 108, "state": "paused"},
                ]
            }
        )
    )
    variables = {
        "ansible_connection": "local",
        "desired_state_api_url": sim.base_url,
        "desired_state_username": "demo",
        "desired_state_data_token_env": "ACME_DATA",
        "desired_state_action_token_env": "ACME_ACTION",
        "desired_state_file": "{{ inventory_dir }}/desired/acme.yml",
        **host,
    }
    path = tmp_path / "tenants.yml"
    path.write_text(yaml.safe_dump({"tenants": {"hosts": {"acme_tenant": variables}}}))
    return path


def tenant_env() -> dict[str, str]:
    return {"ACME_DATA": "demo-data-token", "ACME_ACTION": "demo-action-token"}


def test_pause_with_no_ids_pauses_the_tenants_whole_desired_state(run, control, sim, tmp_path):
    tenants = inventory(tmp_path, sim)
    pause = run(PAUSE, "-i", str(tenants), "-e", "target=acme_tenant", env=tenant_env())
    assert pause.returncode == 0, pause.output
    assert sorted(writes(control, applied_only=True)) == [(101, "PAUSED"), (103, "PAUSED")]
    assert said(pause)[:2] == [
        "2 campaigns paused, 1 idle (new, paused, purged or stopped); none of them is dialing now",
        "Campaigns: the 3 campaigns of this host's desired state",
    ]
    [snapshot] = snapshots(tmp_path)
    assert snapshot.name.startswith("paused-acme_tenant-")
    assert f"resume -i {tenants} -e target=acme_tenant -e @{snapshot}" in said(pause)[-1]
    resume = run(RESUME, "-i", str(tenants), "-e", "target=acme_tenant", "-e", f"@{snapshot}", env=tenant_env())
    assert resume.returncode == 0, resume.output
    assert sorted(writes(control, applied_only=True)[2:]) == [(101, "RUNNING"), (103, "RUNNING")]


def test_on_a_tenant_with_a_desired_state_the_campaigns_given_win_and_it_says_so(run, control, sim, tmp_path):
    tenants = inventory(tmp_path, sim, desired_state_campaigns=[{"id": 104, "state": "running"}])
    pause = run(PAUSE, "-i", str(tenants), "-e", "target=acme_tenant", "-e", "campaign_ids=102", env=tenant_env())
    assert pause.returncode == 0, pause.output
    assert writes(control, applied_only=True) == [(102, "PAUSED")]
    assert said(pause)[1] == "Campaigns: the 1 campaign given; this host's desired state is not used"
    report = run(REPORT, "-i", str(tenants), "-e", "target=acme_tenant", env=tenant_env())
    assert report.returncode == 0, report.output
    assert json.loads((tmp_path / "report-acme_tenant.json").read_text())["host"] == "acme_tenant"
    apply = run(
        APPLY,
        "-i",
        str(tenants),
        "-e",
        "target=acme_tenant",
        "-e",
        '{"campaigns": [{"id": 102, "state": "running"}]}',
        env=tenant_env(),
    )
    assert apply.returncode == 0, apply.output
    assert "The desired state given as campaigns is applied; this host's desired_state_file" in apply.output
    # The pause's hold keeps apply from starting 102, until it is lifted
    assert writes(control, applied_only=True) == [(102, "PAUSED")] and "not sent (RUNNING): held since" in apply.output
    lift = run(LIFT, "-i", str(tenants), "-e", "target=acme_tenant", "-e", "campaign_ids=102", env=tenant_env())
    assert lift.returncode == 0, lift.output
    again = run(
        APPLY, "-i", str(tenants), "-e", "target=acme_tenant", "-e", '{"campaigns": [{"id": 102, "state": "running"}]}',
        env=tenant_env(),
    )  # fmt: skip
    assert again.returncode == 0, again.output
    assert writes(control, applied_only=True)[-1] == (102, "RUNNING")
    assert not any(secret in pause.output + report.output + apply.output + lift.output for secret in SECRETS)


@pytest.fixture(scope="module")
def fleet_sim() -> t.Iterator[Simulator]:
    """A simulator whose tenant load has campaigns 1 to 500, all running."""
    with Simulator(generate=FLEET) as simulator:
        yield simulator


FLEET = 500


def test_five_hundred_running_campaigns_are_paused_and_resumed_in_one_run_with_three_requests_each(
    collections_path, tmp_path, fleet_sim
):
    control = fleet_sim.client
    control.reset()
    env = {
        "EIGHTBYEIGHT_CC_API_URL": fleet_sim.base_url,
        "EIGHTBYEIGHT_CC_USERNAME": "load",
        "EIGHTBYEIGHT_CC_DATA_TOKEN": "load-data-token",
        "EIGHTBYEIGHT_CC_ACTION_TOKEN": "load-action-token",
    }
    ids = ",".join(map(str, range(1, FLEET + 1)))
    pause = run_playbook(collections_path, tmp_path, PAUSE, "-e", f"campaign_ids={ids}", env=env)
    assert pause.returncode == 0, pause.output[-3000:]
    log = control.log()
    assert len(log) == 3 * FLEET and sorted(writes(control, applied_only=True)) == [
        (c, "PAUSED") for c in range(1, FLEET + 1)
    ]
    [snapshot] = snapshots(tmp_path)
    count = len(log)
    resume = run_playbook(collections_path, tmp_path, RESUME, "-e", f"@{snapshot}", env=env)
    assert resume.returncode == 0, resume.output[-3000:]
    assert len(control.log()) - count == 3 * FLEET
    assert all(control.campaign("load", c)["status"] == 3 for c in (1, FLEET // 2, FLEET))


def test_with_several_hosts_each_saves_its_own_snapshot_also_when_one_name_is_given(run, control, sim, tmp_path):
    host = {
        "ansible_connection": "local",
        "desired_state_api_url": sim.base_url,
        "desired_state_username": "demo",
        "desired_state_data_token_env": "ACME_DATA",
        "desired_state_action_token_env": "ACME_ACTION",
    }
    (tmp_path / "two.yml").write_text(
        yaml.safe_dump(
            {
                "tenants": {
                    "hosts": {
                        "east": {**host, "desired_state_campaigns": [{"id": 101, "state": "running"}]},
                        "west": {**host, "desired_state_campaigns": [{"id": 102, "state": "running"}]},
                    }
                }
            }
        )
    )
    pause = run(PAUSE, "-i", "two.yml", "-e", "target=tenants", "-e", "pause_snapshot=night.json", env=tenant_env())
    assert pause.returncode == 0, pause.output
    east = json.loads((tmp_path / "night-east.json").read_text())["pause_snapshots"]["east"]
    west = json.loads((tmp_path / "night-west.json").read_text())["pause_snapshots"]["west"]
    assert ([c["id"] for c in east["campaigns"]], [c["id"] for c in west["campaigns"]]) == ([101], [102])


@pytest.mark.parametrize("playbook", [PAUSE, RESUME, REPORT, APPLY])
def test_a_target_that_matches_no_host_fails_instead_of_doing_nothing(run, control, playbook):
    done = run(playbook, "-e", "target=acmee", "-e", "campaign_ids=101")
    assert done.returncode != 0
    assert "target acmee matches no host of the inventory" in done.output
    assert control.log() == []
