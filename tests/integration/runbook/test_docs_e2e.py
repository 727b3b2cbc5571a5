# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What the documentation site shows, run: the commands of the AWX-runs-locally page as they are written, and the
output blocks of the runbook page against the lines of real runs on the simulator."""

# pylint: disable=redefined-outer-name  # pytest hands fixtures in by name

from __future__ import annotations

import json
import os
import pathlib
import re
import socket
import subprocess
import sys
import typing as t

import pytest
import yaml
from e2e import SECRETS, PlaybookRun, run_playbook, writes
from fleet import demo_env

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


# The runbook page's output blocks, against real runs

PAUSE = "eightbyeight.contact_center.pause"
RESUME = "eightbyeight.contact_center.resume"
REPORT = "eightbyeight.contact_center.report"
APPLY = "eightbyeight.contact_center.apply"
SHOWN_IDS = "100 101 102 103 104 108 110"  # the page's pause: four running, a new, a paused and a purged campaign
#: What changes from run to run, in the page's lines and the real ones alike.
VOLATILE = (
    (re.compile(r"\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\b"), "<time>"),
    (re.compile(r"\bhold-\d{8}T\d{6}Z-[0-9a-f]{6}\b"), "hold-<id>"),
    (re.compile(r"\bpaused-(\w+)-\d{8}T\d{6}Z-[0-9a-f]{6}\.json\b"), r"paused-\1-<time>-<run>.json"),
)


def normal(line: str) -> str:
    for pattern, replacement in VOLATILE:
        line = pattern.sub(replacement, line)
    return line


def shown(start: str) -> list[str]:
    """The lines of the runbook page's one output block whose first line starts with ``start``, but for its "..."
    lines and the command lines ("$ ") of a console block."""
    [block] = [text for _language, text in code_blocks(RST / "runbook.rst") if text.startswith(start)]
    return [normal(line) for line in block.splitlines() if line not in ("...",) and not line.startswith("$ ")]


def real(run: PlaybookRun, tmp_path: pathlib.Path) -> list[str]:
    """The lines a run printed for people (each task's msg lines), with the page's names for the test's directory
    and this machine: /runbook and bastion."""
    lines: list[str] = []
    for entry in run.results:
        msg = entry["result"].get("msg")
        lines += msg if isinstance(msg, list) else [msg] if isinstance(msg, str) else []
    host = socket.gethostname()
    return [
        normal(line.replace(str(tmp_path.resolve()), "/runbook").replace(f" on {host} ", " on bastion "))
        for line in lines
    ]


def assert_in_order(page: list[str], run: list[str]) -> None:
    """Each line of the page is a line of the run, in the page's order."""
    rest = iter(run)
    missing = [line for line in page if not any(line == got for got in rest)]
    assert not missing, "\n".join(["not in the run, in this order:", *missing, "the run:", *run])


@pytest.fixture
def runbook(collections_path: pathlib.Path, tmp_path: pathlib.Path, sim: Simulator) -> t.Callable[..., PlaybookRun]:
    def run(playbook: str, *options: str, env: dict[str, str] | None = None) -> PlaybookRun:
        # LOGNAME: the user a journal and a hold name, as getpass finds it; the page's is alice. Ansible then asks
        # the shell for ~alice, a user this machine lacks, and would make a directory named ~alice: its temporary
        # files go to the test's directory instead.
        environment = {
            **demo_env(sim.base_url),
            "LOGNAME": "alice",
            "ANSIBLE_REMOTE_TMP": str(tmp_path / ".ansible-tmp"),
            **(env or {}),
        }
        return run_playbook(collections_path, tmp_path, playbook, *options, env=environment)

    return run


def test_the_runbook_pages_pause_hold_journal_and_second_pause_blocks_are_what_the_runs_print(
    runbook: t.Callable[..., PlaybookRun], control: SimulatorClient, tmp_path: pathlib.Path
) -> None:
    bad = runbook(PAUSE, "-e", '{"campaign_ids": "125 12a ²"}')
    assert bad.returncode != 0
    [message] = shown("campaign_ids: item")
    assert message in bad.output and control.log() == []

    incident = ("-e", '{"reason": "carrier outage", "ticket": "INC-7", "awx_job_id": 42, "awx_user_name": "bob"}')
    pause = runbook(PAUSE, "-e", f'campaign_ids="{SHOWN_IDS}"', "-e", "journal=journal.jsonl", *incident)
    assert pause.returncode == 0, pause.output
    lines = real(pause, tmp_path)
    start = lines.index("Campaigns: the 7 campaigns given")
    assert lines[start:] == shown("Campaigns: the 7 campaigns given"), "the whole of the pause's lines"

    second = runbook(PAUSE, "-e", f'campaign_ids="{SHOWN_IDS}"')
    assert second.returncode == 0, second.output
    assert_in_order(shown("Nothing was dialing"), real(second, tmp_path))

    (tmp_path / "desired-state.yml").write_text("campaigns:\n  - {id: 101, state: running}\n", encoding="utf-8")
    scheduled = runbook(APPLY, "-e", "desired_state_file=desired-state.yml")
    assert scheduled.returncode == 0, scheduled.output
    assert_in_order(shown("Hold hold-"), real(pause, tmp_path)[-2:-1] + real(scheduled, tmp_path))

    who = runbook(REPORT, "-e", "campaign_ids=101", "-e", "journal=journal.jsonl")
    assert who.returncode == 0, who.output
    assert_in_order(shown("$ ansible-playbook eightbyeight.contact_center.report"), real(who, tmp_path))

    control.set_campaign("demo", 102, status=1)  # someone starts one meanwhile
    third = runbook(PAUSE, "-e", f'campaign_ids="{SHOWN_IDS}"')
    assert third.returncode == 0, third.output
    assert_in_order(shown("The earlier snapshot"), real(third, tmp_path))


def test_the_runbook_pages_resume_report_and_refusal_blocks_are_what_the_runs_print(
    runbook: t.Callable[..., PlaybookRun], sim: Simulator, control: SimulatorClient, tmp_path: pathlib.Path
) -> None:
    pause = runbook(PAUSE, "-e", f'campaign_ids="{SHOWN_IDS}"')
    assert pause.returncode == 0, pause.output
    [snapshot] = tmp_path.glob("paused-*.json")
    resume = runbook(RESUME, "-e", f"@{snapshot}")
    assert resume.returncode == 0, resume.output
    assert_in_order(shown("campaign 100 (Spring renewal reminders): new at the snapshot"), real(resume, tmp_path))

    report = runbook(REPORT, "-e", "campaign_ids=100,103,108")
    assert report.returncode == 0, report.output
    assert_in_order(shown("ID        NAME"), real(report, tmp_path))

    # The page's refusal names two tenants on two platforms; the simulator has two tenants at one address: acme's
    # snapshot given to a run against demo, the page's names and addresses replaced by the run's.
    acme = {"EIGHTBYEIGHT_CC_USERNAME": "acme", "EIGHTBYEIGHT_CC_DATA_TOKEN": "acme-data-token"}
    acme["EIGHTBYEIGHT_CC_ACTION_TOKEN"] = "acme-action-token"
    (tmp_path / "acme").mkdir()
    acme["EIGHTBYEIGHT_CC_HOLD_DIR"] = str(tmp_path / "acme")  # acme's snapshot apart from demo's
    theirs = runbook(PAUSE, "-e", "campaign_ids=100", env=acme)
    assert theirs.returncode == 0, theirs.output
    [acme_snapshot] = (tmp_path / "acme").glob("paused-*.json")
    count = len(control.log())
    refused = runbook(RESUME, "-e", f"@{acme_snapshot}")
    assert refused.returncode != 0 and len(control.log()) == count
    page = [
        line.replace("https://vcc-na12.8x8.com", sim.base_url).replace(
            "globex at https://vcc-eu5.8x8.com", f"demo at {sim.base_url}"
        )
        for line in shown("NOTHING WAS RESUMED")
    ]
    assert all(line in normal(refused.output) for line in page), refused.output
