# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The desired_state role and the playbooks apply, campaigns, pause, resume and report, run by name with
ansible-playbook against the simulator's demo tenant; the simulator's log says what was sent."""

# pylint: disable=redefined-outer-name  # pytest hands fixtures in by name

from __future__ import annotations

import json
import pathlib
import re
import shutil
import subprocess
import sys
import typing as t

import pytest
import yaml
from e2e import DEMO, SECRETS, PlaybookRun, reads, run_playbook, writes
from fleet import DESIRED_STATE, ROOT, applied, demo_env, results_of, summary

from simulator import SimulatorClient

APPLY = "eightbyeight.contact_center.apply"
PAUSE = "eightbyeight.contact_center.pause"
RESUME = "eightbyeight.contact_center.resume"
REPORT = "eightbyeight.contact_center.report"

# demo/desired-state.yml, and what a run sends for it
DESIRED = {100: ["RUNNING"], 103: ["PAUSED", "PURGED"], 104: ["STOPPED"], 108: ["RUNNING"], 110: [], 106: []}
ALL_DEMO = [*range(100, 112), 120, 121]


@pytest.fixture
def run(collections_path: pathlib.Path, tmp_path: pathlib.Path, sim, control) -> t.Callable[..., PlaybookRun]:
    """Run a playbook from a directory of its own; the demo tenant is reached through EIGHTBYEIGHT_CC_*."""

    def run_(playbook: str, *options: str, env: dict[str, str] | None = None, connect: bool = True) -> PlaybookRun:
        environment = demo_env(sim.base_url) if connect else {}
        return run_playbook(collections_path, tmp_path, playbook, *options, env={**environment, **(env or {})})

    return run_


def sent_to(control: SimulatorClient) -> dict[int, list[str | None]]:
    """The status words applied to each campaign, in order (campaigns are worked on concurrently)."""
    sent: dict[int, list[str | None]] = {}
    for campaign, word in writes(control, applied_only=True):
        sent.setdefault(campaign, []).append(word)
    return sent


def status(control: SimulatorClient, campaign: int) -> int:
    return control.campaign("demo", campaign)["status"]


def test_apply_is_the_plan_with_check_diff_then_the_change_then_changes_nothing(run, control):
    plan = run(APPLY, "-e", f"@{DESIRED_STATE}", "--check", "--diff")
    assert plan.returncode == 0, plan.output
    assert writes(control) == []
    assert sorted(reads(control)) == sorted(DESIRED), "one GET per campaign"
    assert [(c["id"], c["transitions"]) for c in applied(plan)["campaigns"]] == list(DESIRED.items())
    assert summary(plan) == [
        "6 campaigns: 2 unchanged, 4 to change, 0 failed (check mode: the plan, nothing was sent)",
        "campaign 100 (Spring renewal reminders): would send RUNNING",
        "campaign 103 (Customer satisfaction survey): would send PAUSED, PURGED",
        "campaign 104 (Appointment confirmations): would send STOPPED",
        "campaign 108 (Abandoned cart recovery): would send RUNNING",
    ]
    headings = re.findall(r"^--- before: (.*)$", plan.output, re.MULTILINE)
    assert headings == [
        "campaign 100 (Spring renewal reminders)",
        "campaign 103 (Customer satisfaction survey)",
        "campaign 104 (Appointment confirmations)",
        "campaign 108 (Abandoned cart recovery)",
    ]

    change = run(APPLY, "-e", f"@{DESIRED_STATE}", "--diff")
    assert change.returncode == 0, change.output
    assert [(c["id"], c["transitions"]) for c in applied(change)["campaigns"]] == list(DESIRED.items()), "the plan held"
    assert sent_to(control) == {campaign: sent for campaign, sent in DESIRED.items() if sent}
    assert summary(change) == [
        "6 campaigns: 2 unchanged, 4 changed, 0 failed",
        "campaign 100 (Spring renewal reminders): sent RUNNING",
        "campaign 103 (Customer satisfaction survey): sent PAUSED, PURGED",
        "campaign 104 (Appointment confirmations): sent STOPPED",
        "campaign 108 (Abandoned cart recovery): sent RUNNING",
        "states now: 2 purged, 2 running, 2 stopped",
    ]
    assert {campaign: status(control, campaign) for campaign in DESIRED} == {
        100: 3,
        103: 10,
        104: 5,
        108: 3,
        110: 10,
        106: 6,
    }

    before = len(control.log())
    again = run(APPLY, "-e", f"@{DESIRED_STATE}")
    assert again.returncode == 0 and "changed=0" in again.output, again.output
    assert [entry["method"] for entry in control.log()[before:]] == ["GET"] * len(DESIRED)
    assert summary(again)[0] == "6 campaigns: 6 unchanged, 0 changed, 0 failed"


def test_a_file_and_the_tokens_named_by_environment_variables_with_no_token_at_vvvv(run, control, sim, tmp_path):
    (tmp_path / "desired").mkdir()
    shutil.copy(DESIRED_STATE, tmp_path / "desired" / "demo.yml")
    done = run(
        APPLY,
        "-vvvv",
        "-e",
        "desired_state_file=desired/demo.yml",
        "-e",
        f"desired_state_api_url={sim.base_url}",
        "-e",
        "desired_state_username=demo",
        "-e",
        "desired_state_data_token_env=DEMO_READS",
        "-e",
        "desired_state_action_token_env=DEMO_CHANGES",
        "-e",
        "desired_state_concurrency=2",
        "--diff",
        env={"DEMO_READS": DEMO["data_token"], "DEMO_CHANGES": DEMO["action_token"]},
        connect=False,
    )
    assert done.returncode == 0, done.output
    assert sent_to(control) == {campaign: sent for campaign, sent in DESIRED.items() if sent}
    assert not any(secret in done.output for secret in SECRETS), "no token at -vvvv"

    missing = run(
        APPLY,
        "-e",
        "desired_state_file=desired/demo.yml",
        "-e",
        f"desired_state_api_url={sim.base_url}",
        "-e",
        "desired_state_username=demo",
        "-e",
        "desired_state_data_token_env=DEMO_NOWHERE",
        connect=False,
    )
    assert missing.returncode != 0
    assert "The environment variable 'DEMO_NOWHERE' is not set" in missing.output


def test_one_campaign_failing_stops_no_other_and_fails_the_run_at_the_end(run, control, sim, tmp_path):
    # A playbook of the user's own, with the tokens as the role's variables, at the highest verbosity.
    playbook = tmp_path / "site.yml"
    playbook.write_text(
        yaml.safe_dump(
            [
                {
                    "name": "Apply",
                    "hosts": "localhost",
                    "connection": "local",
                    "gather_facts": False,
                    "vars": {
                        "desired_state_api_url": sim.base_url,
                        "desired_state_username": "demo",
                        "desired_state_data_token": DEMO["data_token"],
                        "desired_state_action_token": DEMO["action_token"],
                    },
                    "roles": [
                        {
                            "role": "eightbyeight.contact_center.desired_state",
                            "desired_state_campaigns": [
                                {"id": 103, "state": "paused"},
                                {"id": 120, "state": "running"},
                                {"id": 999, "state": "stopped"},
                                {"id": 108, "state": "purged"},
                            ],
                        }
                    ],
                }
            ]
        )
    )
    done = run(str(playbook), "-vvvv", connect=False)
    assert done.returncode != 0
    assert sent_to(control) == {103: ["PAUSED"], 108: ["PURGED"]}, "the others were changed all the same"
    lines = summary(done)
    assert lines[0] == "4 campaigns: 0 unchanged, 2 changed, 2 failed"
    assert lines[1:3] == [
        "campaign 103 (Customer satisfaction survey): sent PAUSED",
        "campaign 108 (Abandoned cart recovery): sent PURGED",
    ]
    assert lines[3].startswith(
        "failed: campaign 120 (Legacy win-back): it must become running, but the campaign is not enabled"
    )
    assert lines[4].startswith("failed: campaign 999: not found (HTTP 404")
    failure = applied(done)
    assert failure["failed"] and failure["msg"].startswith("2 of 4 campaigns failed: campaign 120 (Legacy win-back)")
    assert not any(secret in done.output for secret in SECRETS), "no token at -vvvv"


@pytest.mark.parametrize(
    "options, message",
    [
        (
            ["-e", '{"campaigns": [{"id": 103, "state": "runing"}]}'],
            "value of state must be one of: running, paused, purged, stopped, got: runing",
        ),
        (
            ["-e", '{"campaigns": [{"id": 103, "state": "paused", "name": "survey"}]}'],
            "name. Supported parameters include: id, mode, state",
        ),
        ([], "Give the desired state as desired_state_campaigns (a list of {id, state}) or as desired_state_file"),
        (["-e", "desired_state_file=missing.yml"], "cannot read the desired-state file /"),
        (
            ["-e", '{"campaigns": [{"id": 103, "state": "paused"}, {"id": 103, "state": "running"}]}'],
            "lists campaign 103 again (first as paused, then as running): give each campaign once",
        ),
    ],
)
def test_a_wrong_desired_state_fails_before_anything_is_sent(run, control, options, message):
    done = run(APPLY, *options)
    assert done.returncode != 0
    assert message in done.output, done.output
    assert control.log() == [], "nothing sent, not even a read"


def lines_of(run: PlaybookRun) -> list[str]:
    """What the runbook's module said of each campaign, as the play printed it."""
    [said] = results_of(run, "Say what became of each campaign")
    return said["msg"]


def test_pause_saves_a_snapshot_pauses_what_is_running_and_resume_restores_exactly_that(run, control, tmp_path):
    listed = [100, 101, 102, 103, 104, 105, 108, 110, 120]
    before = {campaign: status(control, campaign) for campaign in listed}
    # The campaigns of a desired-state file, whatever their states there.
    (tmp_path / "evening.yml").write_text(
        yaml.safe_dump({"campaigns": [{"id": c, "state": "running"} for c in listed]})
    )
    pause = run(PAUSE, "-e", "@evening.yml")
    assert pause.returncode == 0, pause.output
    assert sent_to(control) == {101: ["PAUSED"], 102: ["PAUSED"], 103: ["PAUSED"], 104: ["PAUSED"]}
    assert sorted(reads(control)).count(100) == 1, "each campaign read once before the pause"

    [snapshot] = tmp_path.glob("paused-localhost-*.json")
    saved = json.loads(snapshot.read_text())["pause_snapshots"]["localhost"]
    assert saved["tenant"] == {"api_url": control.base_url, "username": "demo"}
    assert [(c["id"], c["status"]) for c in saved["campaigns"]] == list(before.items())
    assert saved["failures"] == []
    lines = lines_of(pause)
    assert "campaign 101 (Overdue invoice follow-up): running, status 1 (Manual Started): paused (PAUSED)" in lines
    assert [line for line in lines if "not dialing" in line] == [
        "campaign 100 (Spring renewal reminders): new, status 0 (New): not dialing, left as it is",
        "campaign 105 (Holiday promotion): stopped, status 5 (Manual Stopped): not dialing, left as it is",
        "campaign 108 (Abandoned cart recovery): paused, status 8 (Manual Paused): not dialing, left as it is",
        "campaign 110 (Trade show prospects): purged, status 10 (Manual Purged): not dialing, left as it is",
        "campaign 120 (Legacy win-back): paused, status 8 (Manual Paused): not dialing, left as it is",
    ]
    assert (
        lines[-1]
        == f"Snapshot saved in {snapshot}; to resume: ansible-playbook eightbyeight.contact_center.resume -e @{snapshot}"
    )

    control.set_campaign("demo", 108, status=3)  # someone resumed 108 by hand meanwhile: not ours to touch
    count = len(writes(control))
    resume = run(RESUME, "-e", f"@{snapshot}")
    assert resume.returncode == 0, resume.output
    resumed = writes(control)[count:]
    assert sorted(resumed) == [(101, "RUNNING"), (102, "RUNNING"), (103, "RUNNING"), (104, "RUNNING")]
    assert "campaign 108 (Abandoned cart recovery): paused at the snapshot: left as it is" in lines_of(resume)
    # Back to running; a campaign that was started by a schedule is now Manual Running.
    assert {campaign: status(control, campaign) for campaign in listed} == {**before, 101: 3, 102: 3, 104: 3, 108: 3}


def test_pause_names_loudly_what_is_still_dialing_after_pausing_the_rest(run, control, sim, tmp_path):
    control.set_campaign("demo", 120, status=3)  # running, and disabled
    # The connection as the role's variables, the tokens among them, from a file (-vvvv shows the command line);
    # at the highest verbosity, and 103 given twice.
    (tmp_path / "connection.json").write_text(
        json.dumps(
            {
                "desired_state_api_url": sim.base_url,
                "desired_state_username": "demo",
                "desired_state_data_token": DEMO["data_token"],
                "desired_state_action_token": DEMO["action_token"],
            }
        )
    )
    pause = run(
        PAUSE,
        "-vvvv",
        "-e",
        "campaign_ids=103,120,121,999,108,103",
        "-e",
        "pause_snapshot=night.json",
        "-e",
        "@connection.json",
        connect=False,
    )
    assert pause.returncode != 0
    assert not any(secret in pause.output for secret in SECRETS), "no token at -vvvv"
    assert sent_to(control) == {103: ["PAUSED"]}
    saved = json.loads((tmp_path / "night-localhost.json").read_text())["pause_snapshots"]["localhost"]
    assert [c["id"] for c in saved["campaigns"]] == [103, 120, 121, 108]
    assert [f["id"] for f in saved["failures"]] == [999]
    [paused] = results_of(pause, "Pause every running campaign, after saving a snapshot and opening a hold")
    # The pause changed 103: the run says so; the role fails after the lines, in one line, not with the whole result
    assert paused["changed"] and not paused["failed"]
    [failed] = results_of(pause, "Fail as the module did, after the lines")
    assert failed["failed"] and failed["msg"] == paused["msg"]
    assert re.search(r"localhost +: ok=\d+ +changed=1 .*failed=1", pause.output), pause.output[-600:]
    assert paused["msg"].startswith(
        "STILL DIALING: campaign 120 (Legacy win-back) is running, and the API cannot pause it (it must become paused, "
        "but the campaign is not enabled: enable it in Configuration Manager): pause it by hand in Configuration Manager; "
        "STILL DIALING: campaign 121 (Static callback list) is running, and the API cannot pause it (it must become "
        "paused, but it is not a dynamic campaign: turn on Dynamic Campaign in Configuration Manager): pause it by hand "
        "in Configuration Manager; MAY STILL BE DIALING: campaign 999: not found (HTTP 404"
    ), paused["msg"]
    assert "MAY STILL BE DIALING: campaign 999" in "\n".join(lines_of(pause)), "the lines are printed"
    assert pause.output.index("MAY STILL BE DIALING: campaign 999") < pause.output.index("fatal:"), "lines first"


def test_report_prints_a_table_and_writes_the_report_and_a_desired_state_that_keeps_everything(run, control, tmp_path):
    done = run(REPORT, "-e", json.dumps({"campaign_ids": ALL_DEMO}))
    assert done.returncode == 0, done.output
    [table] = results_of(done, "Show the campaigns")
    assert table["msg"][0] == f"Campaigns: the {len(ALL_DEMO)} campaigns given"
    assert re.fullmatch(r"ID +NAME +STATE +STATUS", table["msg"][1])
    assert re.fullmatch(r"103 +Customer satisfaction survey +running +3 Manual Running", table["msg"][5])
    assert len(table["msg"]) == 3 + len(ALL_DEMO)

    report = json.loads((tmp_path / "report-localhost.json").read_text())
    [read] = results_of(done, "Read the campaigns and write the report")
    assert report == read["report"]
    assert report["tenant"] == {"api_url": control.base_url, "username": "demo"}
    assert [(c["id"], c["status"]) for c in report["campaigns"]] == [(c, status(control, c)) for c in ALL_DEMO]

    text = (tmp_path / "report-localhost-desired-state.yml").read_text()
    assert "#   - {id: 100, state: new}  # Spring renewal reminders" in text
    kept = yaml.safe_load(text)["campaigns"]
    assert kept == [{"id": c["id"], "state": c["state"]} for c in report["campaigns"] if c["id"] != 100]

    plan = run(APPLY, "-e", "@report-localhost-desired-state.yml", "--check")
    assert plan.returncode == 0, plan.output
    assert summary(plan) == [
        "13 campaigns: 13 unchanged, 0 to change, 0 failed (check mode: the plan, nothing was sent)"
    ]
    assert writes(control) == []


def test_rehearse_a_change_on_a_simulator_serving_the_report(run, control, tmp_path):
    report = run(REPORT, "-e", "campaign_ids=100,103,104,108,110,121")
    assert report.returncode == 0, report.output
    # The second command of the rehearsal, as README.md gives it.
    simulator = subprocess.Popen(
        [sys.executable, "-m", "simulator", "--report", str(tmp_path / "report-localhost.json"), "--quiet"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert simulator.stdout is not None
        url, admin, _data, export = (simulator.stdout.readline().strip() for _line in range(4))
        assert export.startswith("export ")
        env = dict(word.split("=", 1) for word in export.split()[1:])
        assert env["EIGHTBYEIGHT_CC_API_URL"] == url
        rehearsal = SimulatorClient(url, admin.split(": ", 1)[1])

        (tmp_path / "change.yml").write_text(
            yaml.safe_dump(
                {
                    "campaigns": [
                        {"id": 103, "state": "stopped"},
                        {"id": 108, "state": "running"},
                        {"id": 110, "state": "paused"},
                    ]
                }
            )
        )
        plan = run(APPLY, "-e", "@change.yml", "--check", "--diff", env=env)
        assert plan.returncode == 0, plan.output
        assert summary(plan)[:3] == [
            "3 campaigns: 1 unchanged, 2 to change, 0 failed (check mode: the plan, nothing was sent)",
            "campaign 103 (Customer satisfaction survey): would send STOPPED",
            "campaign 108 (Abandoned cart recovery): would send RUNNING",
        ]
        assert writes(rehearsal) == []

        change = run(APPLY, "-e", "@change.yml", env=env)
        assert change.returncode == 0, change.output
        assert sorted(writes(rehearsal, applied_only=True)) == [(103, "STOPPED"), (108, "RUNNING")]
        assert {entry["tenant"] for entry in rehearsal.log()} == {"rehearsal"}
        assert [rehearsal.campaign("rehearsal", c)["status"] for c in (103, 108, 110)] == [5, 3, 10]
    finally:
        simulator.terminate()
        simulator.wait(timeout=10)
    assert writes(control) == [], "the tenant the report came from was only read"
