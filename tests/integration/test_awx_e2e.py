# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The demo playbook run as AWX runs a job: through ansible-runner, with the credentials only in the environment.

AWX hands a job to ansible-runner with a private data directory (project, inventory, env/envvars) and puts
what a custom credential type injects into the job's environment. Here the credential type is the one the
documentation gives (docs/examples/awx-credential-type.yml), its injectors rendered with the simulator's demo
tenant; the project is a playbook that imports the collection's apply playbook and a desired-state file, as a
project in git would hold them.
"""

# pylint: disable=redefined-outer-name  # pytest hands fixtures in by name

from __future__ import annotations

import json
import os
import pathlib
import sys

import ansible_runner
import pytest
import yaml

from e2e import DEMO, SECRETS, writes
from simulator import Simulator, SimulatorClient

ROOT = pathlib.Path(__file__).resolve().parents[2]
CREDENTIAL_TYPE = ROOT / "docs" / "examples" / "awx-credential-type.yml"

INJECTED_TOKENS = ("EIGHTBYEIGHT_CC_DATA_TOKEN", "EIGHTBYEIGHT_CC_ACTION_TOKEN")
DESIRED = {"campaigns": [{"id": 100, "state": "running"}, {"id": 103, "state": "purged"}, {"id": 110, "state": "paused"}]}


def injected_environment(inputs: dict[str, str]) -> dict[str, str]:
    """The variables AWX sets from the credential type's env injectors for a credential with these inputs.

    AWX renders each injector as a Jinja template of the inputs; an input left empty renders as "".
    """
    credential_type = yaml.safe_load(CREDENTIAL_TYPE.read_text(encoding="utf-8"))
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
    credential = {"api_url": sim.base_url, **DEMO}
    envvars = {
        # What the execution environment provides: ansible-playbook, the collection, and a Python with requests.
        "PATH": f"{pathlib.Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "ANSIBLE_COLLECTIONS_PATH": str(collections_path),
        "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
        "ANSIBLE_NOCOLOR": "1",
        **injected_environment(credential),
    }
    assert {k: v for k, v in envvars.items() if k.startswith("EIGHTBYEIGHT_CC_")} == {
        "EIGHTBYEIGHT_CC_PLATFORM": "",
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
    assert writes(control) == [(100, "RUNNING"), (103, "PAUSED"), (103, "PURGED")]
    assert {campaign_id: control.campaign("demo", campaign_id)["status"] for campaign_id in (100, 103, 110)} == {
        100: 3,
        103: 10,
        110: 10,
    }
    events = [event for event in result.events if event.get("event") == "runner_on_ok"]
    assert any(e["event_data"].get("task_action") == "eightbyeight.contact_center.campaign_status" for e in events)

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
        assert secret not in json.dumps(list(result.events))
