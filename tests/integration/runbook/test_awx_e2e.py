# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The collection's playbooks run as AWX runs a job: through ansible-runner, with the credentials only in the environment.

AWX hands a job to ansible-runner with a private data directory (project, inventory, env/envvars) and puts
what a custom credential type injects into the job's environment. Here the credential type is the one the
documentation gives (docs/examples/awx-credential-type.yml), its injectors rendered with the simulator's demo
tenant; the project is a playbook that imports the collection's apply playbook and a desired-state file, as a
project in git would hold them, or the project of the runbook's job templates (docs/examples/awx-project/) with the
inventory host of docs/examples/awx-runbook.yml.
"""

# pylint: disable=redefined-outer-name  # pytest hands fixtures in by name

from __future__ import annotations

import json
import os
import pathlib
import re
import shutil
import sys
import typing as t

import ansible_runner
import pytest
import yaml
from e2e import DEMO, SECRETS, writes

from simulator import Simulator, SimulatorClient

ROOT = pathlib.Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "docs" / "examples"
CREDENTIAL_TYPE = EXAMPLES / "awx-credential-type.yml"

INJECTED_TOKENS = ("EIGHTBYEIGHT_CC_DATA_TOKEN", "EIGHTBYEIGHT_CC_ACTION_TOKEN")
DESIRED = {
    "campaigns": [{"id": 100, "state": "running"}, {"id": 103, "state": "purged"}, {"id": 110, "state": "paused"}]
}


def injected_environment(inputs: dict[str, str]) -> dict[str, str]:
    """The variables AWX sets from the credential type's env injectors for a credential with these inputs.

    AWX renders each injector as a Jinja template of the inputs; an input left empty renders as "". It refuses to
    save a credential without the type's required inputs.
    """
    credential_type = yaml.safe_load(CREDENTIAL_TYPE.read_text(encoding="utf-8"))
    missing = [field for field in credential_type["inputs"]["required"] if not inputs.get(field)]
    assert not missing, f"AWX would not save a credential without {missing}"
    env = {}
    for name, template in credential_type["injectors"]["env"].items():
        field = template.strip().removeprefix("{{").removesuffix("}}").strip()
        env[name] = inputs.get(field, "")
    return env


@pytest.fixture
def job(tmp_path: pathlib.Path, collections_path: pathlib.Path) -> pathlib.Path:
    """A private data directory as AWX lays it out for a job: the project and an inventory."""
    private = tmp_path / "job"
    project = private / "project"
    project.mkdir(parents=True)
    (project / "site.yml").write_text(
        "---\n- name: Apply the desired state\n  ansible.builtin.import_playbook: eightbyeight.contact_center.apply\n",
        encoding="utf-8",
    )
    (project / "desired-state.yml").write_text(yaml.safe_dump(DESIRED, sort_keys=False), encoding="utf-8")
    (private / "inventory").mkdir()
    (private / "inventory" / "hosts").write_text("localhost ansible_connection=local\n", encoding="utf-8")
    return private


# ansible-runner starts ansible-playbook on a pty, as in AWX; this process also runs the simulator's threads.
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded, use of forkpty:DeprecationWarning")
def test_the_demo_playbook_runs_as_an_awx_job_with_injected_credentials(
    job: pathlib.Path, collections_path: pathlib.Path, sim: Simulator, control: SimulatorClient
) -> None:
    credential = {"platform": "na12", "api_url": sim.base_url, **DEMO}  # the API URL wins over the platform
    envvars = {
        # What the execution environment provides: ansible-playbook, the collection, and a Python with requests.
        "PATH": f"{pathlib.Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "ANSIBLE_COLLECTIONS_PATH": str(collections_path),
        "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
        "ANSIBLE_NOCOLOR": "1",
        **injected_environment(credential),
    }
    assert {k: v for k, v in envvars.items() if k.startswith("EIGHTBYEIGHT_CC_")} == {
        "EIGHTBYEIGHT_CC_PLATFORM": "na12",
        "EIGHTBYEIGHT_CC_API_URL": sim.base_url,
        "EIGHTBYEIGHT_CC_USERNAME": "demo",
        "EIGHTBYEIGHT_CC_DATA_TOKEN": DEMO["data_token"],
        "EIGHTBYEIGHT_CC_ACTION_TOKEN": DEMO["action_token"],
    }

    result = ansible_runner.run(
        private_data_dir=str(job),
        playbook="site.yml",
        envvars=envvars,
        extravars={"desired_state_file": "desired-state.yml"},  # relative to the project, the job's directory
        verbosity=3,  # AWX's "3 (Debug)": even then no token may show
        quiet=True,
    )
    stdout = result.stdout.read()

    assert (result.status, result.rc) == ("successful", 0), stdout
    assert "3 campaigns: 1 unchanged, 2 changed, 0 failed" in stdout
    # The campaigns are worked on concurrently: the order holds within each campaign only.
    assert sorted(writes(control)) == [(100, "RUNNING"), (103, "PAUSED"), (103, "PURGED")]
    assert [word for campaign, word in writes(control) if campaign == 103] == ["PAUSED", "PURGED"]
    assert {campaign_id: control.campaign("demo", campaign_id)["status"] for campaign_id in (100, 103, 110)} == {
        100: 3,
        103: 10,
        110: 10,
    }
    events = [event for event in result.events if event.get("event") == "runner_on_ok"]
    assert any(e["event_data"].get("task_action") == "eightbyeight.contact_center.campaign_status" for e in events)

    assert_no_token_in(job, stdout, result.events)


def assert_no_token_in(job: pathlib.Path, stdout: str, events: t.Iterable[dict[str, t.Any]]) -> None:
    """No token in a job's output, its events, or any file ansible-runner kept of it (but where it records the
    environment it was given)."""
    artifacts = sorted(path for path in (job / "artifacts").rglob("*") if path.is_file())
    assert {"stdout", "status", "rc", "command"} <= {path.name for path in artifacts}
    for path in artifacts:
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.name == "command":
            # ansible-runner's record of how it started ansible-playbook keeps the environment it was given, the
            # injected variables included (readable by its owner only; in AWX, inside the job's container). No
            # token may be anywhere else in it: not in the command line, nor under another variable.
            record = json.loads(text)
            env = {k: v for k, v in record["env"].items() if k not in INJECTED_TOKENS}
            text = json.dumps({"command": record["command"], "cwd": record["cwd"], "env": env})
        for secret in SECRETS:
            assert secret not in text, f"{secret} appears in {path.relative_to(job)}"
    for secret in SECRETS:
        assert secret not in stdout
        assert secret not in json.dumps(list(events))


class _PlaybookLoader(yaml.SafeLoader):
    """Reads a playbook's ``!unsafe`` strings as Ansible does: the text itself, never templated."""


_PlaybookLoader.add_constructor("!unsafe", lambda loader, node: loader.construct_scalar(node))


def awx_runbook() -> dict[str, t.Any]:
    """docs/examples/awx-runbook.yml: the inventory host's variables and the job templates, by playbook."""
    [play] = yaml.load((EXAMPLES / "awx-runbook.yml").read_text(encoding="utf-8"), Loader=_PlaybookLoader)
    tasks = play["tasks"]
    [host] = [task["awx.awx.host"] for task in tasks if "awx.awx.host" in task]
    templates = [task["awx.awx.job_template"] for task in tasks if "awx.awx.job_template" in task]
    return {"host": host, "templates": {template["name"]: template for template in templates}}


@pytest.fixture
def runbook_job(tmp_path: pathlib.Path) -> t.Callable[[str], pathlib.Path]:
    """A new private data directory for each job, as AWX makes one: the project of docs/examples/awx-project/ and an
    inventory holding the host of docs/examples/awx-runbook.yml, with its variables."""
    host = awx_runbook()["host"]

    def job(name: str) -> pathlib.Path:
        private = tmp_path / name
        shutil.copytree(EXAMPLES / "awx-project", private / "project")
        (private / "inventory").mkdir()
        inventory = {"all": {"hosts": {host["name"]: host["variables"]}}}
        (private / "inventory" / "hosts.yml").write_text(yaml.safe_dump(inventory), encoding="utf-8")
        return private

    return job


def artifacts_of(events: t.Iterable[dict[str, t.Any]]) -> dict[str, t.Any]:
    """What the job's set_stats kept, as AWX stores it as the job's artifacts: the artifact_data of the stats event."""
    [stats] = [event for event in events if event.get("event") == "playbook_on_stats"]
    return stats["event_data"]["artifact_data"]


@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded, use of forkpty:DeprecationWarning")
def test_the_runbook_workflow_resumes_exactly_what_its_pause_job_paused_through_the_artifact(
    runbook_job: t.Callable[[str], pathlib.Path],
    collections_path: pathlib.Path,
    sim: Simulator,
    control: SimulatorClient,
    tmp_path: pathlib.Path,
) -> None:
    """The workflow of docs/examples/awx-runbook.yml: the pause job template with its survey's answers, then (after the
    approval, which passes the artifacts on) the resume job template, given the pause job's artifact pause_snapshots as
    an extra variable, as AWX gives a workflow's later jobs the artifacts of the earlier ones."""
    templates = awx_runbook()["templates"]
    pause_template, resume_template = templates["Contact Center - pause"], templates["Contact Center - resume"]
    credential = {"platform": "na12", "api_url": sim.base_url, **DEMO}
    envvars = {
        # The execution environment: ansible-playbook and the collection; the Python that runs the modules is the one
        # the inventory's ansible_python_interpreter names, ansible-playbook's own.
        "PATH": f"{pathlib.Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "ANSIBLE_COLLECTIONS_PATH": str(collections_path),
        "ANSIBLE_NOCOLOR": "1",
        **injected_environment(credential),
        # A hold directory both jobs share (on AWX, a volume mounted into the execution environment)
        "EIGHTBYEIGHT_CC_HOLD_DIR": str(tmp_path / "holds"),
    }
    # The survey's answers, as a person types them: running among them 101 (Manual Started), 103 (Manual Running) and
    # 104 (Schedule Running); 100 is new, 108 paused, 110 purged, 105 stopped.
    survey = {"campaign_ids": "100 101 103, 104 108 110 105", "target": "localhost"}
    assert set(survey) == {q["variable"] for q in pause_template["survey_spec"]["spec"]}
    before = {
        campaign_id: control.campaign("demo", campaign_id)["status"]
        for campaign_id in (100, 101, 103, 104, 105, 108, 110)
    }

    pause_job = runbook_job("pause")
    pause = ansible_runner.run(
        private_data_dir=str(pause_job), playbook=pause_template["playbook"], envvars=envvars, extravars=survey,
        verbosity=3, quiet=True,
    )  # fmt: skip
    pause_stdout = pause.stdout.read()
    assert (pause.status, pause.rc) == ("successful", 0), pause_stdout
    # The module ran with the Python of the environment that runs ansible-playbook (-vvv shows the command).
    [python] = re.findall(r"EXEC /bin/sh -c '(\S+) \S+/AnsiballZ_campaign_pause\.py'", pause_stdout)
    assert pathlib.Path(python).parent == pathlib.Path(sys.executable).parent
    assert sorted(writes(control)) == [(101, "PAUSED"), (103, "PAUSED"), (104, "PAUSED")]
    artifacts = artifacts_of(pause.events)
    assert set(artifacts) == {"pause_snapshots", "pause_holds"}
    hold = artifacts["pause_holds"]["localhost"]
    assert (hold["campaigns"], hold["source"], hold["tenant"]) == (
        [101, 103, 104],
        "pause",
        {"api_url": sim.base_url, "username": "demo"},
    )
    assert json.loads((tmp_path / "holds" / f"{hold['id']}.json").read_text(encoding="utf-8")) == hold
    snapshot = artifacts["pause_snapshots"]["localhost"]
    assert snapshot["tenant"] == {"api_url": sim.base_url, "username": "demo"}
    assert {c["id"]: c["status"] for c in snapshot["campaigns"]} == before
    assert_no_token_in(pause_job, pause_stdout, pause.events)

    paused = len(control.log())
    resume_job = runbook_job("resume")
    resume = ansible_runner.run(
        private_data_dir=str(resume_job), playbook=resume_template["playbook"], envvars=envvars,
        extravars={**artifacts, **survey},  # the workflow's variables, and the pause job's artifacts
        verbosity=3, quiet=True,
    )  # fmt: skip
    resume_stdout = resume.stdout.read()
    assert (resume.status, resume.rc) == ("successful", 0), resume_stdout
    resumed = control.log()[paused:]
    assert sorted(writes_in(resumed)) == [(101, "RUNNING"), (103, "RUNNING"), (104, "RUNNING")]
    assert {entry["campaign"] for entry in resumed if entry["method"] == "GET"} == {101, 103, 104}, "nothing else read"
    after = {campaign_id: control.campaign("demo", campaign_id)["status"] for campaign_id in before}
    # Back to running: a campaign a person or a schedule started is now Manual Running (3), as the API starts them.
    assert after == {**before, 101: 3, 104: 3}
    assert artifacts_of(resume.events) == {}
    assert_no_token_in(resume_job, resume_stdout, resume.events)
    # The resume lifted the hold of what it brought back, so that automation may keep them running
    lifted = json.loads((tmp_path / "holds" / f"{hold['id']}.json").read_text(encoding="utf-8"))
    assert sorted(lift["id"] for lift in lifted["lifted"]) == [101, 103, 104]


def writes_in(log: list[dict[str, t.Any]]) -> list[tuple[int, str | None]]:
    """(campaign, status word) for every status change in these entries of the simulator's log (None for a write
    without one)."""
    return [(e["campaign"], (e["body"] or {}).get("status")) for e in log if e["method"] in ("POST", "PATCH")]
