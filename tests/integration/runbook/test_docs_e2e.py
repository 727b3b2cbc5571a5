# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the documentation site shows, run: the commands of the AWX-runs-locally page as they are written, and the
output blocks of the runbook page against the lines of real runs on the simulator."""

# pylint: disable=redefined-outer-name  # pytest hands fixtures in by name

from __future__ import annotations

import json
import os
import pathlib
import re
import subprocess
import sys
import typing as t

import yaml
from e2e import SECRETS, writes

from simulator import Simulator, SimulatorClient

ROOT = pathlib.Path(__file__).resolve().parents[3]
RST = ROOT / "docs" / "docsite" / "rst"


def code_blocks(path: pathlib.Path) -> list[tuple[str, str]]:
    """Each ``.. code-block::`` of an rst page, in order: (language, text without the block's indent)."""
    blocks = []
    for language, body in re.findall(r"^\.\. code-block:: (\S+)\n\n((?:   .*\n|\n)+)", path.read_text("utf-8"), re.M):
        lines = [line[3:] for line in body.rstrip("\n").split("\n")]
        blocks.append((language, "\n".join(lines) + "\n"))
    return blocks


# The AWX-runs-locally page


def stats_event(job: pathlib.Path) -> dict[str, t.Any]:
    """The one playbook_on_stats event ansible-runner kept of the one run of this private data directory."""
    [stats] = [
        event
        for path in job.glob("artifacts/*/job_events/*.json")
        if (event := json.loads(path.read_text(encoding="utf-8")))["event"] == "playbook_on_stats"
    ]
    return stats


def runner_record(job: pathlib.Path, name: str) -> str:
    [path] = job.glob(f"artifacts/*/{name}")
    return path.read_text(encoding="utf-8")


def assert_no_token_in(job: pathlib.Path, shown: str) -> None:
    """No token in what the job showed, nor in what ansible-runner kept of it, but the environment it records in
    ``command`` (readable by its owner only; in AWX, inside the job's container)."""
    for path in job.glob("artifacts/**/*"):
        if path.is_file() and path.name != "command":
            assert not any(secret in path.read_text(encoding="utf-8", errors="replace") for secret in SECRETS), path
    record = json.loads(runner_record(job, "command"))
    assert not any(secret in json.dumps(record["command"]) for secret in SECRETS)
    assert not any(secret in shown for secret in SECRETS)


def test_the_awx_local_page_runs_as_written(
    collections_path: pathlib.Path, sim: Simulator, control: SimulatorClient, tmp_path: pathlib.Path
) -> None:
    """Each console block of the page, run by bash as it is, in a directory beside the checkout's docs/; the files the
    page shows, written as they are but for the simulator's port and a hold directory of the test's own."""
    blocks = code_blocks(RST / "awx_local.rst")
    setup, pause, resume, report = [text for language, text in blocks if language == "console"]
    [inventory, envvars] = [text for language, text in blocks if language == "yaml"]
    [extravars] = [text for language, text in blocks if language == "json"]

    environment = {k: v for k, v in os.environ.items() if not k.startswith(("EIGHTBYEIGHT_CC_", "ANSIBLE_"))}
    environment.update(
        # The environment that has ansible-runner, ansible-core, requests and the collection
        PATH=f"{pathlib.Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        ANSIBLE_COLLECTIONS_PATH=str(collections_path),
    )

    def shell(script: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            ["bash", "-e", "-c", script], cwd=jobs if jobs.exists() else tmp_path, env=environment,
            capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
        return done

    jobs = tmp_path / "jobs"
    (tmp_path / "docs").symlink_to(ROOT / "docs")  # "from the root of a checkout"
    shell(setup)
    assert jobs.is_dir() and (jobs / "pause" / "project" / "pause.yml").exists()

    (jobs / "pause" / "inventory" / "hosts.yml").write_text(inventory, encoding="utf-8")
    shown_env = yaml.safe_load(envvars)
    assert (shown_env["EIGHTBYEIGHT_CC_USERNAME"], shown_env["EIGHTBYEIGHT_CC_DATA_TOKEN"]) == ("demo", SECRETS[0])
    assert shown_env["EIGHTBYEIGHT_CC_ACTION_TOKEN"] == SECRETS[1]
    holds = tmp_path / "holds"
    env_file = envvars.replace(shown_env["EIGHTBYEIGHT_CC_API_URL"], sim.base_url)
    env_file = env_file.replace(shown_env["EIGHTBYEIGHT_CC_HOLD_DIR"], str(holds))
    (jobs / "pause" / "env" / "envvars").write_text(env_file, encoding="utf-8")
    (jobs / "pause" / "env" / "extravars").write_text(extravars, encoding="utf-8")

    before = {c: control.campaign("demo", c)["status"] for c in (100, 101, 103, 104, 105, 108, 110)}
    paused = shell(pause)
    assert runner_record(jobs / "pause", "status") == "successful"
    record = json.loads(runner_record(jobs / "pause", "command"))
    assert record["cwd"] == str(jobs / "pause" / "project")
    assert record["command"] == [
        "ansible-playbook", "-i", str(jobs / "pause" / "inventory"), "-e", f"@{jobs / 'pause' / 'env' / 'extravars'}",
        "-vvv", "pause.yml",
    ]  # fmt: skip
    assert sorted(writes(control)) == [(101, "PAUSED"), (103, "PAUSED"), (104, "PAUSED")]
    artifacts = stats_event(jobs / "pause")["event_data"]["artifact_data"]
    assert set(artifacts) == {"pause_snapshots", "pause_holds"}
    assert {c["id"]: c["status"] for c in artifacts["pause_snapshots"]["localhost"]["campaigns"]} == before
    hold = artifacts["pause_holds"]["localhost"]
    assert hold["campaigns"] == [101, 103, 104] and (holds / f"{hold['id']}.json").exists()
    assert_no_token_in(jobs / "pause", paused.stdout + paused.stderr)

    count = len(control.log())
    resumed = shell(resume)
    assert runner_record(jobs / "resume", "status") == "successful"
    assert json.loads((jobs / "resume" / "env" / "extravars").read_text(encoding="utf-8")) == {
        **artifacts,
        **json.loads(extravars),
    }
    log = control.log()[count:]
    assert sorted(writes(control)[-3:]) == [(101, "RUNNING"), (103, "RUNNING"), (104, "RUNNING")]
    assert {e["campaign"] for e in log if e["method"] == "GET"} == {101, 103, 104}, "nothing else read"
    assert stats_event(jobs / "resume")["event_data"]["artifact_data"] == {}
    lifted = json.loads((holds / f"{hold['id']}.json").read_text(encoding="utf-8"))
    assert sorted(lift["id"] for lift in lifted["lifted"]) == [101, 103, 104]
    assert_no_token_in(jobs / "resume", resumed.stdout + resumed.stderr)

    count = len(control.log())
    reported = shell(report)
    assert runner_record(jobs / "report", "status") == "successful"
    assert all(e["method"] == "GET" for e in control.log()[count:])
    assert (jobs / "report" / "project" / "report-localhost.json").exists()
    assert (jobs / "report" / "project" / "report-localhost-desired-state.yml").exists()
    assert_no_token_in(jobs / "report", reported.stdout + reported.stderr)
